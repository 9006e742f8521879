// Hands queued outreach to the DELIVERY queue, each message delayed until its send time (jitter included).
import { chunk } from "../db/client"

/** Cloudflare Queues: a message may be delayed by at most 12 hours; the consumer re-defers anything still early. */
export const maxQueueDelaySeconds = 43_200

export type DeliveryMessage = { outreachId: string; orgId: string }
export type Delivery = DeliveryMessage & { at: Date }

export function delaySecondsUntil(at: Date, now: Date): number {
  return Math.min(maxQueueDelaySeconds, Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000)))
}

/** sendBatch takes at most 100 messages per call. */
export async function enqueueDeliveries(env: Env, deliveries: Delivery[], now: Date): Promise<void> {
  for (const part of chunk(deliveries, 100)) {
    await env.DELIVERY.sendBatch(
      part.map((d) => ({
        body: { outreachId: d.outreachId, orgId: d.orgId } satisfies DeliveryMessage,
        contentType: "json" as const,
        delaySeconds: delaySecondsUntil(d.at, now),
      })),
    )
  }
}

/**
 * Enqueues after the rows are committed. A failure is logged, not thrown: the rows stay `queued` and the outbox
 * sweep (jobs/outbox-sweep.ts) hands them to the queue again, so a failed enqueue delays a send but never loses it.
 */
export async function enqueueSafely(env: Env, deliveries: Delivery[], now: Date): Promise<boolean> {
  try {
    await enqueueDeliveries(env, deliveries, now)
    return true
  } catch (err) {
    console.error("enqueue failed; the outbox sweep will retry", deliveries.length, err)
    // Wake each organisation's sweep soon rather than at its next tick (best effort: the tick sweeps too).
    for (const orgId of new Set(deliveries.map((d) => d.orgId))) {
      await env.TENANT.get(env.TENANT.idFromName(orgId))
        .armSweep(orgId)
        .catch((e: unknown) => console.error("could not arm the outbox sweep", orgId, e))
    }
    return false
  }
}
