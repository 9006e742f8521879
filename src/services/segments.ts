// Segment use cases: create and change segments with their rules: a published cadence version, coverage of at
// least 70% to be active, and Autopilot only while every guardrail holds (or a Controller overrides, in writing).
import { and, eq } from "drizzle-orm"
import { z } from "zod"
import { findVersion } from "../db/cadences"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { segments } from "../db/schema"
import { segmentMetrics } from "../db/segment-health"
import { findSegment, type SegmentRow } from "../db/segments"
import { previewTotals } from "../db/segments"
import { evaluateGuardrails, failing, thresholds } from "../domain/guardrails"
import { segmentFiltersSchema, type Filters } from "../domain/segment-rules"
import { can } from "../domain/roles"
import { AppError, badRequest, forbidden, notFound, unprocessable } from "../domain/errors"
import type { Statement } from "./approvals"
import { auditInsert } from "./audit"
import type { Who } from "./cadences"
import { planUsage } from "../db/billing"
import { limitRefusal, withinLimit } from "../domain/plan-tiers"

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour HH:MM")

export const segmentFields = {
  name: z.string().trim().min(1, "A name is required").max(120),
  priority: z.number().int().min(1).max(1000),
  filters: segmentFiltersSchema,
  cadence_id: z.string().min(1).nullable(),
  cadence_version: z.number().int().positive().nullable(),
  mode: z.enum(["shadow", "autopilot"]),
  status: z.enum(["draft", "active", "paused"]),
  send_cap_per_day: z.number().int().positive().max(100_000).nullable(),
  quiet_hours_override: z.object({ start: hhmm, end: hhmm }).nullable(),
  notes: z.string().max(4000).nullable(),
  /** A Controller's written reason to switch on Autopilot while guardrails fail. */
  override_reason: z.string().trim().min(10, "Write at least a sentence (10 characters) for the override").max(2000),
}
export const segmentCreateSchema = z
  .object({ ...segmentFields, priority: segmentFields.priority.default(100), filters: segmentFields.filters.default({}) })
  .partial({
    cadence_id: true,
    cadence_version: true,
    mode: true,
    status: true,
    send_cap_per_day: true,
    quiet_hours_override: true,
    notes: true,
    override_reason: true,
  })
  .strict()
export const segmentPatchSchema = z.object(segmentFields).partial().strict()
export type SegmentPatch = z.infer<typeof segmentPatchSchema>

/** A segment in snake_case, as audit entries and the API show it. */
export function segmentSnapshot(
  s: Pick<
    SegmentRow,
    "name" | "priority" | "filters" | "cadenceId" | "cadenceVersion" | "mode" | "status" | "sendCapPerDay" | "quietHoursOverride" | "notes"
  >,
) {
  return {
    name: s.name,
    priority: s.priority,
    filters: s.filters,
    cadence_id: s.cadenceId,
    cadence_version: s.cadenceVersion,
    mode: s.mode,
    status: s.status,
    send_cap_per_day: s.sendCapPerDay,
    quiet_hours_override: s.quietHoursOverride,
    notes: s.notes,
  }
}

