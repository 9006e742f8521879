// Fault injection on the outbox: a failed enqueue, a crash between send and record, a tick cut off before its enqueue.
import { devMailStore } from "../../src/db/dev-mail"
import { runInDurableObject } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { createDb } from "../../src/db/client"
import { outreach, outreachEvents } from "../../src/db/schema"
import { staleClaimMs } from "../../src/db/outreach-state"
import { deliverOne } from "../../src/jobs/delivery"
import { sweepOutbox } from "../../src/tenant/outbox-sweep"
import { DevMailbox } from "../../src/integrations/email/dev-mailbox"
import type { EmailTransport } from "../../src/integrations/email"
import { queuePayerNotification } from "../../src/services/payer-notifications"
import type { DeliveryMessage } from "../../src/tenant/enqueue"
import { SendLedger } from "../../src/tenant/ledger"
import { CadenceState } from "../../src/tenant/cadence-state"
import type { TenantDO } from "../../src/tenant/tenant-do"
import { runTick } from "../../src/tenant/tick"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"
import { addQueuedOutreach, addSegment, daysBefore, mailFor, outreachRow, tenant } from "./fixtures"

const later = (ms: number) => new Date(Date.now() + ms)
const brokenQueue = {
  send: async () => Promise.reject(new Error("queue unavailable")),
  sendBatch: async () => Promise.reject(new Error("queue unavailable")),
} as unknown as Queue
function recordingQueue() {
  const messages: DeliveryMessage[] = []
  const q = {
    send: async (body: DeliveryMessage) => void messages.push(body),
    sendBatch: async (batch: { body: DeliveryMessage }[]) => void messages.push(...batch.map((m) => m.body)),
  } as unknown as Queue
  return { q, messages }
}
const mailbox = () => new DevMailbox(devMailStore(createDb(env.DB)), env.EMAIL_FROM)

describe("the outbox loses nothing and sends nothing twice", () => {
  it("a payer notification whose enqueue failed stays queued, arms the sweep, and is sent once when swept", async () => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id)
    const invoiceId = await addInvoice(org.id, customerId)
    const { outreachId } = await queuePayerNotification({ ...env, DELIVERY: brokenQueue }, db(), org.id, {
      kind: "acknowledgement",
      customerId,
      invoiceId,
      key: `ack:${invoiceId}`,
      subject: "We received your dispute",
      text: "Thank you.",
    })
    expect((await outreachRow(outreachId)).status).toBe("queued")
    const alarm = await runInDurableObject(tenant(org.id), (_i: TenantDO, state) => state.storage.getAlarm())
    expect(alarm).not.toBeNull()

    const { q, messages } = recordingQueue()
    expect(await sweepOutbox({ ...env, DELIVERY: q }, org.id, later(6 * 60_000))).toEqual({ requeued: 1 })
    for (const m of messages) await deliverOne(env, db(), mailbox(), m, later(6 * 60_000), 1)
    expect(await mailFor(outreachId)).toHaveLength(1)
    expect((await outreachRow(outreachId)).status).toBe("sent")
    // Nothing is left for a later sweep.
    expect(await sweepOutbox({ ...env, DELIVERY: q }, org.id, later(20 * 60_000))).toEqual({ requeued: 0 })
  })

  it("a consumer that crashes after sending and before recording is taken over once the claim is stale: one email", async () => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id)
    const invoiceId = await addInvoice(org.id, customerId)
    const outreachId = await addQueuedOutreach(org.id, invoiceId, customerId)
    const crashing: EmailTransport = {
      name: "crashing",
      send: async (email) => {
        await mailbox().send(email)
        throw new Error("worker evicted before the result was recorded")
      },
    }
    const body = { orgId: org.id, outreachId }
    await expect(deliverOne(env, db(), crashing, body, new Date(), 1)).rejects.toThrow("evicted")
    expect((await outreachRow(outreachId)).status).toBe("sending")
    // The queue retries at once: the unfinished claim is left alone and the message comes back later.
    const early = await deliverOne(env, db(), mailbox(), body, new Date(), 2)
    expect(early.kind).toBe("retry")
    const takeover = await deliverOne(env, db(), mailbox(), body, later(staleClaimMs + 60_000), 3)
    expect(takeover.kind).toBe("sent")
    expect(await mailFor(outreachId)).toHaveLength(1)
    const history = await db().select().from(outreachEvents).where(eq(outreachEvents.outreachId, outreachId))
    expect(history.map((h) => h.status)).toEqual(["sending", "sending", "sent"])
  })

  it("a tick cut off between writing its sends and enqueueing them: the next tick adds nothing, the sweep delivers each once", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "autopilot", touchesPerContactWeek: 10 })
    for (let i = 0; i < 4; i++) {
      const c = await addCustomer(org.id, {}, `ap${i}@restart.example`)
      await addInvoice(org.id, c, { dueDate: daysBefore(new Date().toISOString().slice(0, 10), 3) })
    }
    const stub = tenant(org.id)
    const first = await runInDurableObject(stub, (_i: TenantDO, state) =>
      runTick(
        { ...env, DELIVERY: brokenQueue },
        new SendLedger(state.storage.sql),
        new CadenceState(state.storage.sql),
        org.id,
        "cut-off",
        new Date(),
      ),
    )
    expect(first.queued).toBe(4)
    const again = await stub.tickNow(org.id)
    expect(again.queued).toBe(0)

    const { q, messages } = recordingQueue()
    const sweepAt = later(20 * 60_000)
    expect((await sweepOutbox({ ...env, DELIVERY: q }, org.id, sweepAt)).requeued).toBe(4)
    for (const m of [...messages, ...messages]) await deliverOne(env, db(), mailbox(), m, sweepAt, 1)
    const rows = await db()
      .select()
      .from(outreach)
      .where(and(eq(outreach.orgId, org.id)))
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"])
    for (const r of rows) expect(await mailFor(r.id)).toHaveLength(1)
  })
})
