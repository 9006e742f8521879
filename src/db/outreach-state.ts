// Outreach status changes: the one table of allowed moves and the guarded updates that make them, each with its history row.
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm"
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core"
import type { Db } from "./client"
import { newId } from "./ids"
import { outreach, outreachEvents, outreachStatuses } from "./schema"

/** A `sending` claim older than this belongs to a crashed attempt: delivery may retry it, the sweep re-enqueues it. */
export const staleClaimMs = 15 * 60_000

export type OutreachStatus = (typeof outreachStatuses)[number]

/**
 * draft -> queued (approved) | rejected; queued -> sending (claimed by delivery) | skipped | suppressed | failed;
 * sending -> sent | queued (retry, maintenance) | skipped | suppressed | failed | sending (a stale claim taken over).
 * sent, failed, suppressed, skipped and rejected are final.
 */
export const allowedMoves: Record<OutreachStatus, readonly OutreachStatus[]> = {
  draft: ["queued", "rejected"],
  queued: ["sending", "skipped", "suppressed", "failed"],
  sending: ["sent", "queued", "skipped", "suppressed", "failed", "sending"],
  sent: [],
  failed: [],
  suppressed: [],
  skipped: [],
  rejected: [],
}

export const finalStatuses = outreachStatuses.filter((s) => allowedMoves[s].length === 0)

/** The statuses from which an outreach may move to `to`. */
export function movesInto(to: OutreachStatus): OutreachStatus[] {
  return outreachStatuses.filter((s) => allowedMoves[s].includes(to))
}

export type Move = {
  to: OutreachStatus
  /** Only from these statuses (each must be allowed to move to `to`); defaults to every status that may. */
  from?: OutreachStatus[]
  set?: Omit<SQLiteUpdateSetSource<typeof outreach>, "id" | "orgId" | "status" | "updatedAt">
  /** A further condition on the row (a claim's send time, a stale claim's age). */
  guard?: SQL
  /** Why, in the product's words or the send rule's code; stored in the history (and as the row's reason when `set` says so). */
  note?: string | null
  actor?: string | null
}

/**
 * The guarded update and the history insert for one move, for the caller's batch. The history row is written
 * only when the update took effect (it selects the row in its new status at this exact time), so a lost race
 * leaves no trace and changes nothing.
 */
export function moveOutreach(db: Db, orgId: string, id: string, m: Move, at: string) {
  const from = m.from ?? movesInto(m.to)
  const illegal = from.filter((s) => !allowedMoves[s].includes(m.to))
  if (illegal.length) throw new Error(`An outreach may not move from ${illegal.join(", ")} to ${m.to}`)
  const update = db
    .update(outreach)
    .set({ ...m.set, status: m.to, updatedAt: at })
    .where(and(eq(outreach.orgId, orgId), eq(outreach.id, id), inArray(outreach.status, from), m.guard))
  const history = db.insert(outreachEvents).select(
    db
      .select({
        id: sql<string>`${newId("oev")}`.as("id"),
        orgId: outreach.orgId,
        outreachId: outreach.id,
        status: outreach.status,
        reason: sql<string | null>`${m.note ?? null}`.as("reason"),
        actor: sql<string | null>`${m.actor ?? null}`.as("actor"),
        at: outreach.updatedAt,
      })
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), eq(outreach.id, id), eq(outreach.status, m.to), eq(outreach.updatedAt, at))),
  )
  return [update, history] as const
}

/** Runs one move on its own; true when it took effect. */
export async function applyMove(db: Db, orgId: string, id: string, m: Move, at: string): Promise<boolean> {
  const [update, history] = moveOutreach(db, orgId, id, m, at)
  const [res] = await db.batch([update.returning({ id: outreach.id }), history])
  return res.length > 0
}

/** Moves with `.returning()` of the whole row (the delivery claim). */
export async function claimOutreach(db: Db, orgId: string, id: string, m: Move, at: string) {
  const [update, history] = moveOutreach(db, orgId, id, m, at)
  const [rows] = await db.batch([update.returning(), history])
  return rows[0] ?? null
}

export type StatusEvent = { status: OutreachStatus | "created"; at: string; reason: string | null; actor: string | null }

/**
 * The status history of one outreach, oldest first. Creation is not a move (the tick writes thousands of rows in
 * one statement), so its entry is derived: only a draft can move to queued or rejected first.
 */
export async function statusHistory(db: Db, orgId: string, row: typeof outreach.$inferSelect): Promise<StatusEvent[]> {
  const events = await db
    .select()
    .from(outreachEvents)
    .where(and(eq(outreachEvents.orgId, orgId), eq(outreachEvents.outreachId, row.id)))
    // rowid: moves in one delivery share a timestamp; insertion order is the order they happened.
    .orderBy(asc(outreachEvents.at), sql`rowid`)
  const first = events[0]?.status
  const initial: OutreachStatus = first ? (first === "queued" || first === "rejected" ? "draft" : "queued") : row.status
  return [
    { status: initial, at: row.createdAt, reason: "created", actor: row.tickKey ? "Autopilot tick" : row.approvedBy },
    ...events.map((e) => ({ status: e.status, at: e.at, reason: e.reason, actor: e.actor })),
  ]
}
