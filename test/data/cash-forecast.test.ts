// The cash forecast's maths, with figures worked by hand: the timing curve with open invoices censored, weekly
// chances, commitments at the keep rate, the 80% band, MAPE/WAPE and a backtest replayed from a cutoff.
import { describe, expect, it } from "vitest"
import { addDays } from "../../src/domain/dates"
import {
  backtestForecast,
  BAND_Z,
  type ForecastInvoice,
  fitPayTiming,
  forecastWeeks,
  type InvoiceRecord,
  mape,
  wape,
  weeklyChances,
} from "../../src/domain/cash-forecast"
import { type PayDateModel, predictPaymentDate } from "../../src/domain/paydate"

const today = "2026-06-01"

/** A model where an unknown customer's expected lateness is 0 days with spread 1: residuals are days late. */
function model(residuals: number[]): PayDateModel {
  return { asOf: today, orgMeanDaysLate: 0, orgSpread: 1, sizeSlope: 0, shrinkK: 1, customers: new Map(), residuals }
}

/** An open invoice `late` days past due today (issued 30 days before its due date). */
function open(late: number, balanceMinor = 100_000, commitments?: ForecastInvoice["commitments"]): ForecastInvoice {
  const dueDate = addDays(today, -late)
  return { customerId: "cus_x", issueDate: addDays(dueDate, -30), dueDate, amountMinor: balanceMinor, balanceMinor, commitments }
}

describe("timing curve", () => {
  it("splits the mass evenly over four payments when nothing is open", () => {
    const t = fitPayTiming(model([0, 7, 14, 21]), [], today)
    expect(t.at).toEqual([0, 7, 14, 21])
    expect(t.mass).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(t.survivalAfterLast).toBe(0)
  })

  it("takes an invoice still open 10 days late out of the risk set after day 10", () => {
    // n = 5 at day 0: S = 4/5; n = 4 at day 7: S = 3/5; the open one leaves; n = 2 at day 14: S = 3/10; day 21: S = 0.
    const m = model([0, 7, 14, 21])
    const t = fitPayTiming(m, [open(10)], today)
    expect(t.mass.map((x) => +x.toFixed(10))).toEqual([0.2, 0.2, 0.3, 0.3])
    // That invoice itself: paid at day 14 (4 days from now) or day 21 (11 days), each with (3/10) / (6/10) = 1/2.
    expect(weeklyChances(m, t, open(10), today, 4).map((x) => +x.toFixed(10))).toEqual([0.5, 0.5, 0, 0])
  })

  it("counts half an invoice whose look-alikes stayed unpaid, and nothing past every payment seen", () => {
    // Events 0, 7, 14, 21; open at 15, 15 and 30 days. S: 6/7, 5/7, 4/7; at day 21 two are at risk: S = 2/7.
    const m = model([0, 7, 14, 21])
    const t = fitPayTiming(m, [open(15), open(15), open(30)], today)
    expect(t.survivalAfterLast).toBeCloseTo(2 / 7, 10)
    expect(weeklyChances(m, t, open(15), today, 4)[0]).toBeCloseTo(0.5, 10)
    expect(weeklyChances(m, t, open(15), today, 4).slice(1)).toEqual([0, 0, 0])
    expect(weeklyChances(m, t, open(30), today, 4)).toEqual([0, 0, 0, 0])
  })

  it("does not bunch never-paid invoices at the pay-date model's fallback date", () => {
    const m = model(Array.from({ length: 40 }, (_, i) => i))
    const stuck = Array.from({ length: 10 }, (_, i) => open(200 + i * 10, 50_000))
    const t = fitPayTiming(m, stuck, today)
    // The point prediction falls back to a fortnight from today for each of them ...
    expect(predictPaymentDate(m, stuck[0]!, today)).toMatchObject({ basis: "beyond_history", date: addDays(today, 14) })
    // ... but the forecast expects none of that money in the next 13 weeks.
    const weeks = forecastWeeks(m, t, stuck, today, 13, { keepRate: 1, inflation: 1 })
    expect(weeks.reduce((s, w) => s + w.expectedMinor, 0)).toBe(0)
    expect(weeks.every((w) => w.highMinor === 0)).toBe(true)
  })
})

