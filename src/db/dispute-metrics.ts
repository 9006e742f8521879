// The dispute rows behind the dispute metrics: every unresolved dispute plus those closed or filed in the
// metrics window, with the invoice's currency, and the organisation's zone and base currency.
import { and, eq, gte, inArray, or } from "drizzle-orm"
import { activeDisputeStatuses } from "../domain/dispute-status"
import type { DisputeMetricRow } from "../domain/dispute-metrics"
import type { Db } from "./client"
import { disputes, invoices, organisations } from "./schema"

export async function disputeMetricRows(db: Db, orgId: string, sinceIso: string) {
  const [org, rows] = await db.batch([
    db
      .select({ timeZone: organisations.timeZone, baseCurrency: organisations.baseCurrency })
      .from(organisations)
      .where(eq(organisations.id, orgId))
      .limit(1),
    db
      .select({
        reason: disputes.reason,
        status: disputes.status,
        createdAt: disputes.createdAt,
        slaDueAt: disputes.slaDueAt,
        slaPausedAt: disputes.slaPausedAt,
        firstResponseAt: disputes.firstResponseAt,
        resolvedAt: disputes.resolvedAt,
        creditMinor: disputes.creditMinor,
        currency: invoices.currency,
        reopenCount: disputes.reopenCount,
      })
      .from(disputes)
      .innerJoin(invoices, and(eq(invoices.orgId, disputes.orgId), eq(invoices.id, disputes.invoiceId)))
      .where(
        and(
          eq(disputes.orgId, orgId),
          or(inArray(disputes.status, [...activeDisputeStatuses]), gte(disputes.resolvedAt, sinceIso), gte(disputes.createdAt, sinceIso)),
        ),
      ),
  ])
  return {
    timeZone: org[0]?.timeZone ?? "UTC",
    baseCurrency: org[0]?.baseCurrency ?? "USD",
    rows: rows as DisputeMetricRow[],
  }
}

export async function orgTimeZone(db: Db, orgId: string): Promise<string> {
  const [org] = await db.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, orgId)).limit(1)
  return org?.timeZone ?? "UTC"
}
