// The daily refresh of every customer's risk score (domain/risk-score.ts) from the organisation's payment
// behaviour; the scores and one audit entry are written in one D1 batch.
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { customerSignals, paidHistory, riskScoreUpdates, type RiskScoreRow } from "../db/payment-history"
import { addDays } from "../domain/dates"
import { scoreCustomers } from "../domain/risk-score"
import { auditInsert, systemActor } from "./audit"

/** Scores as of `now` for each customer with something to judge; the others get null (no score yet). */
export async function computeRiskScores(db: Db, orgId: string, now: Date): Promise<RiskScoreRow[]> {
  const today = nowIso(now).slice(0, 10)
  const [history, signals] = await Promise.all([paidHistory(db, orgId, addDays(today, -540)), customerSignals(db, orgId, today)])
  return scoreCustomers(history, signals, today)
}

/** Computes and stores every customer's risk score; returns how many were scored. */
export async function refreshRiskScores(db: Db, orgId: string, now = new Date()): Promise<{ scored: number; highRisk: number }> {
  const rows = await computeRiskScores(db, orgId, now)
  const scored = rows.filter((r) => r.score !== null)
  const summary = { scored: scored.length, highRisk: scored.filter((r) => r.score! < 40).length }
  const statements: BatchItem<"sqlite">[] = [
    ...riskScoreUpdates(db, orgId, rows, nowIso(now)),
    auditInsert(
      db,
      orgId,
      systemActor,
      { action: "customers.risk_scores_refreshed", subjectType: "organisation", subjectId: orgId, after: summary },
      now,
    ),
  ]
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
  return summary
}
