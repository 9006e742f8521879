// Dispute metrics of one organisation at `now`: the rows from db, the maths in domain.
import type { Db } from "../db/client"
import { disputeMetricRows } from "../db/dispute-metrics"
import { disputeMetrics, METRICS_WINDOW_DAYS, type DisputeMetrics } from "../domain/dispute-metrics"

export async function disputeMetricsFor(db: Db, orgId: string, now: Date): Promise<DisputeMetrics> {
  const since = new Date(now.getTime() - METRICS_WINDOW_DAYS * 86_400_000).toISOString()
  const { rows, timeZone, baseCurrency } = await disputeMetricRows(db, orgId, since)
  return disputeMetrics(rows, now, timeZone, baseCurrency)
}
