// GET /api/v1/metrics/forecast: weekly figures worked by hand from an organisation's rows (history, open invoices,
// a promise, another currency), the backtest, validation of weeks, every role, and no figure of another organisation.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { organisations, promises } from "../../src/db/schema"
import { addDays, isoDay } from "../../src/domain/dates"
import { roles } from "../../src/domain/roles"
import { addCustomer, addInvoice, api, call, db, makeOrg } from "../helpers"

type Forecast = {
  currency: string
  weeks: { week_start: string; expected_minor: number; low_minor: number; high_minor: number }[]
  promise_keep_rate: number
  backtest: { mape: number | null; cutoff: string; invoices: number; weeks: { actual_minor: number; expected_minor: number }[] }
}

const today = isoDay(new Date())

async function ledger() {
  const org = await makeOrg()
  const d = db()
  await d.update(organisations).set({ baseCurrency: "USD" }).where(eq(organisations.id, org.id))
  const c = await addCustomer(org.id, { name: "Pays On Time" })
  // History: four invoices each paid on its due date (0 days late, every time).
  for (const back of [30, 60, 90, 120]) {
    const due = addDays(today, -back)
    await addInvoice(org.id, c, {
      invoiceNumber: `H-${back}`,
      amountMinor: 10_000,
      balanceMinor: 0,
      status: "paid",
      issueDate: addDays(due, -30),
      dueDate: due,
      paidAt: `${due}T10:00:00.000Z`,
    })
  }
  // Open: 100,000 due in 10 days (week 2); 100,000 due in 20 days with 40,000 promised in 3 days.
  await addInvoice(org.id, c, {
    invoiceNumber: "O-1",
    balanceMinor: 100_000,
    amountMinor: 100_000,
    issueDate: addDays(today, -20),
    dueDate: addDays(today, 10),
  })
  const promised = await addInvoice(org.id, c, {
    invoiceNumber: "O-2",
    balanceMinor: 100_000,
    amountMinor: 100_000,
    issueDate: addDays(today, -10),
    dueDate: addDays(today, 20),
  })
  await d.insert(promises).values({
    id: `prm_${org.id}`,
    orgId: org.id,
    invoiceId: promised,
    customerId: c,
    amountMinor: 40_000,
    currency: "USD",
    promisedDate: addDays(today, 3),
    status: "open",
    source: "operator",
    createdAt: new Date().toISOString(),
  })
  // Another currency, never added into USD.
  await addInvoice(org.id, c, {
    invoiceNumber: "E-1",
    currency: "EUR",
    balanceMinor: 500_000,
    amountMinor: 500_000,
    issueDate: addDays(today, -25),
    dueDate: addDays(today, 5),
  })
  return org
}

describe("GET /api/v1/metrics/forecast", () => {
  it("forecasts each week from payment history, the open promise and the due dates", async () => {
    const org = await ledger()
    const res = await api(org, "cfo", "/api/v1/metrics/forecast?weeks=13")
    expect(res.status).toBe(200)
    const f = (await res.json()) as Forecast
    expect(f.currency).toBe("USD")
    expect(f.weeks).toHaveLength(13)
    expect(f.weeks.map((w) => w.week_start)).toEqual(Array.from({ length: 13 }, (_, i) => addDays(today, 7 * i)))
    // No promise has come due yet: keep rate 0.75. Week 1: 0.75 x 40,000 = 30,000. Week 2: O-1 on its due date,
    // 100,000. Week 3: O-2's remaining 60,000 plus the 10,000 of the promise expected broken = 70,000.
    expect(f.promise_keep_rate).toBe(0.75)
    expect(f.weeks.map((w) => w.expected_minor)).toEqual([30_000, 100_000, 70_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    // The promise is the only uncertain amount: sd = 40,000 x sqrt(0.75 x 0.25) = 17,321 -> band +/- 22,198.
    expect(f.weeks[0]).toMatchObject({ low_minor: 30_000 - 22_198, high_minor: 30_000 + 22_198 })
    expect(f.weeks[1]).toMatchObject({ low_minor: 100_000, high_minor: 100_000 })
    // Backtest from 13 weeks ago: only H-90 was open then (H-60 and H-30 not yet issued); expected and paid in week 1.
    expect(f.backtest.cutoff).toBe(addDays(today, -91))
    expect(f.backtest.invoices).toBe(1)
    expect(f.backtest.weeks[0]).toMatchObject({ actual_minor: 10_000, expected_minor: 10_000 })
    expect(f.backtest.mape).toBe(0)
  })

  it("forecasts another currency only when asked, on its own", async () => {
    const org = await ledger()
    const f = (await (await api(org, "controller", "/api/v1/metrics/forecast?weeks=2&currency=EUR")).json()) as Forecast
    // No EUR payment history: an invoice not yet due is expected on its due date (in 5 days).
    expect(f.currency).toBe("EUR")
    expect(f.weeks.map((w) => w.expected_minor)).toEqual([500_000, 0])
  })

  it.each(["0", "27", "abc", "1.5", "-3"])("refuses weeks=%s with a 400 that names the parameter", async (weeks) => {
    const org = await makeOrg()
    const res = await api(org, "cfo", `/api/v1/metrics/forecast?weeks=${weeks}`)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string }[] } }
    expect(body.error.code).toBe("validation_failed")
    expect(body.error.message).toContain("weeks")
    expect(body.error.details.map((x) => x.field)).toEqual(["weeks"])
  })

  it("accepts 1 and 26 weeks and defaults to 13", async () => {
    const org = await makeOrg()
    for (const [q, n] of [
      ["?weeks=1", 1],
      ["?weeks=26", 26],
      ["", 13],
    ] as const) {
      const f = (await (await api(org, "cfo", `/api/v1/metrics/forecast${q}`)).json()) as Forecast
      expect(f.weeks).toHaveLength(n)
    }
  })

  it("answers every role the same figures, and no key with 401", async () => {
    const org = await ledger()
    const bodies = await Promise.all(roles.map(async (r) => (await api(org, r, "/api/v1/metrics/forecast?weeks=4")).json()))
    for (const b of bodies) expect((b as Forecast).weeks.map((w) => w.expected_minor)).toEqual([30_000, 100_000, 70_000, 0])
    expect((await call("/api/v1/metrics/forecast")).status).toBe(401)
  })

  it("never counts another organisation's invoices", async () => {
    const a = await ledger()
    const b = await makeOrg({ name: "Tenant B" })
    await db().update(organisations).set({ baseCurrency: "USD" }).where(eq(organisations.id, b.id))
    const c = await addCustomer(b.id)
    await addInvoice(b.id, c, { balanceMinor: 7_000, amountMinor: 7_000, issueDate: addDays(today, -27), dueDate: addDays(today, 3) })
    const fb = (await (await api(b, "cfo", "/api/v1/metrics/forecast?weeks=13")).json()) as Forecast
    expect(fb.weeks.reduce((s, w) => s + w.expected_minor, 0)).toBe(7_000)
    expect(fb.weeks[0]!.expected_minor).toBe(7_000)
    const fa = (await (await api(a, "cfo", "/api/v1/metrics/forecast?weeks=13")).json()) as Forecast
    expect(fa.weeks.reduce((s, w) => s + w.expected_minor, 0)).toBe(200_000)
  })
})
