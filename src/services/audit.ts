// The audit log: append-only, and written in the same D1 batch as the change it records.
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { auditLog } from "../db/schema"

/** Who did something: a person, an API key, the system (cron, queue), a payer in the portal, or Stripe. */
export type Actor = {
  type: "user" | "api_key" | "system" | "payer" | "stripe"
  id: string | null
  label: string
  role?: string
}

export const systemActor: Actor = { type: "system", id: null, label: "Plixo" }

export type AuditEntry = {
  action: string
  subjectType?: string
  subjectId?: string | null
  before?: unknown
  after?: unknown
}

/** The insert to put in the same `db.batch([...])` as the change. */
export function auditInsert(db: Db, orgId: string, actor: Actor, entry: AuditEntry, now: Date = new Date()) {
  return db.insert(auditLog).values({
    id: newId("aud"),
    orgId,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    createdAt: nowIso(now),
  })
}
