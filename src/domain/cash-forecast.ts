// Cash forecast: expected cash in per week from the open invoices (with a low/high band), and its backtest on history.
//
// Method (all amounts in one currency; nothing of another currency is added in):
// 1. Timing by history. The pay-date model (./paydate) gives each open invoice its customer's expected days late and
//    spread. On that standardised scale, r = (days late - expected) / spread, a Kaplan-Meier curve is fitted: paid
//    invoices are events at their residual, open invoices are censored where they stand today (not paid yet). The
//    open ones are why old invoices do not bunch: an invoice 300 days late sits where nearly every earlier payer had
//    already paid and many others never did, so the curve leaves most of its mass unpaid (beyond the forecast),
//    instead of placing it all at a fallback date.
// 2. Each open invoice's chance of arriving in week w is the curve's mass in that week, conditional on not being paid
//    by today. Expected cash in week w = sum of balance x chance.
// 3. Commitments: an open promise or an unpaid plan instalment is kept with the organisation's promise keep rate;
//    kept, its amount lands on its date (a missed instalment: today); the rest follows the history timing.
// 4. Band: each invoice arrives or not (Bernoulli), so a week's variance is sum of amount^2 x p x (1 - p). The band is
//    expected +/- 1.28 standard deviations (80%), widened by the backtest's error ratio when payments are more bunched
//    than independent invoices would be (one payer paying many invoices in one run), and never below zero.
// 5. Backtest: at a cutoff in the past the model is fitted on what was known then (paid by the cutoff, open at it),
//    forecasts the invoices open at the cutoff, and is compared week by week with when they were really paid.
//    MAPE = mean over weeks with cash of |actual - expected| / actual. The naive rival puts each invoice's whole
//    balance on its due date plus the organisation's average delay (never before the cutoff).
// Cash from invoices not issued yet is outside the forecast: it is the open A/R's collection forecast.
import { daysPastDue } from "./aging"
import { addDays } from "./dates"
import { expectedLateness, fitPayDateModel, lowerBound, naivePaymentDate, type PaidInvoice, type PayDateModel } from "./paydate"

export type ForecastInvoice = {
  customerId: string
  issueDate: string
  dueDate: string
  amountMinor: number
  balanceMinor: number
  /** Open promises not yet passed and unpaid plan instalments: what the payer committed to pay, and when. */
  commitments?: { date: string; amountMinor: number }[]
}

/** Kaplan-Meier curve on the standardised lateness scale: event positions, the mass at each, survival just before it. */
export type PayTiming = { at: number[]; mass: number[]; survivalBefore: number[]; survivalAfterLast: number }

export type ForecastWeek = { weekStart: string; expectedMinor: number; lowMinor: number; highMinor: number; sdMinor: number }

export type ForecastOptions = { keepRate: number; inflation: number }

/** Two-sided 80% band of a normal distribution: expected +/- BAND_Z standard deviations. */
export const BAND_SHARE = 0.8
export const BAND_Z = 1.2816

/** Days late from which the invoice could still be paid: today at the earliest, never before the day after issue. */
function earliestDaysLate(inv: Pick<ForecastInvoice, "issueDate" | "dueDate">, today: string): number {
  return Math.max(daysPastDue(inv.dueDate, today), daysPastDue(inv.dueDate, inv.issueDate) + 1)
}

/** Where an open invoice stands today on the standardised scale. */
function position(model: PayDateModel, inv: ForecastInvoice, today: string) {
  const { expected, spread } = expectedLateness(model, inv.customerId, inv.amountMinor)
  const earliest = earliestDaysLate(inv, today)
  return { expected, spread, earliest, r: (earliest - expected) / spread }
}

/** Fits the timing curve: the model's residuals are payments, the open invoices (as of `asOf`) are censored. */
export function fitPayTiming(model: PayDateModel, open: ForecastInvoice[], asOf: string): PayTiming {
  const events = model.residuals
  const censored = open.map((inv) => position(model, inv, asOf).r).sort((a, b) => a - b)
  let atRisk = events.length + censored.length
  let survival = 1
  const at: number[] = []
  const mass: number[] = []
  const survivalBefore: number[] = []
  let i = 0
  let j = 0
  while (i < events.length) {
    const v = events[i]!
    // An invoice still open below this point left the risk set before it (censored at the same point: still at risk).
    while (j < censored.length && censored[j]! < v) {
      atRisk--
      j++
    }
    let paid = 0
    while (i < events.length && events[i] === v) {
      paid++
      i++
    }
    const next = survival * (1 - paid / atRisk)
    at.push(v)
    survivalBefore.push(survival)
    mass.push(survival - next)
    survival = next
    atRisk -= paid
  }
  return { at, mass, survivalBefore, survivalAfterLast: survival }
}

