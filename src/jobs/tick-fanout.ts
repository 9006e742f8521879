// The Autopilot fan-out through the TICKS queue: cron -> one page message -> pages of organisations -> one tick message
// per organisation -> a consumer that ticks at most a batch of TenantDOs and syncs their due ERP connectors. Every
// invocation does a bounded amount of work.
import { createDb } from "../db/client"
import { heartbeat, opsSwitches, organisationsToTick } from "../db/ops-state"
import { syncDueConnectors } from "./connector-sync"

/** Organisations one page message lists (one D1 query) and turns into tick messages (sendBatch takes 100 at most). */
export const fanOutPageSize = 1000
const sendBatchMax = 100

export type TickMessage =
  | { kind: "page"; scheduledTime: number; after: string | null; enqueued: number }
  /** `tick` false: only the organisation's due ERP connectors (`sync`); messages without the flags tick. */
  | { kind: "tick"; scheduledTime: number; orgId: string; tick?: boolean; sync?: boolean }

export type FanOutStart = { skipped: string | null }

/** Ticks are keyed by the minute they were scheduled for, so a retried or late dispatch of one slot is one tick. */
export function slotOf(scheduledTime: number): number {
  return Math.floor(scheduledTime / 60_000) * 60_000
}

/** The cron: honours the deployment switches, then enqueues the first page. One D1 query, one message. */
export async function startFanOut(env: Env, scheduledTime: number): Promise<FanOutStart> {
  const db = createDb(env.DB)
  const slot = slotOf(scheduledTime)
  const now = new Date(slot)
  const switches = await opsSwitches(db)
  if (switches.cronPaused || switches.maintenance) {
    await heartbeat(db, "cron_last_skipped", now, `${now.toISOString()} ${switches.cronPaused ? "cron paused" : "maintenance"}`)
    return { skipped: switches.cronPaused ? "cron_paused" : "maintenance" }
  }
  await env.TICKS.send({ kind: "page", scheduledTime: slot, after: null, enqueued: 0 } satisfies TickMessage, { contentType: "json" })
  return { skipped: null }
}

async function runPage(env: Env, page: Extract<TickMessage, { kind: "page" }>): Promise<void> {
  const db = createDb(env.DB)
  const orgs = await organisationsToTick(db, page.after, fanOutPageSize, new Date(page.scheduledTime).toISOString())
  for (let i = 0; i < orgs.length; i += sendBatchMax) {
    await env.TICKS.sendBatch(
      orgs.slice(i, i + sendBatchMax).map(({ id, tick, sync }) => ({
        body: { kind: "tick", scheduledTime: page.scheduledTime, orgId: id, tick, sync } satisfies TickMessage,
        contentType: "json" as const,
      })),
    )
  }
  const enqueued = page.enqueued + orgs.length
  if (orgs.length === fanOutPageSize) {
    await env.TICKS.send(
      { kind: "page", scheduledTime: page.scheduledTime, after: orgs[orgs.length - 1]!.id, enqueued } satisfies TickMessage,
      { contentType: "json" },
    )
    return
  }
  // The last page: every organisation of this slot has its tick message.
  const at = new Date(page.scheduledTime)
  await heartbeat(db, "cron_last_run", at, JSON.stringify({ at: at.toISOString(), organisations: enqueued, failed: 0 }))
}

/** The TICKS consumer. A failed page or tick is retried by the queue; a tick is idempotent by its slot. */
export async function tickBatch(batch: MessageBatch<TickMessage>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (msg) => {
      try {
        const body = msg.body
        if (body.kind === "page") await runPage(env, body)
        else {
          if (body.tick !== false)
            await env.TENANT.get(env.TENANT.idFromName(body.orgId)).tick(new Date(body.scheduledTime).toISOString(), body.orgId)
          if (body.sync) await syncDueConnectors(env, body.orgId, body.scheduledTime)
        }
        msg.ack()
      } catch (err) {
        console.error("tick fan-out message failed", msg.body, err)
        msg.retry({ delaySeconds: 30 })
      }
    }),
  )
}
