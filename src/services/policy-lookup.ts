// Which policy governs an invoice: the published cadence version of the segment that owns it, or safe defaults.
import { and, asc, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { cadenceSteps, cadenceVersions, customers, invoices, segments } from "../db/schema"
import { activeSegments, effectiveScore } from "../db/segment-filters"
import { owningSegment } from "../domain/segment-rules"
import { isoDay } from "../domain/dates"

export type CadenceVersionRow = typeof cadenceVersions.$inferSelect
export type CadenceStepRow = typeof cadenceSteps.$inferSelect

/** The cadence version fields every caller reads, plus where they came from. `id` is null for the defaults. */
export type EffectivePolicy = Omit<CadenceVersionRow, "id" | "cadenceId" | "version" | "orgId" | "createdAt" | "status"> & {
  id: string | null
  cadenceId: string | null
  version: number | null
  status: CadenceVersionRow["status"] | null
  segmentId: string | null
  steps: CadenceStepRow[]
}

/** Used when no active segment owns the invoice or its segment has no cadence version. */
export const defaultPolicy: EffectivePolicy = {
  id: null,
  cadenceId: null,
  version: null,
  status: null,
  segmentId: null,
  quietHours: { start: "18:00", end: "08:00" },
  businessDaysOnly: true,
  maxSendsPerDay: null,
  maxTouchesPerContactWeek: 2,
  escalateAfterDays: 21,
  discountCapPercent: null,
  creditCapMinor: null,
  approvalThresholdMinor: null,
  highApprovalThresholdMinor: null,
  approverRoles: null,
  promiseMaxDays: 30,
  planMaxInstalments: 6,
  createdBy: null,
  publishedAt: null,
  publishedBy: null,
  steps: [],
}

/** The policy of the segment owning `invoiceId` (404-safe: null when the invoice is not this organisation's). */
export async function policyForInvoice(db: Db, orgId: string, invoiceId: string, now: Date = new Date()): Promise<EffectivePolicy | null> {
  const [row] = await db
    .select({
      status: invoices.status,
      dueDate: invoices.dueDate,
      balanceMinor: invoices.balanceMinor,
      currency: invoices.currency,
      industry: customers.industry,
      region: customers.region,
      score: effectiveScore,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoiceId)))
    .limit(1)
  if (!row) return null
  const ownerId = owningSegment(await activeSegments(db, orgId), row, isoDay(now))
  if (!ownerId) return defaultPolicy
  return policyForSegment(db, orgId, ownerId)
}

/** The cadence version a segment is assigned (with its steps), or the defaults when it has none. */
export async function policyForSegment(db: Db, orgId: string, segmentId: string): Promise<EffectivePolicy> {
  const [found] = await db
    .select({ version: cadenceVersions })
    .from(segments)
    .innerJoin(
      cadenceVersions,
      and(
        eq(cadenceVersions.orgId, segments.orgId),
        eq(cadenceVersions.cadenceId, segments.cadenceId),
        eq(cadenceVersions.version, segments.cadenceVersion),
      ),
    )
    .where(and(eq(segments.orgId, orgId), eq(segments.id, segmentId)))
    .limit(1)
  if (!found) return { ...defaultPolicy, segmentId }
  const steps = await db
    .select()
    .from(cadenceSteps)
    .where(and(eq(cadenceSteps.orgId, orgId), eq(cadenceSteps.versionId, found.version.id)))
    .orderBy(asc(cadenceSteps.position))
  const v = found.version
  return {
    ...v,
    escalateAfterDays: v.escalateAfterDays ?? 21,
    promiseMaxDays: v.promiseMaxDays ?? 30,
    planMaxInstalments: v.planMaxInstalments ?? 6,
    segmentId,
    steps,
  }
}