/** The chance that the invoice is paid in each of the next `weeks` weeks (7-day weeks from `today`), judged by history. */
export function weeklyChances(model: PayDateModel, timing: PayTiming, inv: ForecastInvoice, today: string, weeks: number): number[] {
  const out = new Array<number>(weeks).fill(0)
  const { expected, spread, earliest, r } = position(model, inv, today)
  const lateToday = daysPastDue(inv.dueDate, today)
  if (timing.at.length === 0) {
    // No payment history at all: an invoice not yet due is expected on its due date; an overdue one is not forecast.
    if (lateToday <= 0 && -lateToday < weeks * 7) out[Math.floor(-lateToday / 7)] = 1
    return out
  }
  const k0 = lowerBound(timing.at, r)
  if (k0 >= timing.at.length) return out
  const before = timing.survivalBefore[k0]!
  if (before <= 0) return out
  for (let k = k0; k < timing.at.length; k++) {
    const daysLate = Math.max(earliest, Math.round(expected + spread * timing.at[k]!))
    const week = Math.floor((daysLate - lateToday) / 7)
    if (week >= weeks) break
    out[week]! += timing.mass[k]! / before
  }
  return out
}

/** Expected cash per week with its band, from the open invoices of one currency. */
export function forecastWeeks(
  model: PayDateModel,
  timing: PayTiming,
  open: ForecastInvoice[],
  today: string,
  weeks: number,
  options: ForecastOptions,
): ForecastWeek[] {
  const expected = new Array<number>(weeks).fill(0)
  const variance = new Array<number>(weeks).fill(0)
  const p = Math.min(1, Math.max(0, options.keepRate))
  for (const inv of open) {
    if (inv.balanceMinor <= 0) continue
    let left = inv.balanceMinor
    let committed = 0
    for (const c of [...(inv.commitments ?? [])].sort((a, b) => a.date.localeCompare(b.date))) {
      const amount = Math.min(left, Math.max(0, c.amountMinor))
      if (amount <= 0) continue
      left -= amount
      committed += amount
      const week = Math.floor(Math.max(0, daysPastDue(today, c.date)) / 7)
      if (week >= weeks) continue
      expected[week]! += amount * p
      variance[week]! += amount * amount * p * (1 - p)
    }
    const byHistory = left + committed * (1 - p)
    if (byHistory <= 0) continue
    weeklyChances(model, timing, inv, today, weeks).forEach((q, w) => {
      expected[w]! += byHistory * q
      variance[w]! += byHistory * byHistory * q * (1 - q)
    })
  }
  return expected.map((e, w) => {
    const sd = Math.sqrt(variance[w]!)
    const half = BAND_Z * Math.max(1, options.inflation) * sd
    return {
      weekStart: addDays(today, 7 * w),
      expectedMinor: Math.round(e),
      lowMinor: Math.max(0, Math.round(e - half)),
      highMinor: Math.round(e + half),
      sdMinor: Math.round(sd),
    }
  })
}

/** The chance that an open invoice is still unpaid `daysLate` days after its due date (1 when it already is that late). */
export function chanceStillUnpaid(model: PayDateModel, timing: PayTiming, inv: ForecastInvoice, today: string, daysLate: number): number {
  if (daysPastDue(inv.dueDate, today) >= daysLate) return 1
  if (timing.at.length === 0) return 0
  const { expected, spread, r } = position(model, inv, today)
  const survivalFrom = (x: number) => {
    const k = lowerBound(timing.at, x)
    return k < timing.at.length ? timing.survivalBefore[k]! : timing.survivalAfterLast
  }
  const now = survivalFrom(r)
  // Paid on day `daysLate` or later counts as reaching it: strictly after (daysLate - 0.5) once rounded to days.
  return now > 0 ? survivalFrom((daysLate - 0.5 - expected) / spread) / now : 0
}

/** Mean absolute percentage error over the weeks that had cash (weeks with none have no percentage); null when none did. */
export function mape(pairs: { actual: number; forecast: number }[]): number | null {
  const scored = pairs.filter((x) => x.actual > 0)
  if (scored.length === 0) return null
  return scored.reduce((s, x) => s + Math.abs(x.actual - x.forecast) / x.actual, 0) / scored.length
}

/** Weighted absolute percentage error: sum of |actual - expected| over the sum of actual cash (big weeks count more). */
export function wape(pairs: { actual: number; forecast: number }[]): number | null {
  const total = pairs.reduce((s, x) => s + x.actual, 0)
  return total > 0 ? pairs.reduce((s, x) => s + Math.abs(x.actual - x.forecast), 0) / total : null
}

