// The Controller's edits to outcome email wording: save (checked, audited) and restore the default.
import type { Db } from "../db/client"
import { deleteTemplate, editedTemplate, upsertTemplate } from "../db/payer-templates"
import { unprocessable } from "../domain/errors"
import { outcomeKinds, outcomeTemplateErrors, type OutcomeKind, type OutcomeTemplate } from "../domain/payer-templates"
import { auditInsert, type Actor } from "./audit"

export function isOutcomeKind(value: string): value is OutcomeKind {
  return (outcomeKinds as readonly string[]).includes(value)
}

/** Refused (422 naming the field): empty, too long, or an unknown merge tag. */
export async function saveOutcomeTemplate(db: Db, orgId: string, actor: Actor, kind: OutcomeKind, t: OutcomeTemplate, now = new Date()) {
  const value = { subject: t.subject.trim(), body: t.body.replace(/\r\n?/g, "\n").trim() }
  const errors = outcomeTemplateErrors(value)
  if (errors.length) throw unprocessable("The template was not saved", errors)
  const before = await editedTemplate(db, orgId, kind)
  const at = now.toISOString()
  await db.batch([
    upsertTemplate(db, { orgId, kind, ...value, updatedBy: actor.label, updatedAt: at }),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "payer_template.saved",
        subjectType: "payer_template",
        subjectId: kind,
        before: before ? { subject: before.subject, body: before.body } : { default: true },
        after: value,
      },
      now,
    ),
  ])
}

export async function resetOutcomeTemplate(db: Db, orgId: string, actor: Actor, kind: OutcomeKind, now = new Date()) {
  const before = await editedTemplate(db, orgId, kind)
  if (!before) return
  await db.batch([
    deleteTemplate(db, orgId, kind),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "payer_template.reset",
        subjectType: "payer_template",
        subjectId: kind,
        before: { subject: before.subject, body: before.body },
        after: { default: true },
      },
      now,
    ),
  ])
}
