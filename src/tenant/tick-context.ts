// What a tick needs to know before it looks at invoices: the organisation, switches, segments and their cadences.
import { and, asc, eq, inArray, sql } from "drizzle-orm"
import type { Db } from "../db/client"
import { cadenceSteps, cadenceVersions, opsState, organisations, segments, sendingDomains } from "../db/schema"
import type { CadenceStep } from "../domain/cadence-schedule"
import { defaultQuietHours, type QuietWindow } from "../domain/send-window"
import { effectiveTier } from "../domain/plan-tiers"
import type { DomainStatus, OrgSettings } from "../domain/org-settings"
import { defaultTouchesPerContactWeek, orgDailyCapByPlan, warmupCap } from "../domain/send-caps"
import type { OwnerCandidate } from "../domain/segment-rules"
import type { Filters } from "../domain/segment-rules"

export type SegmentPlan = {
  id: string
  name: string
  /** Drafts of a paused or draft segment keep its caps and calendar, but may only go as an audited override. */
  status: "draft" | "active" | "paused"
  mode: "shadow" | "autopilot"
  sendCapPerDay: number | null
  versionId: string | null
  quietHours: QuietWindow
  businessDaysOnly: boolean
  touchesPerContactWeek: number
  escalateAfterDays: number | null
  steps: CadenceStep[]
}

export type TickContext = {
  org: {
    id: string
    name: string
    timeZone: string
    country: string
    planTier: string
    maintenance: boolean
    autopilotPaused: boolean
    autopilotPausedReason: string | null
  }
  /** What the sender identity (domain/org-settings.ts) is made of; delivery adds the deployment's shared From. */
  sender: { settings: OrgSettings; domains: DomainStatus[] }
  globalMaintenance: boolean
  candidates: OwnerCandidate[]
  segments: Map<string, SegmentPlan>
  orgDayCap: number
  domainDayCap: number | null
}

/** Loads everything about the organisation a tick or an approval needs, in one round trip. */
export async function loadTickContext(db: Db, orgId: string, now: Date): Promise<TickContext | null> {
  const [orgRows, opsRows, segmentRows, domainRows, versionRows] = await db.batch([
    db.select().from(organisations).where(eq(organisations.id, orgId)).limit(1),
    db.select().from(opsState).where(eq(opsState.key, "maintenance")),
    // Every segment, not only active ones: a draft of a paused segment is judged with that segment's caps and calendar.
    db.select().from(segments).where(eq(segments.orgId, orgId)).orderBy(asc(segments.priority), asc(segments.createdAt)),
    db.select().from(sendingDomains).where(eq(sendingDomains.orgId, orgId)).orderBy(asc(sendingDomains.createdAt)),
    // D1 batches return rows keyed by column name, so a join would mix up same-named columns: a second select instead.
    db
      .select()
      .from(cadenceVersions)
      .where(
        and(
          eq(cadenceVersions.orgId, orgId),
          sql`(${cadenceVersions.cadenceId}, ${cadenceVersions.version}) in (select s.cadence_id, s.cadence_version from segments s where s.org_id = ${orgId})`,
        ),
      ),
  ])
  const org = orgRows[0]
  if (!org) return null
  const segRows = segmentRows.map((segment) => ({
    segment,
    version: versionRows.find((v) => v.cadenceId === segment.cadenceId && v.version === segment.cadenceVersion) ?? null,
  }))
  const versionIds = segRows.map((r) => r.version?.id).filter((v): v is string => !!v)
  const stepRows = versionIds.length
    ? await db
        .select()
        .from(cadenceSteps)
        .where(and(eq(cadenceSteps.orgId, orgId), inArray(cadenceSteps.versionId, versionIds)))
        .orderBy(asc(cadenceSteps.position))
    : []
  const plans = new Map<string, SegmentPlan>()
  for (const { segment: s, version: v } of segRows) plans.set(s.id, segmentPlan(s, v, stepRows))
  // Warm-up applies to the domain mail actually leaves from: the first verified one (senderIdentity picks the same);
  // while none verifies, mail goes from the shared domain and no warm-up cap applies.
  const domain = domainRows.find((d) => d.spfVerified && d.dkimVerified)
  return {
    org: {
      id: org.id,
      name: org.name,
      timeZone: org.timeZone,
      country: org.country,
      planTier: org.planTier,
      maintenance: org.maintenance,
      autopilotPaused: org.autopilotPaused,
      autopilotPausedReason: org.autopilotPausedReason,
    },
    sender: {
      settings: {
        name: org.name,
        displayName: org.displayName,
        senderName: org.senderName,
        replyTo: org.replyTo,
        brandColour: org.brandColour,
        logoUrl: org.logoUrl,
        catchUpStart: org.catchUpStart,
      },
      domains: domainRows.map((d) => ({ domain: d.domain, spfVerified: d.spfVerified, dkimVerified: d.dkimVerified })),
    },
    globalMaintenance: opsRows[0]?.value === "on",
    candidates: segRows
      .filter((r) => r.segment.status === "active")
      .map((r) => ({
        id: r.segment.id,
        priority: r.segment.priority,
        createdAt: r.segment.createdAt,
        filters: (r.segment.filters ?? {}) as Filters,
      })),
    segments: plans,
    orgDayCap: orgDailyCapByPlan[effectiveTier(org.planTier, org.trialEndsAt, now)] ?? orgDailyCapByPlan.starter!,
    domainDayCap: domain ? warmupCap(domain.warmupStartedAt, now, domain.dailyCap) : null,
  }
}

type SegmentRow = typeof segments.$inferSelect
type VersionRow = typeof cadenceVersions.$inferSelect
type StepRow = typeof cadenceSteps.$inferSelect

/** A segment as the tick plans it with a cadence version (its live one, or in a dry-run the version being tried). */
export function segmentPlan(s: SegmentRow, v: VersionRow | null, stepRows: StepRow[]): SegmentPlan {
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    mode: s.mode,
    sendCapPerDay: minCap(s.sendCapPerDay, v?.maxSendsPerDay ?? null),
    versionId: v?.id ?? null,
    quietHours: s.quietHoursOverride ?? v?.quietHours ?? defaultQuietHours,
    businessDaysOnly: v?.businessDaysOnly ?? true,
    touchesPerContactWeek: v?.maxTouchesPerContactWeek ?? defaultTouchesPerContactWeek,
    escalateAfterDays: v?.escalateAfterDays ?? null,
    steps: stepRows
      .filter((st) => st.versionId === v?.id)
      .map((st) => ({ position: st.position, offsetDays: st.offsetDays, subject: st.subject, body: st.body })),
  }
}

function minCap(a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  return Math.min(a, b)
}

/** True when nothing may be sent for the organisation right now. */
export function sendingHalted(ctx: TickContext): "maintenance" | null {
  return ctx.globalMaintenance || ctx.org.maintenance ? "maintenance" : null
}
