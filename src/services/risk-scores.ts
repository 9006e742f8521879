// The daily refresh of every customer's risk score (domain/risk-score.ts) from the organisation's payment
// behaviour; the scores and one audit entry are written in one D1 batch.
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { customerSignals, paidHistory, riskScoreUpdates, type RiskScoreRow } from "../db/payment-history"
import { addDays, daysPastDue } from "../domain/aging"
import { fitPayDateModel, type PaidInvoice } from "../domain/paydate"
import { riskScore } from "../domain/risk-score"
import { auditInsert, systemActor } from "./audit"

/** Mean days late of the invoices paid in [from, to). */
function meanLate(list: PaidInvoice[], from: string, to: string): number | null {
  const inRange = list.filter((h) => h.paidDate >= from && h.paidDate < to)
  return inRange.length ? inRange.reduce((s, h) => s + daysPastDue(h.dueDate, h.paidDate), 0) / inRange.length : null
}

/** Scores as of `now` for each customer with something to judge; the others get null (no score yet). */
export async function computeRiskScores(db: Db, orgId: string, now: Date): Promise<RiskScoreRow[]> {
  const today = nowIso(now).slice(0, 10)
  const [history, signals] = await Promise.all([paidHistory(db, orgId, addDays(today, -540)), customerSignals(db, orgId, today)])
  const model = fitPayDateModel(history, today)
  const byCustomer = new Map<string, PaidInvoice[]>()
  for (const h of history) byCustomer.set(h.customerId, [...(byCustomer.get(h.customerId) ?? []), h])
  const ids = new Set([...byCustomer.keys(), ...signals.keys()])
  return [...ids].map((customerId) => {
    const own = byCustomer.get(customerId) ?? []
    const s = signals.get(customerId) ?? { oldestOverdueDays: 0, brokenPromises: 0, keptPromises: 0, disputes: 0, bounces: 0 }
    const r = riskScore({
      usualDaysLate: model.customers.get(customerId)?.usualDaysLate ?? null,
      recentDaysLate: meanLate(own, addDays(today, -90), addDays(today, 1)),
      earlierDaysLate: meanLate(own, addDays(today, -365), addDays(today, -90)),
      ...s,
    })
    return { customerId, score: r?.score ?? null, factors: r?.factors ?? null }
  })
}

/** Computes and stores every customer's risk score; returns how many were scored. */
export async function refreshRiskScores(db: Db, orgId: string, now = new Date()): Promise<{ scored: number; highRisk: number }> {
  const rows = await computeRiskScores(db, orgId, now)
  const scored = rows.filter((r) => r.score !== null)
  const summary = { scored: scored.length, highRisk: scored.filter((r) => r.score! < 40).length }
  const statements: BatchItem<"sqlite">[] = [
    ...riskScoreUpdates(db, orgId, rows, nowIso(now)),
    auditInsert(db, orgId, systemActor, { action: "customers.risk_scores_refreshed", subjectType: "organisation", subjectId: orgId, after: summary }, now),
  ]
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
  return summary
}
