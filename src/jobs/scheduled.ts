// Cron handlers: the */5 Autopilot fan-out to each organisation's TenantDO, and the daily snapshots at 00:15 UTC.
import { and, asc, eq, gt, sql } from "drizzle-orm"
import { createDb, type Db } from "../db/client"
import { opsState, organisations, segments } from "../db/schema"
import { snapshotDataReady } from "../services/data-ready"
import { snapshotDailyMetrics } from "../services/metrics"
import { reconcilePromises } from "../services/promises"
import { refreshRiskScores } from "../services/risk-scores"
import { syncDueConnectors } from "./connector-sync"
import { remindExpiringCredentials } from "./credential-reminders"
import { startFanOut } from "./tick-fanout"

export const dailyCron = "15 0 * * *"
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

/** Runs `work` over `items` with at most `limit` in flight. */
export async function boundedAll<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!)
  })
  await Promise.all(lanes)
}

/** 00:15 UTC: Data-Ready snapshot, daily metrics, promise reconciliation and risk scores for every organisation. */
export async function dailyJobs(env: Env, scheduledTime: number): Promise<{ organisations: number; failed: number }> {
  const db = createDb(env.DB)
  const now = new Date(scheduledTime)
  const orgs = await db.select({ id: organisations.id }).from(organisations)
  let failed = 0
  await boundedAll(orgs, 4, async ({ id }) => {
    for (const [name, job] of [
      ["data-ready", () => snapshotDataReady(db, id, now)],
      ["metrics", () => snapshotDailyMetrics(db, id, now)],
      ["promises", () => reconcilePromises(db, env, id, now)],
      ["risk-scores", () => refreshRiskScores(db, id, now)],
    ] as const) {
      try {
        await job()
      } catch (err) {
        failed++
        console.error(`daily ${name} failed`, id, err)
      }
    }
  })
  await heartbeat(db, "cron_last_daily", now, JSON.stringify({ at: now.toISOString(), organisations: orgs.length, failed }))
  return { organisations: orgs.length, failed }
}

export async function runScheduled(controller: ScheduledController, env: Env, _ctx?: ExecutionContext): Promise<void> {
  if (controller.cron === dailyCron)
    await Promise.all([dailyJobs(env, controller.scheduledTime), remindExpiringCredentials(env, controller.scheduledTime)])
  else await Promise.all([startFanOut(env, controller.scheduledTime), syncDueConnectors(env, controller.scheduledTime)])
}
