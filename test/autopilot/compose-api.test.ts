// Compose, promises and outreach history through the API; queued sends re-checked at delivery when circumstances change.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { invoices, segments } from "../../src/db/schema"
import worker from "../../src/index"
import type { DeliveryMessage } from "../../src/tenant/enqueue"
import { addCustomer, addInvoice, api, db, makeOrg } from "../helpers"
import { addQueuedOutreach, addSegment, daysBefore, mailFor, outreachRow } from "./fixtures"

const today = () => new Date().toISOString().slice(0, 10)
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
type ErrorBody = { error: { code: string; message: string; details: { field: string; reason: string; message: string }[] } }

async function deliver(orgId: string, outreachId: string) {
  const batch = createMessageBatch<DeliveryMessage>("plixo-delivery", [
    { id: `m-${outreachId}`, timestamp: new Date(), attempts: 1, body: { orgId, outreachId } },
  ])
  await worker.queue!(batch as MessageBatch<unknown>, env)
  await getQueueResult(batch, createExecutionContext())
}

async function setup() {
  const org = await makeOrg()
  const { segmentId } = await addSegment(org.id, { mode: "autopilot", touchesPerContactWeek: 10 })
  const customerId = await addCustomer(org.id, { name: "Globex Supplies" })
  const invoiceId = await addInvoice(org.id, customerId, { dueDate: daysBefore(today(), 5), invoiceNumber: `INV-${customerId.slice(-5)}` })
  return { org, segmentId, customerId, invoiceId }
}

describe("compose and promises through the API", () => {
  it("composes a message: 201 queued, delivered once, with its history", async () => {
    const { org, invoiceId } = await setup()
    const res = await api(org, "operator", "/api/v1/outreach", {
      method: "POST",
      json: { invoice_id: invoiceId, subject: "About {invoice_number}", body: "Hello {contact_name}, {invoice_balance} is open." },
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    await db()
      .update((await import("../../src/db/schema")).outreach)
      .set({ scheduledFor: new Date().toISOString() })
      .where(eq((await import("../../src/db/schema")).outreach.id, id))
    await deliver(org.id, id)
    const [mail] = await mailFor(id)
    expect(mail!.subject).toMatch(/^About INV-/)
    const detail = (await (await api(org, "cfo", `/api/v1/outreach/${id}`)).json()) as { status: string; history: { status: string }[] }
    expect(detail.status).toBe("sent")
    expect(detail.history.map((h) => h.status)).toEqual(["queued", "sending", "sent"])
  })

  it("refuses to compose for a disputed invoice with the rule's blockers as details, and writes nothing", async () => {
    const { org, invoiceId } = await setup()
    await db().update(invoices).set({ disputed: true }).where(eq(invoices.id, invoiceId))
    const res = await api(org, "operator", "/api/v1/outreach", {
      method: "POST",
      json: { invoice_id: invoiceId, subject: "Hi", body: "Please pay." },
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as ErrorBody
    expect(body.error.details).toEqual([
      { field: "invoice", reason: "disputed", message: "The invoice is disputed: reminders wait until the dispute is resolved." },
    ])
    const list = (await (await api(org, "operator", `/api/v1/outreach?invoice_id=${invoiceId}`)).json()) as { data: unknown[] }
    expect(list.data).toHaveLength(0)
  })

  it.each([
    [{ subject: "", body: "x" }, "subject"],
    [{ subject: "Hi {nonsense_tag}", body: "x" }, "subject"],
    [{ subject: "Hi", body: "x", send_at: "tomorrow" }, "send_at"],
  ])("answers 400 naming the field for %j", async (fields, field) => {
    const { org, invoiceId } = await setup()
    const res = await api(org, "operator", "/api/v1/outreach", { method: "POST", json: { invoice_id: invoiceId, ...fields } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details.map((d) => d.field)).toContain(field)
  })

  it("another organisation's invoice is not found", async () => {
    const { invoiceId } = await setup()
    const other = await makeOrg()
    expect(
      (await api(other, "operator", "/api/v1/outreach", { method: "POST", json: { invoice_id: invoiceId, subject: "Hi", body: "x" } }))
        .status,
    ).toBe(404)
  })

  it("a promise logged by an Operator: 201, the payer is thanked, and approving a draft afterwards is 422 promise_active with nothing sent", async () => {
    const { org, invoiceId, customerId, segmentId } = await setup()
    const draftId = await addQueuedOutreach(org.id, invoiceId, customerId, { status: "draft", segmentId, kind: "reminder" })
    const res = await api(org, "operator", "/api/v1/promises", {
      method: "POST",
      json: { invoice_id: invoiceId, promised_date: inDays(7), note: "Said on the phone: paying next week", channel: "phone" },
    })
    expect(res.status).toBe(201)
    const approve = await api(org, "operator", `/api/v1/outreach/${draftId}/approve`, { method: "POST" })
    expect(approve.status).toBe(422)
    const body = (await approve.json()) as ErrorBody
    expect(body.error.details.map((d) => d.reason)).toEqual(["promise_active"])
    expect(body.error.details[0]!.message).toContain(inDays(7))
    expect((await outreachRow(draftId)).status).toBe("draft")
    expect(await mailFor(draftId)).toHaveLength(0)
    // The confirmation went through the outbox as its own outreach, not held by the promise.
    const list = (await (await api(org, "operator", `/api/v1/outreach?invoice_id=${invoiceId}`)).json()) as {
      data: { id: string; kind: string }[]
    }
    const confirmation = list.data.find((o) => o.kind === "confirmation")!
    await deliver(org.id, confirmation.id)
    expect((await mailFor(confirmation.id))[0]!.subject).toContain("Your payment promise")
  })

  it("refuses an impossible promise date naming the field", async () => {
    const { org, invoiceId } = await setup()
    const res = await api(org, "operator", "/api/v1/promises", {
      method: "POST",
      json: { invoice_id: invoiceId, promised_date: "2026-99-99" },
    })
    expect([400, 422]).toContain(res.status)
    expect(((await res.json()) as ErrorBody).error.details.map((d) => d.field)).toContain("promised_date")
  })
})

describe("a send queued before circumstances changed is cancelled at delivery", () => {
  it("a promise logged through the API after queueing", async () => {
    const { org, invoiceId, customerId, segmentId } = await setup()
    const id = await addQueuedOutreach(org.id, invoiceId, customerId, { segmentId, kind: "reminder" })
    expect(
      (await api(org, "operator", "/api/v1/promises", { method: "POST", json: { invoice_id: invoiceId, promised_date: inDays(3) } }))
        .status,
    ).toBe(201)
    await deliver(org.id, id)
    expect(await outreachRow(id)).toMatchObject({ status: "skipped", reason: "promise_active" })
    expect(await mailFor(id)).toHaveLength(0)
  })

  it("the segment switched back to Shadow Mode through the API", async () => {
    const { org, invoiceId, customerId, segmentId } = await setup()
    const id = await addQueuedOutreach(org.id, invoiceId, customerId, { segmentId, kind: "reminder" })
    const res = await api(org, "controller", `/api/v1/segments/${segmentId}`, { method: "PATCH", json: { mode: "shadow" } })
    expect(res.status).toBe(200)
    expect((await db().select().from(segments).where(eq(segments.id, segmentId)))[0]!.mode).toBe("shadow")
    await deliver(org.id, id)
    expect(await outreachRow(id)).toMatchObject({ status: "skipped", reason: "segment_in_shadow" })
    expect(await mailFor(id)).toHaveLength(0)
  })
})
