// DSO, promise adherence and the CFO figures: the pure rules and the same figures computed from an organisation's rows.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { dailyMetrics, organisations, payments, promises } from "../../src/db/schema"
import { addDays, isoDay } from "../../src/domain/dates"
import { countbackDso, countbackMonths, salesByMonth } from "../../src/domain/dso"
import { formatShare, promiseAdherence } from "../../src/domain/promise-adherence"
import { overviewMetrics, snapshotDailyMetrics, addMonths } from "../../src/services/metrics"
import { addCustomer, addInvoice, api, browse, db, makeOrg } from "../helpers"

describe("DSO, countback method", () => {
  // Worked by hand. Today 2026-03-15; the months run (Feb 15, Mar 15] 28 days, (Jan 15, Feb 15] 31, (Dec 15, Jan 15] 31.
  // Sales: Mar 1 40,000 | Feb 15 25,000 (the last day of the middle month) + Jan 20 35,000 = 60,000 | Dec 20 80,000.
  // Open A/R 130,000 covers the newest month (28 days, 90,000 left), the middle one (31 days, 30,000 left), then
  // 30,000 / 80,000 of the oldest: 0.375 x 31 = 11.625. DSO = 28 + 31 + 11.625 = 70.6 -> 71 days.
  // (The average method would say 130,000 / 180,000 x 90 = 65.)
  const today = "2026-03-15"
  const sales = [
    { day: "2026-03-01", minor: 40_000 },
    { day: "2026-02-15", minor: 25_000 },
    { day: "2026-01-20", minor: 35_000 },
    { day: "2025-12-20", minor: 80_000 },
    { day: "2026-03-16", minor: 999_999 }, // after today: not a sale yet
  ]
  it("walks the months ending today, newest first, each from the same day of the month before", () => {
    expect(countbackMonths(today, 3)).toEqual([
      { after: "2026-02-15", through: "2026-03-15", days: 28 },
      { after: "2026-01-15", through: "2026-02-15", days: 31 },
      { after: "2025-12-15", through: "2026-01-15", days: 31 },
    ])
    expect(salesByMonth(today, sales, 3).map((m) => m.salesMinor)).toEqual([40_000, 60_000, 80_000])
    expect(countbackMonths("2026-03-31", 2).map((m) => m.after)).toEqual(["2026-02-28", "2026-01-31"])
  })
  it.each([
    [130_000, 71],
    [40_000, 28], // exactly the newest month's sales
    [20_000, 14], // half of it: 0.5 x 28
    [100_000, 59], // the newest two months exactly
    [0, 0],
  ] as const)("open A/R %i is %i days", (open, want) => {
    expect(countbackDso(open, salesByMonth(today, sales))).toBe(want)
  })
  it("counts every day of the 12 months when the A/R is older than all their sales, and is undefined with no sales", () => {
    expect(countbackDso(5_000_000, salesByMonth(today, sales))).toBe(365)
    expect(countbackDso(50_000, salesByMonth(today, []))).toBeNull()
  })
})

describe("promise adherence", () => {
  it.each([
    [3, 1, 0.75, "75%"],
    [0, 2, 0, "0%"],
    [5, 0, 1, "100%"],
    [0, 0, null, "—"],
  ] as const)("%i kept and %i broken is %s", (kept, broken, share, text) => {
    expect(promiseAdherence({ kept, broken })).toBe(share)
    expect(formatShare(share)).toBe(text)
  })
})

it("steps months across a year end", () => {
  expect([addMonths("2026-11", 2), addMonths("2026-01", -1), addMonths("2026-12", -11)]).toEqual(["2027-01", "2025-12", "2026-01"])
})

