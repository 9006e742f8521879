// The Data-Ready score: is the organisation's data good enough to let Autopilot chase invoices? Pure rules.

export type DataReadyFacts = {
  customersImported: boolean
  invoicesImported: boolean
  customers: number
  withEmail: number
  stripeConnected: boolean
  stripeTestReceivedAt: string | null
  failures24h: number
  lastDataAt: string | null
}
export type DataReadyCheck = { key: string; label: string; ok: boolean; weight: number; detail: string }
export type DataReadyResult = { score: number; status: "green" | "amber" | "red"; checks: DataReadyCheck[] }

export const COVERAGE_GREEN = 0.95
export const FRESH_DAYS = 7

const pct = (n: number) => `${(Math.floor(n * 1000) / 10).toFixed(1)}%`

/** Weights add up to 100. Green needs every check; amber from 60; red below. */
export function scoreDataReady(f: DataReadyFacts, now: Date): DataReadyResult {
  const coverage = f.customers ? f.withEmail / f.customers : 0
  const ageDays = f.lastDataAt ? (now.getTime() - Date.parse(f.lastDataAt)) / 86_400_000 : Infinity
  const checks: DataReadyCheck[] = [
    {
      key: "customers_imported",
      label: "Customers imported",
      ok: f.customersImported,
      weight: 15,
      detail: f.customersImported ? "A customer import succeeded" : "Import your customers (CSV or connector)",
    },
    {
      key: "invoices_imported",
      label: "Invoices imported",
      ok: f.invoicesImported,
      weight: 15,
      detail: f.invoicesImported ? "An invoice import succeeded" : "Import your open invoices (CSV or connector)",
    },
    {
      key: "contact_coverage",
      label: "Contact coverage ≥ 95%",
      ok: f.customers > 0 && coverage >= COVERAGE_GREEN,
      weight: 20,
      detail: f.customers
        ? `${pct(coverage)} of ${f.customers.toLocaleString("en-US")} customers have a valid contact email`
        : "No customers yet",
    },
    {
      key: "stripe_connected",
      label: "Stripe connected",
      ok: f.stripeConnected,
      weight: 15,
      detail: f.stripeConnected ? "Connected account is active" : "Connect Stripe under Admin → Connectors",
    },
    {
      key: "stripe_test",
      label: "Stripe test received",
      ok: f.stripeTestReceivedAt !== null,
      weight: 15,
      detail: f.stripeTestReceivedAt
        ? `Test webhook received ${f.stripeTestReceivedAt.slice(0, 16).replace("T", " ")} UTC`
        : "Send the test event from the Stripe connector",
    },
    {
      key: "no_errors_24h",
      label: "No webhook or sync errors (24 h)",
      ok: f.failures24h === 0,
      weight: 10,
      detail:
        f.failures24h === 0
          ? "No signature failures or sync errors in the last 24 hours"
          : `${f.failures24h} failure(s) in the last 24 hours`,
    },
    {
      key: "fresh",
      label: `Data fresh (≤ ${FRESH_DAYS} days)`,
      ok: ageDays <= FRESH_DAYS,
      weight: 10,
      detail: f.lastDataAt
        ? `Last import, sync or Stripe event ${ageDays < 1 ? "today" : `${Math.floor(ageDays)} day(s) ago`}`
        : "No data received yet",
    },
  ]
  const score = checks.reduce((n, c) => n + (c.ok ? c.weight : 0), 0)
  return { score, status: score === 100 ? "green" : score >= 60 ? "amber" : "red", checks }
}
