// The demo seed: deterministic, idempotent (applied twice, nothing changes), rich enough for every page, and its
// API keys and organisations behave like any other tenant. The SQL is the same text `npm run seed` gives wrangler.
import { env } from "cloudflare:workers"
import { describe, expect, it } from "vitest"
import { agingBucket } from "../../src/domain/aging"
import { isoDay } from "../../src/domain/dates"
import { build, rows } from "../../src/cli/seed/10-base.mjs"
import { insert, q, seededRandom, seedFromName } from "../../src/cli/lib/sql.mjs"
import { call } from "../helpers"

const now = new Date()
const ctx = () => ({ today: isoDay(now), now: now.toISOString(), rng: seededRandom(seedFromName("10-base.mjs")), q, insert })

const tables = [
  "organisations",
  "users",
  "memberships",
  "api_keys",
  "connectors",
  "stripe_accounts",
  "customers",
  "contacts",
  "invoices",
  "payments",
  "payment_applications",
  "promises",
  "disputes",
  "customer_notes",
  "daily_metrics",
]

async function snapshot() {
  const out: Record<string, unknown> = {}
  for (const t of tables) out[t] = await env.DB.prepare(`select count(*) as n from ${t}`).first("n")
  out.balances = await env.DB.prepare("select sum(balance_minor) as s from invoices").first("s")
  out.paid = await env.DB.prepare("select sum(amount_minor) as s from payments").first("s")
  return out
}

async function apply(statements: string[]) {
  for (const sql of statements) await env.DB.prepare(sql).run()
}

const bearer = (key: string, path: string) => call(path, { headers: { Authorization: `Bearer ${key}` } })

describe("demo seed", () => {
  it("builds the same SQL twice from the same clock", () => {
    expect(build(ctx())).toEqual(build(ctx()))
  })

  it("changes nothing when applied a second time", async () => {
    await apply(build(ctx()))
    const first = await snapshot()
    await apply(build(ctx()))
    expect(await snapshot()).toEqual(first)
    expect(first.invoices).toBeGreaterThanOrEqual(1500)
  })

  it("fills every aging bucket, pays most invoices, voids a few and covers about 92% of customers with contacts", () => {
    const r = rows(ctx())
    const today = isoDay(now)
    const acme = r.invoices.filter((i: { org_id: string }) => i.org_id === "org_acme_demo")
    const buckets = new Set(
      acme.filter((i: { status: string }) => i.status === "open").map((i: { due_date: string }) => agingBucket(i.due_date, today)),
    )
    expect([...buckets].sort()).toEqual(["1-30", "31-60", "61-90", "90+", "current"])
    expect(acme.some((i: { status: string }) => i.status === "void")).toBe(true)
    expect(
      acme.some(
        (i: { status: string; balance_minor: number; amount_minor: number }) => i.status === "open" && i.balance_minor < i.amount_minor,
      ),
    ).toBe(true)
    const customers = r.customers.filter((c: { org_id: string }) => c.org_id === "org_acme_demo")
    expect(customers).toHaveLength(200)
    const withContact = new Set(r.contacts.map((c: { customer_id: string }) => c.customer_id))
    const coverage = customers.filter((c: { id: string }) => withContact.has(c.id)).length / customers.length
    expect(coverage).toBeGreaterThan(0.88)
    expect(coverage).toBeLessThan(0.97)
    expect(new Set(customers.map((c: { currency: string }) => c.currency))).toEqual(new Set(["USD", "EUR", "GBP", "CAD"]))
    for (const tz of ["Europe/London", "Asia/Kolkata", "America/Los_Angeles"])
      expect(
        customers.some((c: { time_zone: string }) => c.time_zone === tz),
        tz,
      ).toBe(true)
    expect(new Set(r.promises.map((p: { status: string }) => p.status))).toEqual(new Set(["open", "kept", "broken", "cancelled"]))
    expect(r.daily_metrics.filter((m: { org_id: string }) => m.org_id === "org_acme_demo").length).toBeGreaterThanOrEqual(365)
    // Every payment is applied to one invoice of the same organisation and currency; paid invoices are fully paid.
    const invoiceById = new Map<string, { org_id: string; currency: string }>(r.invoices.map((i) => [i.id, i]))
    const paidTo = new Map<string, number>()
    for (const p of r.payments as { invoice_id: string; org_id: string; currency: string; amount_minor: number }[]) {
      const inv = invoiceById.get(p.invoice_id)!
      expect(inv.org_id).toBe(p.org_id)
      expect(inv.currency).toBe(p.currency)
      paidTo.set(p.invoice_id, (paidTo.get(p.invoice_id) ?? 0) + p.amount_minor)
    }
    for (const i of acme as { id: string; status: string; amount_minor: number; balance_minor: number }[]) {
      if (i.status !== "void") expect(i.amount_minor - (paidTo.get(i.id) ?? 0)).toBe(i.balance_minor)
    }
  })

  it("gives each demo key its organisation and role, and keeps the two organisations apart", async () => {
    await apply(build(ctx()))
    const me = (await (await bearer("plx_dev_ar_manager", "/api/v1/me")).json()) as { organisation: { id: string }; role: string }
    expect(me).toMatchObject({ organisation: { id: "org_acme_demo" }, role: "ar_manager" })
    const globex = (await (await bearer("plx_dev2_controller", "/api/v1/me")).json()) as { organisation: { id: string } }
    expect(globex.organisation.id).toBe("org_globex_demo")

    const r = rows(ctx())
    const acmeIds = r.invoices.filter((i: { org_id: string }) => i.org_id === "org_acme_demo").map((i: { id: string }) => i.id)
    const globexInvoices = r.invoices.filter((i: { org_id: string }) => i.org_id === "org_globex_demo").map((i: { id: string }) => i.id)
    const globexCustomers = r.customers.filter((c: { org_id: string }) => c.org_id === "org_globex_demo").map((c: { id: string }) => c.id)
    for (const id of globexInvoices) expect((await bearer("plx_dev_controller", `/api/v1/invoices/${id}`)).status, id).toBe(404)
    for (const id of globexCustomers) expect((await bearer("plx_dev_controller", `/api/v1/customers/${id}`)).status, id).toBe(404)
    for (const id of [...acmeIds.slice(0, 25), ...acmeIds.slice(-25), "cus_acme_0001", "cus_acme_0200"]) {
      const kind = id.startsWith("inv_") ? "invoices" : "customers"
      expect((await bearer("plx_dev2_controller", `/api/v1/${kind}/${id}`)).status, id).toBe(404)
    }
    const list = (await (await bearer("plx_dev2_controller", "/api/v1/invoices?limit=200")).json()) as { data: { id: string }[] }
    expect(list.data.length).toBe(globexInvoices.length)
  })
})
