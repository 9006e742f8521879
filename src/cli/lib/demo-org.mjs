// Demo organisations, people, memberships, API keys and the Stripe connector (API.md "Development bootstrap").
import { addDays, sha256Hex } from "./sql.mjs"

export const ACME = "org_acme_demo"
export const GLOBEX = "org_globex_demo"

export const roles = ["controller", "ar_manager", "operator", "cfo", "sales", "csm", "legal", "billing_admin"]

const people = {
  controller: "Dana Whitfield",
  ar_manager: "Marcus Chen",
  operator: "Priya Raman",
  cfo: "Elena Novak",
  sales: "Jordan Blake",
  csm: "Sofia Alvarez",
  legal: "Henry Osei",
  billing_admin: "Grace Kim",
}

export function demoOrgRows({ today, now }) {
  const created = `${addDays(today, -430)}T15:00:00.000Z`
  const organisations = [
    {
      id: ACME,
      name: "Acme Demo",
      plan_tier: "growth",
      time_zone: "America/New_York",
      country: "US",
      base_currency: "USD",
      sender_name: "Acme Demo Accounts Receivable",
      created_at: created,
    },
    {
      id: GLOBEX,
      name: "Globex Demo",
      plan_tier: "starter",
      time_zone: "America/Chicago",
      country: "US",
      base_currency: "USD",
      sender_name: "Globex Billing",
      created_at: created,
    },
  ]
  const users = roles.map((role) => ({
    id: `usr_acme_${role}`,
    email: `${role}@acme-demo.example`,
    name: people[role],
    created_at: created,
  }))
  users.push({ id: "usr_globex_controller", email: "controller@globex-demo.example", name: "Omar Haddad", created_at: created })
  const memberships = roles.map((role) => ({ org_id: ACME, user_id: `usr_acme_${role}`, role, created_at: created }))
  memberships.push({ org_id: GLOBEX, user_id: "usr_globex_controller", role: "controller", created_at: created })

  const key = (id, orgId, secret, role, label) => ({
    id,
    org_id: orgId,
    name: label,
    prefix: secret.slice(0, 12),
    key_hash: sha256Hex(secret),
    role,
    created_by: null,
    created_at: created,
  })
  const apiKeys = roles.map((role) => key(`key_acme_${role}`, ACME, `plx_dev_${role}`, role, `Demo key (${role})`))
  apiKeys.push(key("key_globex_controller", GLOBEX, "plx_dev2_controller", "controller", "Demo key (controller)"))

  const connectors = [
    {
      id: "conn_acme_stripe",
      org_id: ACME,
      kind: "stripe",
      status: "active",
      account_id: "acct_plixo_demo",
      last_event_at: now,
      last_sync_at: now,
      config: { livemode: false, connected_by: "usr_acme_controller" },
      created_at: created,
      updated_at: now,
    },
  ]
  const stripeAccounts = [{ account_id: "acct_plixo_demo", org_id: ACME, created_at: created }]
  return { organisations, users, memberships, apiKeys, connectors, stripeAccounts }
}