/** Creates (`id` null) or changes a segment. Every refusal names its reason; the audit entry is in the same batch. */
export async function saveSegment(db: Db, who: Who, id: string | null, input: SegmentPatch, now = new Date()) {
  const existing = id ? await findSegment(db, who.orgId, id) : null
  if (id && !existing) throw notFound("Segment")
  if (!existing) {
    // Segments above a downgraded plan's limit are kept and keep working; only new ones are refused.
    const { segments: used } = await planUsage(db, who.orgId, nowIso(now))
    if (!withinLimit(who.plan, "segments", used)) throw forbidden(limitRefusal(who.plan, "segments", used))
  }
  const next = {
    name: input.name ?? existing?.name ?? "",
    priority: input.priority ?? existing?.priority ?? 100,
    filters: (input.filters ?? existing?.filters ?? {}) as Filters,
    cadenceId: input.cadence_id !== undefined ? input.cadence_id : (existing?.cadenceId ?? null),
    cadenceVersion: input.cadence_version !== undefined ? input.cadence_version : (existing?.cadenceVersion ?? null),
    mode: input.mode ?? existing?.mode ?? "shadow",
    status: input.status ?? existing?.status ?? "draft",
    sendCapPerDay: input.send_cap_per_day !== undefined ? input.send_cap_per_day : (existing?.sendCapPerDay ?? null),
    quietHoursOverride: input.quiet_hours_override !== undefined ? input.quiet_hours_override : (existing?.quietHoursOverride ?? null),
    notes: input.notes !== undefined ? input.notes : (existing?.notes ?? null),
  }
  if (!next.name) throw badRequest("The segment is not valid", [{ field: "name", message: "A name is required" }])

  if ((next.cadenceId === null) !== (next.cadenceVersion === null))
    throw badRequest("Choose both a cadence and its version", [
      { field: next.cadenceId ? "cadence_version" : "cadence_id", message: "required with the other" },
    ])
  if (next.cadenceId && next.cadenceVersion) {
    const v = await findVersion(db, who.orgId, next.cadenceId, next.cadenceVersion)
    if (!v) throw unprocessable("The cadence version does not exist", [{ field: "cadence_version", message: "not found" }])
    if (v.status !== "published")
      throw unprocessable(`Version ${next.cadenceVersion} of that cadence is a draft; publish it before assigning it`, [
        { field: "cadence_version", message: "not published" },
      ])
  }
  const today = now.toISOString().slice(0, 10)
  if (next.status === "active" && existing?.status !== "active") {
    if (!next.cadenceId)
      throw unprocessable("Assign a published cadence version before publishing the segment", [
        { field: "cadence_id", message: "required to publish" },
      ])
    const totals = await previewTotals(db, who.orgId, next.filters, today)
    if (totals.coverage < thresholds.publishCoverage)
      throw unprocessable(
        `Contact coverage is ${Math.round(totals.coverage * 100)}% (${totals.reachable} of ${totals.count} invoices have a reachable contact); a segment needs at least 70% before it is published`,
        [{ field: "status", message: "contact coverage under 70%" }],
      )
  }

  const switchingOn = next.mode === "autopilot" && existing?.mode !== "autopilot"
  const audits: Statement[] = []
  let overrideReason = next.mode === "autopilot" ? (existing?.autopilotOverrideReason ?? null) : null
  const segmentId = existing?.id ?? newId("seg")
  if (input.override_reason && !can(who.role, "admin")) throw forbidden("Only a Controller may override Autopilot guardrails")
  if (switchingOn) {
    const metrics = await segmentMetrics(db, who.orgId, existing?.id ?? null, next.filters, now)
    const unmet = failing(evaluateGuardrails(metrics))
    if (unmet.length && !input.override_reason)
      throw new AppError(
        422,
        "unprocessable",
        `Autopilot refused while guardrails fail: ${unmet.map((g) => `${g.label} (${g.detail})`).join("; ")}`,
        unmet.map((g) => ({ field: "mode", guardrail: g.key, message: `${g.label}: ${g.detail}` })),
      )
    overrideReason = unmet.length ? input.override_reason! : null
    audits.push(
      auditInsert(
        db,
        who.orgId,
        who.actor,
        unmet.length
          ? {
              action: "segment.autopilot_override",
              subjectType: "segment",
              subjectId: segmentId,
              after: { reason: input.override_reason, failing: unmet.map((g) => ({ guardrail: g.key, detail: g.detail })) },
            }
          : { action: "segment.autopilot_on", subjectType: "segment", subjectId: segmentId, after: { guardrails: "all met" } },
        now,
      ),
    )
  } else if (existing?.mode === "autopilot" && next.mode === "shadow") {
    audits.push(
      auditInsert(db, who.orgId, who.actor, { action: "segment.autopilot_off", subjectType: "segment", subjectId: segmentId }, now),
    )
  }

  const at = nowIso(now)
  const values = { ...next, autopilotOverrideReason: overrideReason, updatedAt: at }
  const write: Statement = existing
    ? db
        .update(segments)
        .set(values)
        .where(and(eq(segments.orgId, who.orgId), eq(segments.id, existing.id)))
    : db.insert(segments).values({ id: segmentId, orgId: who.orgId, createdBy: who.actor.id, createdAt: at, ...values })
  const after = segmentSnapshot(values)
  const main = auditInsert(
    db,
    who.orgId,
    who.actor,
    {
      action: existing ? "segment.updated" : "segment.created",
      subjectType: "segment",
      subjectId: segmentId,
      before: existing ? segmentSnapshot(existing) : null,
      after,
    },
    now,
  )
  await db.batch([write, main, ...audits])
  return { id: segmentId, ...after, autopilot_override_reason: overrideReason }
}
