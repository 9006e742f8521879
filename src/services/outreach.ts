// Review-queue use cases: approve (through the TenantDO, so caps hold), reject with a reason, edit a draft, close a task.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { outreach, tasks } from "../db/schema"
import { unknownTagMessage, unknownTags } from "../domain/merge-tags"
import { badRequest, conflict, forbidden, notFound, unprocessable } from "../domain/errors"
import { can, isRole } from "../domain/roles"
import { auditInsert, type Actor } from "./audit"

export function tenantOf(env: Env, orgId: string) {
  return env.TENANT.get(env.TENANT.idFromName(orgId))
}

/** Approves drafts through the TenantDO (the send rule and the caps decide there). `override` needs the segments capability. */
export async function approveOutreach(env: Env, orgId: string, ids: string[], actor: Actor, opts: { override?: boolean } = {}) {
  if (opts.override && !(actor.role && isRole(actor.role) && can(actor.role, "segments")))
    throw forbidden("Only a Controller or an A/R Manager may send a paused segment's drafts as an override")
  return tenantOf(env, orgId).approveDrafts(ids, actor, orgId, !!opts.override)
}

export async function rejectOutreach(db: Db, orgId: string, actor: Actor, id: string, reason: string, now = new Date()) {
  const text = reason.trim()
  if (!text) throw badRequest("Say why the draft is rejected", [{ field: "reason", message: "A reason is required" }])
  if (text.length > 500) throw badRequest("The reason is too long", [{ field: "reason", message: "At most 500 characters" }])
  const [row] = await db
    .select({ status: outreach.status })
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.id, id)))
    .limit(1)
  if (!row) throw notFound("Outreach")
  if (row.status !== "draft") throw conflict(`Only drafts can be rejected; this one is ${row.status}`)
  await db.batch([
    db
      .update(outreach)
      .set({ status: "rejected", rejectedReason: text, updatedAt: now.toISOString() })
      .where(and(eq(outreach.orgId, orgId), eq(outreach.id, id), eq(outreach.status, "draft"))),
    auditInsert(db, orgId, actor, { action: "outreach.rejected", subjectType: "outreach", subjectId: id, after: { reason: text } }, now),
  ])
}

/** A subject and body a person wrote: trimmed, bounded, merge tags known (unknown ones are refused by name). */
export function checkMessage(input: { subject: string; body: string }): { subject: string; body: string } {
  const subject = input.subject.trim()
  const body = input.body.replace(/\r\n?/g, "\n").trim()
  const details = []
  if (!subject) details.push({ field: "subject", message: "The subject is empty" })
  if (subject.length > 200) details.push({ field: "subject", message: "At most 200 characters" })
  if (/[\r\n]/.test(subject)) details.push({ field: "subject", message: "A subject is one line" })
  if (!body) details.push({ field: "body", message: "The message is empty" })
  if (body.length > 10_000) details.push({ field: "body", message: "At most 10,000 characters" })
  for (const [field, text] of [
    ["subject", subject],
    ["body", body],
  ] as const)
    for (const tag of unknownTags(text)) details.push({ field, message: unknownTagMessage(tag) })
  if (details.length) throw badRequest(details.map((d) => d.message).join("; "), details)
  return { subject, body }
}

export type Compose = { invoiceId: string; subject: string; body: string; sendAt?: string | null }

/**
 * A message a person writes for one invoice (compose): queued for its billing contact through the TenantDO, where
 * the send rule and the caps decide. Refused with 422 whose details are the rule's blockers.
 */
export async function composeOutreach(env: Env, orgId: string, actor: Actor, input: Compose): Promise<{ outreachId: string }> {
  const { subject, body } = checkMessage(input)
  if (input.sendAt && Number.isNaN(Date.parse(input.sendAt)))
    throw badRequest("send_at is not a time", [{ field: "send_at", message: "ISO 8601, e.g. 2026-12-03T14:00:00Z" }])
  if (input.sendAt && Date.parse(input.sendAt) > Date.now() + 90 * 86_400_000)
    throw badRequest("send_at is too far ahead", [{ field: "send_at", message: "At most 90 days from now" }])
  const result = await tenantOf(env, orgId).sendManual(
    { invoiceId: input.invoiceId, subject, body, sendAt: input.sendAt ?? null },
    actor,
    orgId,
  )
  if (result.refused === "not_found") throw notFound("Invoice")
  if (!result.outreachId) {
    const details = result.blockers.map((b) => ({ field: "invoice", reason: b.code, message: b.message }))
    throw unprocessable(`Plixo will not send this now: ${details.map((d) => d.message).join(" ")}`, details)
  }
  return { outreachId: result.outreachId }
}

/** Edits a draft's subject and body (merge tags allowed; unknown ones are refused by name). */
export async function editDraft(
  db: Db,
  orgId: string,
  actor: Actor,
  id: string,
  input: { subject: string; body: string },
  now = new Date(),
) {
  const { subject, body } = checkMessage(input)
  const [row] = await db
    .select({ status: outreach.status, subject: outreach.subject, body: outreach.bodyText })
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.id, id)))
    .limit(1)
  if (!row) throw notFound("Outreach")
  if (row.status !== "draft") throw conflict(`Only drafts can be edited; this one is ${row.status}`)
  await db.batch([
    db
      .update(outreach)
      .set({ subject, bodyText: body, updatedAt: now.toISOString() })
      .where(and(eq(outreach.orgId, orgId), eq(outreach.id, id), eq(outreach.status, "draft"))),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "outreach.edited",
        subjectType: "outreach",
        subjectId: id,
        before: { subject: row.subject, body: row.body },
        after: { subject, body },
      },
      now,
    ),
  ])
}

export async function closeTask(db: Db, orgId: string, actor: Actor, id: string, now = new Date()) {
  const [row] = await db
    .select({ status: tasks.status })
    .from(tasks)
    .where(and(eq(tasks.orgId, orgId), eq(tasks.id, id)))
    .limit(1)
  if (!row) throw notFound("Task")
  if (row.status === "done") return
  await db.batch([
    db
      .update(tasks)
      .set({ status: "done", closedAt: now.toISOString() })
      .where(and(eq(tasks.orgId, orgId), eq(tasks.id, id))),
    auditInsert(db, orgId, actor, { action: "task.done", subjectType: "task", subjectId: id }, now),
  ])
}
