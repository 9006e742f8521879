// Predicted payment date of an open invoice, learned from how each customer has paid before.
//
// Method (fitted per organisation from its paid invoices, as of a date; nothing paid later is seen):
// 1. Days late of each paid invoice: d = paid date - due date (negative when paid early).
// 2. Size effect: bigger invoices wait longer for approval. x = log2(amount / the customer's median amount);
//    one slope `sizeSlope` (days per doubling) is fitted across the organisation on within-customer
//    deviations, so a customer's usual level does not leak into it.
// 3. Recency: each payment weighs 0.5^(age / halfLifeDays), so a customer whose habit drifts is judged on
//    what it does now, not a year ago.
// 4. Shrinkage: a customer's usual delay is the weighted mean of (d - sizeSlope * x), pulled toward the
//    organisation's mean with strength k = within-customer variance / between-customer variance (an
//    empirical-Bayes estimate): with one or two payments it is mostly the organisation's habit, with twenty
//    it is the customer's own. Its spread is shrunk toward the organisation's spread the same way.
// 5. Bucket effect: an invoice already 70 days past due will not be paid "5 days late". The prediction is the
//    median of the customer's possible delays (usual delay + spread * each standardised residual the
//    organisation has seen) that are still possible today (at least today's days past due); the 20th and
//    80th percentiles of the same set are the low/high range.
//    When the customer's own scale leaves too few of those (an invoice far later than its habit), the
//    organisation's raw experience answers: the invoices it was paid on at least this many days late, whose
//    median and 20th/80th percentiles give the date and range (basis `late_history`). Past even that (no
//    invoice was ever paid this late) there is no honest date: basis `beyond_history`, which pages show as
//    "No estimate"; its `date` (a fortnight from today, range today to six weeks) is a placeholder for
//    callers that need a day, never a prediction.
// 6. Commitments come first: an open promise not yet passed is the date (the promised amount on that day),
//    and an active plan's unpaid instalments are their own dates.
import { daysPastDue } from "./aging"
import { addDays } from "./dates"

export type PaidInvoice = { customerId: string; dueDate: string; paidDate: string; amountMinor: number }

export type CustomerHabit = {
  /** Usual days late for an invoice of the customer's median size, after shrinkage. */
  usualDaysLate: number
  spread: number
  medianAmountMinor: number
  /** Sum of recency weights: how much of the estimate is the customer's own. */
  weight: number
  paidCount: number
}

export type PayDateModel = {
  asOf: string
  orgMeanDaysLate: number
  orgSpread: number
  sizeSlope: number
  shrinkK: number
  customers: Map<string, CustomerHabit>
  /** Standardised residuals of every paid invoice, ascending. */
  residuals: number[]
  /** Raw days late of every paid invoice, ascending (the organisation's experience of very late payers). */
  daysLate?: number[]
}

export type OpenInvoiceFacts = {
  customerId: string
  issueDate: string
  dueDate: string
  balanceMinor: number
  amountMinor?: number
  promises?: { promisedDate: string; amountMinor: number }[]
  instalments?: { dueDate: string; amountMinor: number; paidMinor: number }[]
}

export type PayDateBasis = "promise" | "plan" | "customer_history" | "organisation_history" | "late_history" | "beyond_history"

export type PayDatePrediction = { date: string; low: string; high: string; basis: PayDateBasis; usualDaysLate: number | null }

export type ExpectedReceipt = { date: string; low: string; high: string; amountMinor: number; basis: PayDateBasis }

export const payDateDefaults = { halfLifeDays: 180, minShrinkK: 1, maxShrinkK: 25, minTail: 5, beyondDays: 14 } as const

const median = (sorted: number[]) =>
  sorted.length === 0
    ? 0
    : sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2