describe("weekly forecast", () => {
  const m = model([0, 7, 14, 21])
  const t = fitPayTiming(m, [], today)

  it("spreads an invoice due today over four weeks with an 80% band from its variance", () => {
    const weeks = forecastWeeks(m, t, [open(0)], today, 5, { keepRate: 1, inflation: 1 })
    // sd = 100,000 x sqrt(0.25 x 0.75) = 43,301; half band 1.2816 x 43,301 = 55,495.
    expect(weeks.map((w) => w.weekStart)).toEqual(["2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22", "2026-06-29"])
    expect(weeks.map((w) => w.expectedMinor)).toEqual([25_000, 25_000, 25_000, 25_000, 0])
    expect(weeks[0]).toMatchObject({ sdMinor: 43_301, lowMinor: 0, highMinor: 80_495 })
    expect(weeks[4]).toMatchObject({ lowMinor: 0, highMinor: 0 })
    expect(BAND_Z).toBe(1.2816)
  })

  it("widens the band by the backtest's error ratio", () => {
    const [w] = forecastWeeks(m, t, [open(0)], today, 1, { keepRate: 1, inflation: 2 })
    expect(w!.highMinor).toBe(Math.round(25_000 + 2 * 1.2816 * 100_000 * Math.sqrt(0.1875)))
  })

  it("lands a promise on its date at the keep rate and leaves the rest to history", () => {
    // 40,000 promised in 10 days, kept 80% of the time: 32,000 in week 2; history carries 60,000 + 8,000 = 68,000.
    const inv = open(0, 100_000, [{ date: addDays(today, 10), amountMinor: 40_000 }])
    const weeks = forecastWeeks(m, t, [inv], today, 4, { keepRate: 0.8, inflation: 1 })
    expect(weeks.map((w) => w.expectedMinor)).toEqual([17_000, 49_000, 17_000, 17_000])
    // Week 2: 40,000^2 x 0.8 x 0.2 + 68,000^2 x 0.1875 = 1.123e9 -> sd 33,511.
    expect(weeks[1]!.sdMinor).toBe(33_511)
    expect(weeks[0]!.sdMinor).toBe(29_445)
  })

  it("expects a missed instalment this week and never more than the balance", () => {
    const inv = open(5, 30_000, [
      { date: addDays(today, -3), amountMinor: 20_000 },
      { date: addDays(today, 25), amountMinor: 20_000 },
    ])
    const weeks = forecastWeeks(m, t, [inv], today, 4, { keepRate: 1, inflation: 1 })
    expect(weeks.map((w) => w.expectedMinor)).toEqual([20_000, 0, 0, 10_000])
  })
})

describe("forecast error", () => {
  it("MAPE skips weeks without cash; WAPE weighs by cash", () => {
    const pairs = [
      { actual: 100, forecast: 110 },
      { actual: 200, forecast: 150 },
      { actual: 0, forecast: 50 },
    ]
    expect(mape(pairs)).toBeCloseTo(0.175, 10)
    expect(wape(pairs)).toBeCloseTo(110 / 300, 10)
    expect(mape([{ actual: 0, forecast: 5 }])).toBeNull()
  })
})

describe("backtest", () => {
  it("forecasts the invoices open at the cutoff from what was known then and scores them against their payments", () => {
    const paidOnDue = (n: number): InvoiceRecord => {
      const due = addDays(today, -10 * n)
      return { customerId: "cus_a", issueDate: addDays(due, -30), dueDate: due, amountMinor: 10_000, paidDate: due }
    }
    const inv = (due: string, amountMinor: number, paidDate: string | null): InvoiceRecord => ({
      customerId: "cus_a",
      issueDate: addDays(due, -30),
      dueDate: due,
      amountMinor,
      paidDate,
    })
    const records = [
      ...[1, 2, 3, 4].map(paidOnDue),
      inv("2026-06-05", 50_000, "2026-06-05"), // week 1, as expected
      inv("2026-06-20", 30_000, "2026-06-29"), // expected in week 3, paid in week 5
      inv("2026-06-10", 20_000, null), // expected in week 2, never paid
      inv("2026-08-01", 99_000, "2026-08-01"), // issued after the cutoff: not part of the forecast
    ]
    const bt = backtestForecast(records, today, 5)
    expect(bt.invoices).toBe(3)
    expect(bt.weeks.map((w) => w.expectedMinor)).toEqual([50_000, 20_000, 30_000, 0, 0])
    expect(bt.weeks.map((w) => w.actualMinor)).toEqual([50_000, 0, 0, 0, 30_000])
    expect(bt.weeks.map((w) => w.naiveMinor)).toEqual([50_000, 20_000, 30_000, 0, 0])
    // Weeks with cash: week 1 exact (0), week 5 missed entirely (1): MAPE 0.5; WAPE (20,000 + 30,000 + 30,000) / 80,000.
    expect(bt.mape).toBe(0.5)
    expect(bt.wape).toBe(1)
  })
})
