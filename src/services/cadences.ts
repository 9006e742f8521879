// Cadence use cases: create from a preset or JSON, new draft versions, edit drafts, publish to segments.
// Published versions never change; plan tiers and roles are checked here so the API and the pages agree.
import { and, eq, inArray, max } from "drizzle-orm"
import { z } from "zod"
import { cadenceVersionsWithSteps, findCadence, findVersion, type StepRow, type VersionRow } from "../db/cadences"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { cadenceSteps, cadenceVersions, cadences, segments } from "../db/schema"
import { policySchema, tagIssues, versionSchema, type PolicyInput, type VersionInput } from "../domain/policy-schema"
import { planIncludes, planRefusal } from "../domain/plan-tiers"
import { can, type Role } from "../domain/roles"
import { AppError, badRequest, conflict, forbidden, notFound } from "../domain/errors"
import { zodDetails } from "../domain/errors"
import { auditInsert, type Actor } from "./audit"
import type { Statement } from "./approvals"

export type Who = { orgId: string; plan: string; role: Role; actor: Actor }

/** Parses with the policy schema; unknown merge tags make a 400 whose message names each of them. */
export function parsePolicy<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body)
  if (r.success) return r.data
  const tags = tagIssues(r.error.issues)
  throw badRequest(tags.length ? tags.join("; ") : "The cadence is not valid", zodDetails(r.error.issues))
}
export const parseNewCadence = (body: unknown) => parsePolicy(policySchema, body)
export const parseVersion = (body: unknown) => parsePolicy(versionSchema, body)

const approvalFields = ["approval_threshold_minor", "high_approval_threshold_minor", "approver_roles"] as const

function approvalSettings(v: Partial<VersionInput>) {
  return JSON.stringify(approvalFields.map((f) => v[f] ?? null))
}

const isSet = (v: unknown) => v != null && !(Array.isArray(v) && v.length === 0)

/**
 * Plan and role rules on the approval settings of a version, compared with the version it starts from. Settings
 * carried over unchanged (or cleared) are always allowed, so a downgraded organisation keeps editing its cadences.
 */
function checkApprovalSettings(who: Who, input: VersionInput, base: Partial<VersionInput> | null) {
  if (approvalSettings(input) === approvalSettings(base ?? {})) return
  const changedAndSet = (f: (typeof approvalFields)[number]) =>
    isSet(input[f]) && JSON.stringify(input[f] ?? null) !== JSON.stringify(base?.[f] ?? null)
  if ((changedAndSet("approval_threshold_minor") || changedAndSet("approver_roles")) && !planIncludes(who.plan, "approval_thresholds"))
    throw forbidden(planRefusal(who.plan, "approval_thresholds"))
  if (changedAndSet("high_approval_threshold_minor") && !planIncludes(who.plan, "dual_sign_off"))
    throw forbidden(planRefusal(who.plan, "dual_sign_off"))
  if (!can(who.role, "publish_policy")) throw forbidden("Only a Controller sets approval thresholds and approver roles")
}

/** The version as policy-as-code input (also the editor's starting values). */
export function versionToInput(name: string, tone: PolicyInput["tone"], v: VersionRow & { steps: StepRow[] }): PolicyInput {
  return {
    format: "plixo.cadence/v1",
    name,
    tone,
    steps: v.steps.map((s) => ({
      offset_days: s.offsetDays,
      channel: "email" as const,
      subject: s.subject,
      body: s.body,
      attach_statement: s.attachStatement,
    })),
    quiet_hours: v.quietHours ?? null,
    business_days_only: v.businessDaysOnly,
    max_sends_per_day: v.maxSendsPerDay,
    max_touches_per_contact_week: v.maxTouchesPerContactWeek,
    escalate_after_days: v.escalateAfterDays ?? 21,
    discount_cap_percent: v.discountCapPercent,
    credit_cap_minor: v.creditCapMinor,
    approval_threshold_minor: v.approvalThresholdMinor,
    high_approval_threshold_minor: v.highApprovalThresholdMinor,
    approver_roles: v.approverRoles,
    promise_max_days: v.promiseMaxDays ?? 30,
    plan_max_instalments: v.planMaxInstalments ?? 6,
  }
}

function versionValues(input: VersionInput) {
  return {
    quietHours: input.quiet_hours ?? null,
    businessDaysOnly: input.business_days_only,
    maxSendsPerDay: input.max_sends_per_day ?? null,
    maxTouchesPerContactWeek: input.max_touches_per_contact_week ?? null,
    escalateAfterDays: input.escalate_after_days,
    discountCapPercent: input.discount_cap_percent ?? null,
    creditCapMinor: input.credit_cap_minor ?? null,
    approvalThresholdMinor: input.approval_threshold_minor ?? null,
    highApprovalThresholdMinor: input.high_approval_threshold_minor ?? null,
    approverRoles: input.approver_roles?.length ? input.approver_roles : null,
    promiseMaxDays: input.promise_max_days,
    planMaxInstalments: input.plan_max_instalments,
  }
}

