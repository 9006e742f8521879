// Audit log queries: filtered by actor, action and time range, newest first, keyset-paginated.
import { and, desc, eq, gte, inArray, like, lt, lte, or, sql } from "drizzle-orm"
import type { Db } from "./client"
import { newId, nowIso } from "./ids"
import { auditLog } from "./schema"

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

export type AuditFilter = { actor?: string; action?: string; from?: string; to?: string }
export type AuditRow = typeof auditLog.$inferSelect

/** `from`/`to` take a date (`2026-11-01`, whole days, UTC) or an ISO instant. */
function bounds(f: AuditFilter) {
  const to = f.to ? (/^\d{4}-\d{2}-\d{2}$/.test(f.to) ? `${f.to}T23:59:59.999Z` : f.to) : undefined
  const from = f.from ? (/^\d{4}-\d{2}-\d{2}$/.test(f.from) ? `${f.from}T00:00:00.000Z` : f.from) : undefined
  return { from, to }
}

export function auditWhere(orgId: string, f: AuditFilter) {
  const { from, to } = bounds(f)
  const action = f.action?.trim()
  const actor = f.actor?.trim()
  return and(
    eq(auditLog.orgId, orgId),
    actor ? or(eq(auditLog.actorId, actor), like(auditLog.actorLabel, `%${actor}%`)) : undefined,
    action
      ? action.endsWith(".") || !action.includes(".")
        ? like(auditLog.action, `${action.replace(/\.$/, "")}.%`)
        : eq(auditLog.action, action)
      : undefined,
    from ? gte(auditLog.createdAt, from) : undefined,
    to ? lte(auditLog.createdAt, to) : undefined,
  )
}

/** One page, newest first; the cursor is `createdAt|id` of the last row. */
export async function auditPage(db: Db, orgId: string, f: AuditFilter, limit: number, cursor?: string | null) {
  const [at, id] = (cursor ?? "").split("|")
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        auditWhere(orgId, f),
        cursor && at && id ? or(lt(auditLog.createdAt, at), and(eq(auditLog.createdAt, at), lt(auditLog.id, id))) : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1)
  const last = rows[limit - 1]
  return { rows: rows.slice(0, limit), next: rows.length > limit && last ? `${last.createdAt}|${last.id}` : null }
}

export function auditAll(db: Db, orgId: string, f: AuditFilter, max = 50_000) {
  return db.select().from(auditLog).where(auditWhere(orgId, f)).orderBy(desc(auditLog.createdAt), desc(auditLog.id)).limit(max)
}

/** Entries about any of the given subjects (chunked: D1 allows at most 100 bound parameters per statement). */
export async function auditForSubjects(db: Db, orgId: string, subjectIds: string[]) {
  const out: AuditRow[] = []
  for (let i = 0; i < subjectIds.length; i += 90) {
    out.push(
      ...(await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, orgId), inArray(auditLog.subjectId, subjectIds.slice(i, i + 90))))),
    )
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

/** Distinct actions and actors seen, for the filter pickers. */
export async function auditChoices(db: Db, orgId: string) {
  const [actions, actors] = await db.batch([
    db.selectDistinct({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(auditLog.action),
    db
      .select({ id: auditLog.actorId, label: auditLog.actorLabel, n: sql<number>`count(*)` })
      .from(auditLog)
      .where(eq(auditLog.orgId, orgId))
      .groupBy(auditLog.actorId, auditLog.actorLabel)
      .orderBy(auditLog.actorLabel),
  ])
  return { actions: actions.map((a) => a.action), actors: actors.filter((a) => a.label) }
}
