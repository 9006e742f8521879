// Deployment-wide ops state (switches, heartbeats) and the page of organisations a tick visits.
import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm"
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

/** An ERP connector whose next sync time has come (revoked ones wait for a reconnect). */
export const connectorDueSql = (orgId: SQL | string, nowIso: string) =>
  sql`exists (select 1 from connectors c where c.org_id = ${orgId} and c.kind in ('quickbooks', 'netsuite')
    and c.status in ('active', 'error', 'expiring') and c.secret is not null and (c.next_sync_at is null or c.next_sync_at <= ${nowIso}))`

/**
 * One page (by id) of the organisations the cron visits, not in maintenance: `tick` when the Autopilot should tick it
 * (an active segment, Autopilot not paused), `sync` when one of its ERP connectors is due.
 */
export async function organisationsToTick(db: Db, after: string | null, limit: number, nowIso: string) {
  const tick = sql<number>`(${organisations.autopilotPaused} = 0 and exists (select 1 from ${segments} s where s.org_id = ${organisations.id} and s.status = 'active'))`
  const sync = sql<number>`(${connectorDueSql(sql`${organisations.id}`, nowIso)})`
  const rows = await db
    .select({ id: organisations.id, tick: sql<number>`${tick}`.as("tick"), sync: sql<number>`${sync}`.as("sync") })
    .from(organisations)
    .where(and(after ? gt(organisations.id, after) : undefined, eq(organisations.maintenance, false), sql`(${tick} or ${sync})`))
    .orderBy(asc(organisations.id))
    .limit(limit)
  return rows.map((r) => ({ id: r.id, tick: Number(r.tick) === 1, sync: Number(r.sync) === 1 }))
}
