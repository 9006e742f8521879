// Cron handlers: the */5 fan-out to each organisation (its TenantDO tick and due ERP connector syncs, through the
// TICKS queue) plus the CFO's Monday summary, and the daily snapshots at 00:15 UTC.
import { createDb } from "../db/client"
import { organisations } from "../db/schema"
import { heartbeat } from "../db/ops-state"
import { boundedAll } from "./bounded-all"
import { sendDueCfoSummaries } from "./cfo-summary"
import { snapshotDataReady } from "../services/data-ready"
import { snapshotDailyMetrics } from "../services/metrics"
import { reconcilePromises } from "../services/promises"
import { refreshRiskScores } from "../services/risk-scores"
import { remindExpiringCredentials } from "./credential-reminders"
import { startFanOut } from "./tick-fanout"

export const dailyCron = "15 0 * * *"
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
  else await Promise.all([startFanOut(env, controller.scheduledTime), sendDueCfoSummaries(env, controller.scheduledTime)])
}