/** An invoice as the backtest replays it: when it was issued, due and (if ever) paid in full. */
export type InvoiceRecord = { customerId: string; issueDate: string; dueDate: string; amountMinor: number; paidDate: string | null }

export type BacktestWeek = { weekStart: string; actualMinor: number; expectedMinor: number; naiveMinor: number; sdMinor: number }

export type Backtest = {
  cutoff: string
  weeks: BacktestWeek[]
  /** Invoices open at the cutoff (what was forecast). */
  invoices: number
  mape: number | null
  naiveMape: number | null
  wape: number | null
  naiveWape: number | null
  /** Root mean square of (actual - expected) / sd: above 1, payments bunch more than independent invoices would. */
  errorRatio: number | null
}

/** Replays the forecast from `cutoff`: fitted on what was known then, compared with when the open invoices were paid. */
export function backtestForecast(records: InvoiceRecord[], cutoff: string, weeks: number): Backtest {
  const history: PaidInvoice[] = records
    .filter((r) => r.paidDate !== null && r.paidDate <= cutoff)
    .map((r) => ({ customerId: r.customerId, dueDate: r.dueDate, paidDate: r.paidDate!, amountMinor: r.amountMinor }))
  const openAtCutoff = records.filter((r) => r.issueDate <= cutoff && (r.paidDate === null || r.paidDate > cutoff))
  const open: ForecastInvoice[] = openAtCutoff.map((r) => ({ ...r, balanceMinor: r.amountMinor }))
  const model = fitPayDateModel(history, cutoff)
  const timing = fitPayTiming(model, open, cutoff)
  const forecast = forecastWeeks(model, timing, open, cutoff, weeks, { keepRate: 1, inflation: 1 })

  const actual = new Array<number>(weeks).fill(0)
  const naive = new Array<number>(weeks).fill(0)
  for (const r of openAtCutoff) {
    if (r.paidDate) {
      const w = Math.floor(daysPastDue(cutoff, r.paidDate) / 7)
      if (w < weeks) actual[w]! += r.amountMinor
    }
    const w = Math.floor(Math.max(0, daysPastDue(cutoff, naivePaymentDate(history, cutoff, r.dueDate))) / 7)
    if (w < weeks) naive[w]! += r.amountMinor
  }
  const rows = forecast.map((f, w) => ({
    weekStart: f.weekStart,
    actualMinor: actual[w]!,
    expectedMinor: f.expectedMinor,
    naiveMinor: naive[w]!,
    sdMinor: f.sdMinor,
  }))
  const z = rows.filter((r) => r.sdMinor > 0).map((r) => ((r.actualMinor - r.expectedMinor) / r.sdMinor) ** 2)
  return {
    cutoff,
    weeks: rows,
    invoices: openAtCutoff.length,
    mape: mape(rows.map((r) => ({ actual: r.actualMinor, forecast: r.expectedMinor }))),
    naiveMape: mape(rows.map((r) => ({ actual: r.actualMinor, forecast: r.naiveMinor }))),
    wape: wape(rows.map((r) => ({ actual: r.actualMinor, forecast: r.expectedMinor }))),
    naiveWape: wape(rows.map((r) => ({ actual: r.actualMinor, forecast: r.naiveMinor }))),
    errorRatio: z.length ? Math.sqrt(z.reduce((s, x) => s + x, 0) / z.length) : null,
  }
}

/**
 * The at-risk figure replayed at `cutoff` (for its trend): fitted on what was paid by then, over the invoices open then,
 * each at its full amount (part payments before the cutoff are not in the records).
 */
export function atRiskAt(records: InvoiceRecord[], cutoff: string, daysLate: number): { atRiskMinor: number; openMinor: number } {
  const history: PaidInvoice[] = records
    .filter((r) => r.paidDate !== null && r.paidDate <= cutoff)
    .map((r) => ({ customerId: r.customerId, dueDate: r.dueDate, paidDate: r.paidDate!, amountMinor: r.amountMinor }))
  const open: ForecastInvoice[] = records
    .filter((r) => r.issueDate <= cutoff && (r.paidDate === null || r.paidDate > cutoff))
    .map((r) => ({ ...r, balanceMinor: r.amountMinor, commitments: [] }))
  const model = fitPayDateModel(history, cutoff)
  const timing = fitPayTiming(model, open, cutoff)
  const atRisk = open.reduce((s, i) => s + i.balanceMinor * chanceStillUnpaid(model, timing, i, cutoff, daysLate), 0)
  return { atRiskMinor: Math.round(atRisk), openMinor: open.reduce((s, i) => s + i.balanceMinor, 0) }
}
