// Seed part 10 (foundation): the two demo organisations, their people and API keys, Acme Demo's Stripe
// connector, ~200 customers with contacts, 1,500+ invoices over every aging bucket, a year of payments,
// promises, disputes, notes and a year of daily metrics. Globex Demo gets a small ledger for isolation tests.
import { demoActivity } from "../lib/demo-activity.mjs"
import { demoCustomers } from "../lib/demo-customers.mjs"
import { demoDailyMetrics } from "../lib/demo-metrics.mjs"
import { ACME, demoOrgRows, GLOBEX } from "../lib/demo-org.mjs"
import { demoLedger } from "../lib/demo-ledger.mjs"
import { addDays, picker } from "../lib/sql.mjs"

/** The rows of every table this part fills, before they become SQL (tests and the summary read them). */
export function rows(ctx) {
  const p = picker(ctx.rng)
  const { today, now } = ctx
  const created = `${addDays(today, -430)}T15:00:00.000Z`
  const org = demoOrgRows({ today, now })

  const acmeCustomers = demoCustomers({
    orgId: ACME,
    key: "acme",
    count: 200,
    countryWeights: [
      ["US", 55],
      ["CA", 10],
      ["GB", 12],
      ["DE", 6],
      ["FR", 5],
      ["NL", 4],
      ["IE", 3],
      ["IN", 5],
    ],
    today,
    created,
    p,
  })
  const acme = demoLedger({ orgId: ACME, key: "acme", numberPrefix: "INV-", profiles: acmeCustomers.profiles, today, spanDays: 460, p })
  const activity = demoActivity({
    orgId: ACME,
    key: "acme",
    invoices: acme.invoices,
    payments: acme.payments,
    profiles: acmeCustomers.profiles,
    today,
    p,
  })

  const globexCustomers = demoCustomers({
    orgId: GLOBEX,
    key: "globex",
    count: 6,
    countryWeights: [
      ["US", 4],
      ["CA", 1],
    ],
    today,
    created,
    p,
  })
  const globex = demoLedger({
    orgId: GLOBEX,
    key: "globex",
    numberPrefix: "GX-",
    profiles: globexCustomers.profiles,
    today,
    spanDays: 120,
    p,
  })

  const metrics = [
    ...demoDailyMetrics({ orgId: ACME, currency: "USD", invoices: acme.invoices, payments: acme.payments, today, createdAt: now }),
    ...demoDailyMetrics({
      orgId: GLOBEX,
      currency: "USD",
      invoices: globex.invoices,
      payments: globex.payments,
      today,
      days: 90,
      createdAt: now,
    }),
  ]

  return {
    organisations: org.organisations,
    users: org.users,
    memberships: org.memberships,
    api_keys: org.apiKeys,
    connectors: org.connectors,
    stripe_accounts: org.stripeAccounts,
    customers: [...acmeCustomers.customers, ...globexCustomers.customers],
    contacts: [...acmeCustomers.contacts, ...globexCustomers.contacts],
    invoices: [...acme.invoices, ...globex.invoices],
    payments: [...acme.payments, ...globex.payments],
    payment_applications: [...acme.applications, ...globex.applications],
    promises: activity.promises,
    disputes: activity.disputes,
    customer_notes: activity.notes,
    daily_metrics: metrics,
  }
}

export function build(ctx) {
  return Object.entries(rows(ctx)).flatMap(([table, list]) => ctx.insert(table, list))
}
