// The outbox sweep: outreach left `queued` past its send time (a failed enqueue, a lost message) goes back to the queue.
import { and, eq, inArray, isNull, lte, or } from "drizzle-orm"
import { createDb } from "../db/client"
import { outreach } from "../db/schema"
import { staleClaimMs } from "../db/outreach-state"
import { enqueueDeliveries } from "./enqueue"

/** A row this late was not picked up by its own message; the consumer's claim makes a second message harmless. */
export const sweepAfterMs = 5 * 60_000
const perSweep = 500

/**
 * Re-enqueues up to 500 overdue rows of one organisation: `queued` past their send time, or `sending` under a claim
 * older than a crashed attempt's. Touches `updated_at` so the next sweep leaves them to this message.
 */
export async function sweepOutbox(env: Env, orgId: string, now: Date): Promise<{ requeued: number }> {
  const db = createDb(env.DB)
  const late = new Date(now.getTime() - sweepAfterMs).toISOString()
  const stale = new Date(now.getTime() - staleClaimMs).toISOString()
  const rows = await db
    .select({ id: outreach.id })
    .from(outreach)
    .where(
      and(
        eq(outreach.orgId, orgId),
        or(
          and(
            eq(outreach.status, "queued"),
            or(isNull(outreach.scheduledFor), lte(outreach.scheduledFor, late)),
            lte(outreach.updatedAt, late),
          ),
          and(eq(outreach.status, "sending"), lte(outreach.updatedAt, stale)),
        ),
      ),
    )
    .limit(perSweep)
  if (rows.length === 0) return { requeued: 0 }
  await enqueueDeliveries(
    env,
    rows.map((r) => ({ outreachId: r.id, orgId, at: now })),
    now,
  )
  const ids = rows.map((r) => r.id)
  // Not a status move (db/outreach-state.ts): only the time the outbox last handed it over.
  await db
    .update(outreach)
    .set({ updatedAt: now.toISOString() })
    .where(and(eq(outreach.orgId, orgId), inArray(outreach.id, ids), eq(outreach.status, "queued")))
  return { requeued: rows.length }
}