/** Fits the model on the invoices paid on or before `asOf` (later ones are ignored, so backtests stay honest). */
export function fitPayDateModel(history: PaidInvoice[], asOf: string, halfLifeDays: number = payDateDefaults.halfLifeDays): PayDateModel {
  const seen = history.filter((h) => h.paidDate <= asOf && h.amountMinor > 0)
  const byCustomer = new Map<string, PaidInvoice[]>()
  for (const h of seen) byCustomer.set(h.customerId, [...(byCustomer.get(h.customerId) ?? []), h])

  type Row = { c: string; d: number; x: number; w: number }
  const rows: Row[] = []
  const medians = new Map<string, number>()
  for (const [c, list] of byCustomer) {
    const med = median(list.map((h) => h.amountMinor).sort((a, b) => a - b))
    medians.set(c, med)
    for (const h of list) {
      rows.push({
        c,
        d: daysPastDue(h.dueDate, h.paidDate),
        x: Math.log2(h.amountMinor / med),
        w: 0.5 ** (daysPastDue(h.paidDate, asOf) / halfLifeDays),
      })
    }
  }

  // Within-customer slope of days late on size (deviations from each customer's own means).
  const means = new Map<string, { d: number; x: number }>()
  for (const [c] of byCustomer) {
    const own = rows.filter((r) => r.c === c)
    means.set(c, { d: own.reduce((s, r) => s + r.d, 0) / own.length, x: own.reduce((s, r) => s + r.x, 0) / own.length })
  }
  let sxy = 0
  let sxx = 0
  for (const r of rows) {
    const m = means.get(r.c)!
    sxy += (r.x - m.x) * (r.d - m.d)
    sxx += (r.x - m.x) ** 2
  }
  const sizeSlope = sxx > 0 ? sxy / sxx : 0

  // Per-customer weighted level and variance of size-adjusted lateness.
  const raw = new Map<string, { level: number; variance: number; weight: number; n: number }>()
  for (const [c] of byCustomer) {
    const own = rows.filter((r) => r.c === c)
    const weight = own.reduce((s, r) => s + r.w, 0)
    const level = own.reduce((s, r) => s + r.w * (r.d - sizeSlope * r.x), 0) / weight
    const variance = own.reduce((s, r) => s + r.w * (r.d - sizeSlope * r.x - level) ** 2, 0) / weight
    raw.set(c, { level, variance, weight, n: own.length })
  }
  const all = [...raw.values()]
  const totalWeight = all.reduce((s, r) => s + r.weight, 0)
  const orgMeanDaysLate = totalWeight > 0 ? all.reduce((s, r) => s + r.weight * r.level, 0) / totalWeight : 0
  const within = totalWeight > 0 ? all.reduce((s, r) => s + r.weight * r.variance, 0) / totalWeight : 0
  const multi = all.filter((r) => r.n >= 2)
  const between =
    multi.length > 1
      ? Math.max(
          0,
          multi.reduce((s, r) => s + (r.level - orgMeanDaysLate) ** 2, 0) / (multi.length - 1) -
            within / (multi.reduce((s, r) => s + r.weight, 0) / multi.length),
        )
      : 0
  const shrinkK = Math.min(
    payDateDefaults.maxShrinkK,
    Math.max(payDateDefaults.minShrinkK, between > 0 ? within / between : payDateDefaults.maxShrinkK),
  )
  const orgSpread = Math.max(1, Math.sqrt(within))

  const customers = new Map<string, CustomerHabit>()
  for (const [c, r] of raw) {
    const usual = (r.weight * r.level + shrinkK * orgMeanDaysLate) / (r.weight + shrinkK)
    const variance = (r.weight * r.variance + shrinkK * within) / (r.weight + shrinkK)
    customers.set(c, {
      usualDaysLate: usual,
      spread: Math.max(1, Math.sqrt(variance)),
      medianAmountMinor: medians.get(c)!,
      weight: r.weight,
      paidCount: r.n,
    })
  }
  const residuals = rows.map((r) => {
    const h = customers.get(r.c)!
    return (r.d - sizeSlope * r.x - h.usualDaysLate) / h.spread
  })
  residuals.sort((a, b) => a - b)
  const daysLate = rows.map((r) => r.d).sort((a, b) => a - b)
  return { asOf, orgMeanDaysLate, orgSpread, sizeSlope, shrinkK, customers, residuals, daysLate }
}

/** First index of `sorted` whose value is >= `value`. */
export function lowerBound(sorted: number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The customer's expected days late for an invoice of this size and the spread around it (the organisation's when unknown). */
export function expectedLateness(model: PayDateModel, customerId: string, amountMinor: number): { expected: number; spread: number } {
  const habit = model.customers.get(customerId)
  const level = habit?.usualDaysLate ?? model.orgMeanDaysLate
  const size = habit && amountMinor > 0 ? model.sizeSlope * Math.log2(amountMinor / habit.medianAmountMinor) : 0
  return { expected: level + size, spread: habit?.spread ?? model.orgSpread }
}

