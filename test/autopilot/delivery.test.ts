// The delivery queue consumer: sends queued outreach once, retries transient errors with backoff, fails permanent ones.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { invoices, suppressions } from "../../src/db/schema"
import worker from "../../src/index"
import { backoffSeconds, deliverBatch } from "../../src/jobs/delivery"
import type { EmailTransport } from "../../src/integrations/email"
import type { DeliveryMessage } from "../../src/tenant/enqueue"
import { addCustomer, addInvoice, call, db, makeOrg } from "../helpers"
import { addQueuedOutreach, mailFor, outreachRow } from "./fixtures"

let seq = 0
const message = (body: DeliveryMessage, attempts = 1) => ({ id: `msg-${++seq}`, timestamp: new Date(), attempts, body })

async function runQueue(queue: string, bodies: DeliveryMessage[]) {
  const batch = createMessageBatch<DeliveryMessage>(
    queue,
    bodies.map((b) => message(b)),
  )
  // The queue handler takes no execution context: it awaits every write before it returns, so there is nothing
  // to wait on; the context only collects the batch's acks and retries.
  await worker.queue!(batch as MessageBatch<unknown>, env)
  return getQueueResult(batch, createExecutionContext())
}

async function setup() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Globex Supplies" })
  const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: `INV-${++seq}`, balanceMinor: 98_500 })
  const outreachId = await addQueuedOutreach(org.id, invoiceId, customerId)
  return { org, customerId, invoiceId, outreachId }
}

describe("delivery queue consumer", () => {
  it("sends one email rendered with the balance at send time, with unsubscribe and reply routing headers", async () => {
    const { org, outreachId } = await setup()
    const result = await runQueue("plixo-delivery", [{ orgId: org.id, outreachId }])
    expect(result.explicitAcks).toHaveLength(1)
    const [mail] = await mailFor(outreachId)
    expect(mail!.subject).toContain("$985.00")
    expect(mail!.text).toContain("/p/")
    expect(mail!.headers["Reply-To"]).toBe(`r+${outreachId}@${env.INBOUND_DOMAIN}`)
    expect(mail!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click")
    expect(mail!.headers["Message-ID"]).toContain(outreachId)
    expect((await outreachRow(outreachId)).status).toBe("sent")

    // One-click unsubscribe from the header suppresses that address for the organisation.
    const url = /<([^>]+)>/.exec(mail!.headers["List-Unsubscribe"]!)![1]!
    const res = await call(new URL(url).pathname, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    })
    expect(res.status).toBe(200)
    const rows = await db().select().from(suppressions).where(eq(suppressions.orgId, org.id))
    expect(rows.map((r) => [r.email, r.reason])).toEqual([["ap@customer.example", "unsubscribe"]])
  })

  it("never sends a second email when the message is delivered again", async () => {
    const { org, outreachId } = await setup()
    await runQueue("plixo-delivery", [
      { orgId: org.id, outreachId },
      { orgId: org.id, outreachId },
    ])
    const again = await runQueue("plixo-delivery", [{ orgId: org.id, outreachId }])
    expect(again.explicitAcks).toHaveLength(1)
    expect(await mailFor(outreachId)).toHaveLength(1)
  })

  it("sends nothing when the invoice was paid between queueing and sending", async () => {
    const { org, invoiceId, outreachId } = await setup()
    await db().update(invoices).set({ status: "paid", balanceMinor: 0 }).where(eq(invoices.id, invoiceId))
    await runQueue("plixo-delivery", [{ orgId: org.id, outreachId }])
    expect(await mailFor(outreachId)).toHaveLength(0)
    expect(await outreachRow(outreachId)).toMatchObject({ status: "skipped", reason: "paid" })
  })

  it("sends nothing to a suppressed contact", async () => {
    const { org, outreachId } = await setup()
    await db()
      .insert(suppressions)
      .values({
        id: `sup_${outreachId}`,
        orgId: org.id,
        email: "ap@customer.example",
        reason: "complaint",
        createdAt: new Date().toISOString(),
      })
    await runQueue("plixo-delivery", [{ orgId: org.id, outreachId }])
    expect(await mailFor(outreachId)).toHaveLength(0)
    expect((await outreachRow(outreachId)).status).toBe("suppressed")
  })

  it.each([
    ["a transient error is retried with backoff", false, "retry"],
    ["a permanent error fails the outreach with the reason", true, "failed"],
  ] as const)("%s", async (_name, permanent, expected) => {
    const { org, outreachId } = await setup()
    const failing: EmailTransport = { name: "test", send: async () => ({ ok: false, permanent, error: "550 mailbox unavailable" }) }
    const batch = createMessageBatch<DeliveryMessage>("plixo-delivery", [message({ orgId: org.id, outreachId }, 3)])
    // deliverBatch takes no execution context (it awaits every write itself); the context only collects the batch's acks.
    await deliverBatch(batch, env, failing)
    const result = await getQueueResult(batch, createExecutionContext())
    const row = await outreachRow(outreachId)
    if (expected === "retry") {
      expect(result.retryMessages.map((m) => m.msgId)).toEqual([batch.messages[0]!.id])
      expect(backoffSeconds(3)).toBe(120)
      expect(row.status).toBe("queued")
    } else {
      expect(result.retryMessages).toEqual([])
      expect(row.status).toBe("failed")
      expect(row.reason).toContain("550 mailbox unavailable")
    }
  })

  it("marks an outreach failed when its message reaches the dead-letter queue", async () => {
    const { org, outreachId } = await setup()
    const result = await runQueue("plixo-delivery-dlq", [{ orgId: org.id, outreachId }])
    expect(result.explicitAcks).toHaveLength(1)
    expect(await outreachRow(outreachId)).toMatchObject({ status: "failed" })
    expect((await outreachRow(outreachId)).reason).toContain("dead-letter")
    expect(await mailFor(outreachId)).toHaveLength(0)
  })
})
