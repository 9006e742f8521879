// Deployment-wide ops state (switches, heartbeats) and the page of organisations a tick visits.
import { and, asc, eq, gt, sql } from "drizzle-orm"
import type { Db } from "./client"
import { opsState, organisations, segments } from "./schema"

/** Global switches: maintenance stops every send, cron_paused stops the fan-out. */
export async function opsSwitches(db: Db): Promise<{ maintenance: boolean; cronPaused: boolean }> {
  const rows = await db.select().from(opsState)
  const on = (key: string) => rows.some((r) => r.key === key && r.value === "on")
  return { maintenance: on("maintenance"), cronPaused: on("cron_paused") }
}

export function heartbeat(db: Db, key: string, now: Date, value = now.toISOString()) {
  return db
    .insert(opsState)
    .values({ key, value, updatedAt: now.toISOString() })
    .onConflictDoUpdate({ target: opsState.key, set: { value, updatedAt: now.toISOString() } })
}

/** One page (by id) of the organisations the tick should visit: an active segment, Autopilot not paused, not in maintenance. */
export function organisationsToTick(db: Db, after: string | null, limit: number) {
  return db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        after ? gt(organisations.id, after) : undefined,
        eq(organisations.maintenance, false),
        eq(organisations.autopilotPaused, false),
        sql`exists (select 1 from ${segments} s where s.org_id = ${organisations.id} and s.status = 'active')`,
      ),
    )
    .orderBy(asc(organisations.id))
    .limit(limit)
}