/** When the balance (or `amountMinor` of it) should arrive judged by history alone. */
function fromHistory(model: PayDateModel, inv: OpenInvoiceFacts, today: string, amountMinor: number): PayDatePrediction {
  const habit = model.customers.get(inv.customerId)
  const { expected, spread } = expectedLateness(model, inv.customerId, amountMinor)
  // Still possible: paid today at the earliest, never before the day after issue.
  const earliest = Math.max(daysPastDue(inv.dueDate, today), daysPastDue(inv.dueDate, inv.issueDate) + 1)
  const basis: PayDateBasis = habit ? "customer_history" : "organisation_history"
  const usualDaysLate = habit ? Math.round(habit.usualDaysLate) : null
  const tail = model.residuals.slice(lowerBound(model.residuals, (earliest - expected) / spread))
  if (tail.length < payDateDefaults.minTail) {
    if (model.residuals.length === 0 && earliest <= expected) {
      const date = addDays(inv.dueDate, Math.round(expected))
      return { date, low: date, high: date, basis, usualDaysLate }
    }
    const late = (model.daysLate ?? []).slice(lowerBound(model.daysLate ?? [], earliest))
    if (late.length >= payDateDefaults.minTail) {
      const pick = (q: number) => addDays(inv.dueDate, late[Math.min(late.length - 1, Math.floor(q * late.length))]!)
      return { date: addDays(inv.dueDate, Math.round(median(late))), low: pick(0.2), high: pick(0.8), basis: "late_history", usualDaysLate }
    }
    const from = addDays(inv.dueDate, earliest)
    return {
      date: addDays(from, payDateDefaults.beyondDays),
      low: from,
      high: addDays(from, 3 * payDateDefaults.beyondDays),
      basis: "beyond_history",
      usualDaysLate,
    }
  }
  const at = (q: number) =>
    addDays(inv.dueDate, Math.max(earliest, Math.round(expected + spread * tail[Math.min(tail.length - 1, Math.floor(q * tail.length))]!)))
  return {
    date: addDays(inv.dueDate, Math.max(earliest, Math.round(expected + spread * median(tail)))),
    low: at(0.2),
    high: at(0.8),
    basis,
    usualDaysLate,
  }
}

/** The money an open invoice should bring in, and when: promised amounts, plan instalments, then the rest by history. */
export function expectedReceipts(model: PayDateModel, inv: OpenInvoiceFacts, today: string): ExpectedReceipt[] {
  if (inv.balanceMinor <= 0) return []
  const out: ExpectedReceipt[] = []
  let left = inv.balanceMinor
  const instalments = (inv.instalments ?? []).filter((i) => i.amountMinor > i.paidMinor).sort((a, b) => a.dueDate.localeCompare(b.dueDate))
  for (const i of instalments) {
    if (left <= 0) break
    const amount = Math.min(left, i.amountMinor - i.paidMinor)
    // An instalment already missed is expected soon, not on a date in the past.
    const date = i.dueDate < today ? today : i.dueDate
    out.push({ date, low: date, high: date, amountMinor: amount, basis: "plan" })
    left -= amount
  }
  const promise = (inv.promises ?? [])
    .filter((p) => p.promisedDate >= today)
    .sort((a, b) => a.promisedDate.localeCompare(b.promisedDate))[0]
  if (promise && left > 0 && instalments.length === 0) {
    const amount = Math.min(left, promise.amountMinor > 0 ? promise.amountMinor : left)
    out.push({ date: promise.promisedDate, low: promise.promisedDate, high: promise.promisedDate, amountMinor: amount, basis: "promise" })
    left -= amount
  }
  if (left > 0) {
    const h = fromHistory(model, inv, today, inv.amountMinor ?? inv.balanceMinor)
    out.push({ date: h.date, low: h.low, high: h.high, amountMinor: left, basis: h.basis })
  }
  return out
}

/** The date the whole balance should be in: the latest expected receipt. */
export function predictPaymentDate(model: PayDateModel, inv: OpenInvoiceFacts, today: string): PayDatePrediction {
  const receipts = expectedReceipts(model, inv, today)
  const habit = model.customers.get(inv.customerId)
  const usualDaysLate = habit ? Math.round(habit.usualDaysLate) : null
  if (receipts.length === 0)
    return { date: today, low: today, high: today, basis: habit ? "customer_history" : "organisation_history", usualDaysLate }
  const last = receipts.reduce((a, b) => (b.date > a.date ? b : a))
  return {
    date: last.date,
    low: receipts.reduce((m, r) => (r.low > m ? r.low : m), receipts[0]!.low),
    high: receipts.reduce((m, r) => (r.high > m ? r.high : m), receipts[0]!.high),
    basis: last.basis,
    usualDaysLate,
  }
}

/** The naive baseline the model must beat: due date plus the organisation's plain average delay. */
export function naivePaymentDate(history: PaidInvoice[], asOf: string, dueDate: string): string {
  const seen = history.filter((h) => h.paidDate <= asOf)
  const avg = seen.length ? seen.reduce((s, h) => s + daysPastDue(h.dueDate, h.paidDate), 0) / seen.length : 0
  return addDays(dueDate, Math.round(avg))
}