function stepInserts(db: Db, orgId: string, versionId: string, input: VersionInput): Statement[] {
  // D1: at most 100 bound parameters per statement; 9 columns x 11 steps stays under it in chunks of 11.
  const rows = [...input.steps]
    .sort((a, b) => a.offset_days - b.offset_days)
    .map((s, position) => ({
      id: newId("cs"),
      orgId,
      versionId,
      position,
      offsetDays: s.offset_days,
      channel: s.channel,
      subject: s.subject,
      body: s.body,
      attachStatement: s.attach_statement ?? false,
    }))
  const out: Statement[] = []
  for (let i = 0; i < rows.length; i += 11) out.push(db.insert(cadenceSteps).values(rows.slice(i, i + 11)))
  return out
}

/** A new cadence with version 1 as a draft. */
export async function createCadence(db: Db, who: Who, input: PolicyInput, now = new Date(), action = "cadence.created") {
  checkApprovalSettings(who, input, null)
  const id = newId("cad")
  const versionId = newId("cv")
  const at = nowIso(now)
  await db.batch([
    db.insert(cadences).values({ id, orgId: who.orgId, name: input.name, tone: input.tone, createdBy: who.actor.id, createdAt: at }),
    db.insert(cadenceVersions).values({
      id: versionId,
      orgId: who.orgId,
      cadenceId: id,
      version: 1,
      status: "draft",
      createdBy: who.actor.id,
      createdAt: at,
      ...versionValues(input),
    }),
    ...stepInserts(db, who.orgId, versionId, input),
    auditInsert(db, who.orgId, who.actor, { action, subjectType: "cadence", subjectId: id, after: { version: 1, ...input } }, now),
  ] as [Statement, ...Statement[]])
  return { id, version: 1, status: "draft" as const }
}

/** A new draft version of a cadence: on every plan, since published versions never change and this is how they are edited. */
export async function createVersion(
  db: Db,
  who: Who,
  cadenceId: string,
  input: VersionInput,
  now = new Date(),
  action = "cadence.version_created",
) {
  const cadence = await findCadence(db, who.orgId, cadenceId)
  if (!cadence) throw notFound("Cadence")
  const versions = await cadenceVersionsWithSteps(db, who.orgId, cadenceId)
  const base = versions.find((v) => v.version === cadence.liveVersion) ?? versions[0]
  checkApprovalSettings(who, input, base ? versionToInput(cadence.name, cadence.tone, base) : null)
  const [{ top }] = await db
    .select({ top: max(cadenceVersions.version) })
    .from(cadenceVersions)
    .where(and(eq(cadenceVersions.orgId, who.orgId), eq(cadenceVersions.cadenceId, cadenceId)))
  const version = (top ?? 0) + 1
  const versionId = newId("cv")
  const at = nowIso(now)
  const statements: Statement[] = [
    db.insert(cadenceVersions).values({
      id: versionId,
      orgId: who.orgId,
      cadenceId,
      version,
      status: "draft",
      createdBy: who.actor.id,
      createdAt: at,
      ...versionValues(input),
    }),
    ...stepInserts(db, who.orgId, versionId, input),
    auditInsert(db, who.orgId, who.actor, { action, subjectType: "cadence", subjectId: cadenceId, after: { version, ...input } }, now),
  ]
  if ((input.name && input.name !== cadence.name) || (input.tone && input.tone !== cadence.tone))
    statements.push(
      db
        .update(cadences)
        .set({ name: input.name ?? cadence.name, tone: input.tone ?? cadence.tone })
        .where(and(eq(cadences.orgId, who.orgId), eq(cadences.id, cadenceId))),
    )
  try {
    await db.batch(statements as [Statement, ...Statement[]])
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw conflict("Another version was created at the same moment; reload and try again")
    throw err
  }
  return { id: cadenceId, version, status: "draft" as const }
}