describe("overview figures from an organisation's receivables", () => {
  async function ledger() {
    const org = await makeOrg()
    const now = new Date()
    const today = isoDay(now)
    const d = db()
    await d.update(organisations).set({ baseCurrency: "USD" }).where(eq(organisations.id, org.id))
    const us = await addCustomer(org.id, { name: "US Buyer", currency: "USD" })
    const eu = await addCustomer(org.id, { name: "EU Buyer", currency: "EUR" })
    // USD sales: 100,000 this month, 150,000 last month, 50,000 the month before; open: 100,000 (current) + 50,000 (45 days late).
    const open1 = await addInvoice(org.id, us, {
      invoiceNumber: "U-1",
      amountMinor: 100_000,
      balanceMinor: 100_000,
      issueDate: addDays(today, -10),
      dueDate: addDays(today, 20),
    })
    await addInvoice(org.id, us, {
      invoiceNumber: "U-2",
      amountMinor: 50_000,
      balanceMinor: 50_000,
      issueDate: addDays(today, -75),
      dueDate: addDays(today, -45),
    })
    const paid = await addInvoice(org.id, us, {
      invoiceNumber: "U-3",
      amountMinor: 150_000,
      balanceMinor: 0,
      status: "paid",
      issueDate: addDays(today, -40),
      dueDate: addDays(today, -10),
    })
    await addInvoice(org.id, us, {
      invoiceNumber: "U-4",
      amountMinor: 999_999,
      balanceMinor: 0,
      status: "void",
      issueDate: addDays(today, -20),
    })
    await addInvoice(org.id, us, {
      invoiceNumber: "U-old",
      amountMinor: 70_000,
      balanceMinor: 0,
      status: "paid",
      issueDate: addDays(today, -200),
      dueDate: addDays(today, -170),
    })
    await addInvoice(org.id, eu, {
      invoiceNumber: "E-1",
      currency: "EUR",
      amountMinor: 80_000,
      balanceMinor: 80_000,
      issueDate: addDays(today, -5),
      dueDate: addDays(today, 25),
    })
    const pay = (
      id: string,
      invoiceId: string,
      amountMinor: number,
      currency: string,
      daysAgo: number,
      extra: Partial<typeof payments.$inferInsert> = {},
    ) =>
      d.insert(payments).values({
        id,
        orgId: org.id,
        invoiceId,
        amountMinor,
        currency,
        receivedAt: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
        source: "manual",
        createdAt: now.toISOString(),
        ...extra,
      })
    await d.batch([
      pay(`p1_${org.id}`, paid, 150_000, "USD", 5),
      pay(`p2_${org.id}`, paid, 20_000, "USD", 3, { refundedMinor: 5_000 }),
      pay(`p3_${org.id}`, paid, 30_000, "USD", 45),
      pay(`p4_${org.id}`, open1, 9_000, "EUR", 2),
      pay(`p5_${org.id}`, open1, 7_000, "USD", 1, { status: "reversed" }),
    ])
    const prom = (id: string, status: "kept" | "broken" | "open", daysAgo: number) =>
      d.insert(promises).values({
        id,
        orgId: org.id,
        invoiceId: open1,
        customerId: us,
        amountMinor: 1_000,
        currency: "USD",
        promisedDate: addDays(today, -daysAgo),
        status,
        source: "operator",
        createdAt: now.toISOString(),
      })
    await d.batch([
      prom(`k1_${org.id}`, "kept", 10),
      prom(`k2_${org.id}`, "kept", 20),
      prom(`k3_${org.id}`, "kept", 30),
      prom(`b1_${org.id}`, "broken", 5),
      prom(`b2_${org.id}`, "broken", 200),
      prom(`o1_${org.id}`, "open", -3),
    ])
    return { org, now, today }
  }

  it("computes open A/R, DSO, cash, adherence and aging in the base currency and keeps others apart", async () => {
    const { org, now } = await ledger()
    const o = await overviewMetrics(db(), org.id, now)
    expect(o.openArMinor).toBe(150_000)
    // Countback: 150,000 covers this month's 100,000 (U-1, all its days), then 50,000 of last month's 150,000 (U-3).
    const [m0, m1] = countbackMonths(isoDay(now), 2)
    const dso = Math.round(m0!.days + m1!.days / 3)
    expect(o.dsoDays).toBe(dso)
    expect(o.salesMonths.slice(0, 3).map((m) => m.salesMinor)).toEqual([100_000, 150_000, 50_000]) // void U-4 left out
    expect(o.cashCollected30dMinor).toBe(150_000 + 15_000) // refunds netted, reversed and older payments left out
    expect(o.promiseAdherence).toBe(0.75) // the broken promise of 200 days ago is outside the 90-day window
    expect(o.aging.current).toMatchObject({ invoices: 2, baseMinor: 100_000, others: [{ currency: "EUR", balanceMinor: 80_000 }] })
    expect(o.aging["31-60"]).toMatchObject({ invoices: 1, baseMinor: 50_000 })
    expect(o.currencies.map((c) => c.currency)).toEqual(["USD", "EUR"])
    expect(o.currencies[1]).toMatchObject({ openArMinor: 80_000, cashCollected30dMinor: 9_000 })

    const body = (await (await api(org, "cfo", "/api/v1/metrics/overview")).json()) as Record<string, unknown>
    expect(body).toMatchObject({
      open_ar_minor: 150_000,
      currency: "USD",
      dso_days: dso,
      cash_collected_30d_minor: 165_000,
      promise_adherence: 0.75,
    })
    expect(body.aging).toEqual({ current: 2, "1-30": 0, "31-60": 1, "61-90": 0, "90+": 0 })
  })

  it("snapshotDailyMetrics writes today's row once and rewrites it on a second run", async () => {
    const { org, now, today } = await ledger()
    await snapshotDailyMetrics(db(), org.id, now)
    await addInvoice(org.id, await addCustomer(org.id, { name: "Late Add" }), {
      invoiceNumber: "U-9",
      amountMinor: 10_000,
      balanceMinor: 10_000,
      issueDate: today,
      dueDate: addDays(today, 30),
    })
    await snapshotDailyMetrics(db(), org.id, now)
    const rows = await db()
      .select()
      .from(dailyMetrics)
      .where(and(eq(dailyMetrics.orgId, org.id), eq(dailyMetrics.day, today)))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ currency: "USD", openArMinor: 160_000, invoicesOpen: 3, cashCollectedMinor: 0 })
  })

  it("shows the figures on the CFO overview, each currency separately", async () => {
    const { org, today } = await ledger()
    const [m0, m1] = countbackMonths(today, 2)
    const res = await browse(org, "cfo", "/admin/overview")
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain("$1,500.00") // open A/R
    expect(html).toContain(`${Math.round(m0!.days + m1!.days / 3)} days`) // DSO
    expect(html).toContain("75%")
    expect(html).toContain("+ €800.00") // EUR open A/R listed, not added
    expect(html).toContain('id="data-ready"')
    expect(html).toContain("data-chart=")
  })
})
