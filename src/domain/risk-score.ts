// Customer risk score 0-100 from payment behaviour, on the same scale as the customer score segments filter on:
// 100 pays reliably, below 40 is high risk (like commercial payment scores, higher is safer). It starts at 100
// and loses points for each behaviour, each loss kept as a factor in words so the number can be explained:
// usual lateness (the pay-date model's shrunk, recency-weighted days late), a worsening trend (the last 90
// days against the 9 months before), money long overdue now, broken promises (kept ones earn a little back),
// disputes, and bounced reminders. A customer with no paid invoice and no other signal has no score (null).
import { daysPastDue } from "./aging"
import { addDays } from "./dates"
import { fitPayDateModel, type PaidInvoice } from "./paydate"

export type RiskSignals = {
  /** Usual days late from the pay-date model, or null when the customer has never paid an invoice. */
  usualDaysLate: number | null
  /** Mean days late of invoices paid in the last 90 days and in the 9 months before (null when none). */
  recentDaysLate: number | null
  earlierDaysLate: number | null
  /** Days past due of the oldest open overdue invoice (0 when none). */
  oldestOverdueDays: number
  brokenPromises: number
  keptPromises: number
  disputes: number
  bounces: number
}

export type RiskFactor = {
  code: "lateness" | "trend" | "overdue" | "broken_promises" | "kept_promises" | "disputes" | "bounces"
  points: number
  message: string
}
export type RiskScore = { score: number; band: RiskBand; factors: RiskFactor[] }
export type RiskBand = "low" | "medium" | "high"

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function riskBand(score: number): RiskBand {
  return score >= 70 ? "low" : score >= 40 ? "medium" : "high"
}

export const riskBandLabels: Record<RiskBand, string> = { low: "Low risk", medium: "Medium risk", high: "High risk" }

/** The score and why, or null when there is nothing to judge yet. */
export function riskScore(s: RiskSignals): RiskScore | null {
  const anySignal = s.usualDaysLate !== null || s.oldestOverdueDays > 0 || s.brokenPromises + s.keptPromises + s.disputes + s.bounces > 0
  if (!anySignal) return null
  const factors: RiskFactor[] = []
  const add = (code: RiskFactor["code"], points: number, message: string) => {
    if (points !== 0) factors.push({ code, points: Math.round(points), message })
  }
  if (s.usualDaysLate !== null && s.usualDaysLate > 2)
    add("lateness", -Math.min(50, (s.usualDaysLate - 2) * 0.8), `usually pays ${Math.round(s.usualDaysLate)} days late`)
  if (s.recentDaysLate !== null && s.earlierDaysLate !== null && s.recentDaysLate - s.earlierDaysLate >= 5) {
    const worse = s.recentDaysLate - s.earlierDaysLate
    add("trend", -Math.min(15, worse * 0.5), `paying ${Math.round(worse)} days later than earlier in the year`)
  }
  if (s.oldestOverdueDays > 30)
    add("overdue", -Math.min(15, (s.oldestOverdueDays - 30) / 6), `an invoice ${s.oldestOverdueDays} days overdue`)
  if (s.brokenPromises > 0)
    add("broken_promises", -Math.min(24, 8 * s.brokenPromises), `${plural(s.brokenPromises, "broken promise")} in 6 months`)
  if (s.keptPromises > 0) add("kept_promises", Math.min(6, 2 * s.keptPromises), `${plural(s.keptPromises, "kept promise")} in 6 months`)
  if (s.disputes > 0) add("disputes", -Math.min(15, 5 * s.disputes), `${plural(s.disputes, "dispute")} in 12 months`)
  if (s.bounces > 0) add("bounces", -Math.min(12, 6 * s.bounces), `${plural(s.bounces, "bounced reminder")} in 90 days`)
  const score = Math.max(0, Math.min(100, 100 + factors.reduce((sum, f) => sum + f.points, 0)))
  factors.sort((a, b) => a.points - b.points)
  return { score, band: riskBand(score), factors }
}

export type CustomerSignals = Pick<RiskSignals, "oldestOverdueDays" | "brokenPromises" | "keptPromises" | "disputes" | "bounces">
const noSignals: CustomerSignals = { oldestOverdueDays: 0, brokenPromises: 0, keptPromises: 0, disputes: 0, bounces: 0 }

/** Mean days late of the invoices paid in [from, to). */
function meanLate(list: PaidInvoice[], from: string, to: string): number | null {
  const inRange = list.filter((h) => h.paidDate >= from && h.paidDate < to)
  return inRange.length ? inRange.reduce((s, h) => s + daysPastDue(h.dueDate, h.paidDate), 0) / inRange.length : null
}

/** Every customer's score as of `today` from the organisation's paid history and the other signals. */
export function scoreCustomers(
  history: PaidInvoice[],
  signals: Map<string, CustomerSignals>,
  today: string,
): { customerId: string; score: number | null; factors: RiskFactor[] | null }[] {
  const model = fitPayDateModel(history, today)
  const byCustomer = new Map<string, PaidInvoice[]>()
  for (const h of history) byCustomer.set(h.customerId, [...(byCustomer.get(h.customerId) ?? []), h])
  return [...new Set([...byCustomer.keys(), ...signals.keys()])].map((customerId) => {
    const own = byCustomer.get(customerId) ?? []
    const r = riskScore({
      usualDaysLate: model.customers.get(customerId)?.usualDaysLate ?? null,
      recentDaysLate: meanLate(own, addDays(today, -90), addDays(today, 1)),
      earlierDaysLate: meanLate(own, addDays(today, -365), addDays(today, -90)),
      ...(signals.get(customerId) ?? noSignals),
    })
    return { customerId, score: r?.score ?? null, factors: r?.factors ?? null }
  })
}