/** Replaces a draft's steps and guardrails. A published version never changes: 409. */
export async function updateDraft(db: Db, who: Who, cadenceId: string, version: number, input: VersionInput, now = new Date()) {
  const cadence = await findCadence(db, who.orgId, cadenceId)
  const v = cadence ? await findVersion(db, who.orgId, cadenceId, version) : null
  if (!cadence || !v) throw notFound("Cadence version")
  if (v.status !== "draft") throw conflict(`Version ${version} is ${v.status} and never changes; create a new draft instead`)
  const before = versionToInput(cadence.name, cadence.tone, v)
  checkApprovalSettings(who, input, before)
  const statements: Statement[] = [
    db
      .update(cadenceVersions)
      .set(versionValues(input))
      .where(and(eq(cadenceVersions.orgId, who.orgId), eq(cadenceVersions.id, v.id), eq(cadenceVersions.status, "draft"))),
    db.delete(cadenceSteps).where(and(eq(cadenceSteps.orgId, who.orgId), eq(cadenceSteps.versionId, v.id))),
    ...stepInserts(db, who.orgId, v.id, input),
    auditInsert(
      db,
      who.orgId,
      who.actor,
      {
        action: "cadence.draft_updated",
        subjectType: "cadence",
        subjectId: cadenceId,
        before: { version, ...before },
        after: { version, ...input },
      },
      now,
    ),
  ]
  if ((input.name && input.name !== cadence.name) || (input.tone && input.tone !== cadence.tone))
    statements.push(
      db
        .update(cadences)
        .set({ name: input.name ?? cadence.name, tone: input.tone ?? cadence.tone })
        .where(and(eq(cadences.orgId, who.orgId), eq(cadences.id, cadenceId))),
    )
  await db.batch(statements as [Statement, ...Statement[]])
  return { id: cadenceId, version, status: "draft" as const }
}

/** Publishes a draft and moves the chosen segments to it. Publishing a published version is a 409. */
export async function publishVersion(db: Db, who: Who, cadenceId: string, version: number, segmentIds: string[], now = new Date()) {
  const cadence = await findCadence(db, who.orgId, cadenceId)
  const v = cadence ? await findVersion(db, who.orgId, cadenceId, version) : null
  if (!cadence || !v) throw notFound("Cadence version")
  if (v.status !== "draft") throw conflict(`Version ${version} is already ${v.status}`)
  const ids = [...new Set(segmentIds)]
  const found = ids.length
    ? await db
        .select({ id: segments.id, cadenceId: segments.cadenceId, cadenceVersion: segments.cadenceVersion })
        .from(segments)
        .where(and(eq(segments.orgId, who.orgId), inArray(segments.id, ids)))
    : []
  const missing = ids.filter((id) => !found.some((s) => s.id === id))
  if (missing.length) throw new AppError(404, "not_found", `Segment not found: ${missing.join(", ")}`)
  const at = nowIso(now)
  const statements: Statement[] = [
    db
      .update(cadenceVersions)
      .set({ status: "published", publishedAt: at, publishedBy: who.actor.id })
      .where(and(eq(cadenceVersions.orgId, who.orgId), eq(cadenceVersions.id, v.id), eq(cadenceVersions.status, "draft"))),
    db
      .update(cadences)
      .set({ liveVersion: version })
      .where(and(eq(cadences.orgId, who.orgId), eq(cadences.id, cadenceId))),
    auditInsert(
      db,
      who.orgId,
      who.actor,
      {
        action: "cadence.published",
        subjectType: "cadence",
        subjectId: cadenceId,
        before: { live_version: cadence.liveVersion },
        after: { live_version: version, segments: ids },
      },
      now,
    ),
  ]
  if (ids.length) {
    statements.push(
      db
        .update(segments)
        .set({ cadenceId, cadenceVersion: version, updatedAt: at })
        .where(and(eq(segments.orgId, who.orgId), inArray(segments.id, ids))),
    )
    for (const s of found)
      statements.push(
        auditInsert(
          db,
          who.orgId,
          who.actor,
          {
            action: "segment.cadence_changed",
            subjectType: "segment",
            subjectId: s.id,
            before: { cadence_id: s.cadenceId, cadence_version: s.cadenceVersion },
            after: { cadence_id: cadenceId, cadence_version: version },
          },
          now,
        ),
      )
  }
  await db.batch(statements as [Statement, ...Statement[]])
  return { status: "published" as const, segments: ids }
}

/** Policy-as-code export of one version (Growth and above). */
export async function exportVersion(db: Db, who: Who, cadenceId: string, version: number) {
  if (!planIncludes(who.plan, "policy_as_code")) throw forbidden(planRefusal(who.plan, "policy_as_code"))
  const cadence = await findCadence(db, who.orgId, cadenceId)
  const v = cadence ? await findVersion(db, who.orgId, cadenceId, version) : null
  if (!cadence || !v) throw notFound("Cadence version")
  return versionToInput(cadence.name, cadence.tone, v)
}

/** Policy-as-code import: a new draft (of `cadenceId`, or a new cadence), validated by the same schema. */
export async function importPolicy(db: Db, who: Who, json: unknown, cadenceId: string | null, now = new Date()) {
  if (!planIncludes(who.plan, "policy_as_code")) throw forbidden(planRefusal(who.plan, "policy_as_code"))
  if (cadenceId) return createVersion(db, who, cadenceId, parseVersion(json), now, "cadence.imported")
  return createCadence(db, who, parseNewCadence(json), now, "cadence.imported")
}
