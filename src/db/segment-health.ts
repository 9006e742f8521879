// The numbers behind a segment's guardrails and its Health widget: sends, bounces, disputes, reversals, promises.
import { and, count, desc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm"
import type { Filters } from "../domain/segment-rules"
import type { GuardrailMetrics } from "../domain/guardrails"
import { greenStreak } from "../domain/guardrails"
import type { Db } from "./client"
import { connectors, customers, dataReadySnapshots, disputes, emailEvents, invoices, outreach, payments, promises } from "./schema"
import { segmentWhere } from "./segment-filters"
import { previewTotals } from "./segments"
import { activeDisputeStatuses } from "../domain/dispute-status"

const DAY = 86_400_000

/** Invoices matching the filters, as a subquery of ids. */
function matchingInvoiceIds(db: Db, orgId: string, filters: Filters, today: string) {
  return db
    .select({ id: invoices.id })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today)))
}

function matchingCustomerIds(db: Db, orgId: string, filters: Filters, today: string) {
  return db
    .selectDistinct({ id: invoices.customerId })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today)))
}

export type SegmentHealth = GuardrailMetrics & { promisesKept90d: number; promisesBroken90d: number }

export async function segmentMetrics(db: Db, orgId: string, segmentId: string | null, filters: Filters, now: Date): Promise<SegmentHealth> {
  const today = now.toISOString().slice(0, 10)
  const weekAgo = new Date(now.getTime() - 7 * DAY).toISOString()
  const quarterAgo = new Date(now.getTime() - 90 * DAY).toISOString().slice(0, 10)
  const [snapshots, stripe, sends, bounces, open, pays, promiseRows] = await db.batch([
    db
      .select({ day: dataReadySnapshots.day, status: dataReadySnapshots.status })
      .from(dataReadySnapshots)
      .where(eq(dataReadySnapshots.orgId, orgId))
      .orderBy(desc(dataReadySnapshots.day))
      .limit(14),
    db
      .select({ at: connectors.testEventReceivedAt })
      .from(connectors)
      .where(and(eq(connectors.orgId, orgId), eq(connectors.kind, "stripe"), isNotNull(connectors.testEventReceivedAt)))
      .orderBy(desc(connectors.testEventReceivedAt))
      .limit(1),
    db
      .select({ n: count() })
      .from(outreach)
      .where(
        and(
          eq(outreach.orgId, orgId),
          segmentId ? eq(outreach.segmentId, segmentId) : sql`0`,
          isNotNull(outreach.sentAt),
          gte(outreach.sentAt, weekAgo),
        ),
      ),
    db
      .select({ n: count() })
      .from(emailEvents)
      .innerJoin(outreach, and(eq(outreach.orgId, emailEvents.orgId), eq(outreach.id, emailEvents.outreachId)))
      .where(
        and(
          eq(emailEvents.orgId, orgId),
          eq(emailEvents.type, "bounce"),
          gte(emailEvents.createdAt, weekAgo),
          segmentId ? eq(outreach.segmentId, segmentId) : sql`0`,
        ),
      ),
    db
      .select({ n: count() })
      .from(disputes)
      .where(
        and(
          eq(disputes.orgId, orgId),
          inArray(disputes.status, [...activeDisputeStatuses]),
          inArray(disputes.invoiceId, matchingInvoiceIds(db, orgId, filters, today)),
        ),
      ),
    db
      .select({
        total: count(),
        reversed: sql<number>`coalesce(sum(case when ${payments.status} in ('reversed', 'refunded') or ${payments.reversedAt} is not null then 1 else 0 end), 0)`,
      })
      .from(payments)
      .where(
        and(
          eq(payments.orgId, orgId),
          gte(payments.receivedAt, weekAgo),
          inArray(payments.customerId, matchingCustomerIds(db, orgId, filters, today)),
        ),
      ),
    db
      .select({ status: promises.status, n: count() })
      .from(promises)
      .where(
        and(
          eq(promises.orgId, orgId),
          gte(promises.promisedDate, quarterAgo),
          inArray(promises.customerId, matchingCustomerIds(db, orgId, filters, today)),
        ),
      )
      .groupBy(promises.status),
  ])
  const totals = await previewTotals(db, orgId, filters, today)
  const promiseCount = (s: string) => promiseRows.find((r) => r.status === s)?.n ?? 0
  return {
    greenStreakDays: greenStreak(snapshots, today),
    stripeTestEventAt: stripe[0]?.at ?? null,
    sends7d: sends[0]?.n ?? 0,
    bounces7d: bounces[0]?.n ?? 0,
    contactCoverage: totals.coverage,
    invoicesInSegment: totals.count,
    unresolvedDisputes: open[0]?.n ?? 0,
    payments7d: pays[0]?.total ?? 0,
    reversals7d: Number(pays[0]?.reversed ?? 0),
    promisesKept90d: promiseCount("kept"),
    promisesBroken90d: promiseCount("broken"),
  }
}
