// Inbound email: replies threaded to their outreach, and the /webhooks/email endpoint's signature and parsing.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, emailEvents, invoices, organisations, outreach, suppressions, tasks } from "../../src/db/schema"
import { receiveInbound } from "../../src/jobs/inbound-email"
import { signEmailWebhook } from "../../src/services/email-webhook"
import { addCustomer, addInvoice, call, db, makeOrg } from "../helpers"
import { addQueuedOutreach, outreachRow } from "./fixtures"
import reply from "../fixtures/email/reply.eml?raw"
import autoReply from "../fixtures/email/auto-reply.eml?raw"
import bounce from "../fixtures/email/bounce.eml?raw"

const fill = (raw: string, id: string) => raw.replaceAll("{{OUTREACH}}", id).replace(/\r?\n/g, "\r\n")

async function sentReminder() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id)
  const invoiceId = await addInvoice(org.id, customerId)
  const outreachId = await addQueuedOutreach(org.id, invoiceId, customerId, { status: "sent", sentAt: "2026-11-16T15:00:00.000Z" })
  return { org, customerId, invoiceId, outreachId }
}

describe("inbound email", () => {
  it("records a payer reply on the invoice and closes its open escalation", async () => {
    const { org, invoiceId, outreachId } = await sentReminder()
    await db()
      .insert(tasks)
      .values({
        id: `tsk_${outreachId}`,
        orgId: org.id,
        invoiceId,
        kind: "escalation",
        title: "Call",
        dedupeKey: `esc:${outreachId}`,
        createdAt: new Date().toISOString(),
      })
    const result = await receiveInbound(env, fill(reply, outreachId), "billing@reply.plixo.dev")
    expect(result).toMatchObject({ kind: "reply", outreachId })
    expect((await outreachRow(outreachId)).respondedAt).not.toBeNull()
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv!.lastResponseAt).not.toBeNull()
    const [task] = await db()
      .select()
      .from(tasks)
      .where(eq(tasks.id, `tsk_${outreachId}`))
    expect(task!.status).toBe("done")
    const events = await db()
      .select()
      .from(emailEvents)
      .where(and(eq(emailEvents.orgId, org.id), eq(emailEvents.type, "reply")))
    expect(events[0]!.detail).toContain("payment is scheduled for Friday")
  })

  it("matches a reply by In-Reply-To when the tagged address was lost", async () => {
    const { outreachId } = await sentReminder()
    const raw = fill(reply, outreachId).replace(`r+${outreachId}@reply.plixo.dev`, "billing@acme.example")
    expect((await receiveInbound(env, raw, "billing@acme.example")).outreachId).toBe(outreachId)
  })

  it("does not count an out-of-office answer as a response", async () => {
    const { invoiceId, outreachId } = await sentReminder()
    const result = await receiveInbound(env, fill(autoReply, outreachId), `r+${outreachId}@reply.plixo.dev`)
    expect(result.kind).toBe("auto_reply")
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv!.lastResponseAt).toBeNull()
  })

  it("turns a DSN hard bounce into a suppression", async () => {
    const { org, outreachId } = await sentReminder()
    const result = await receiveInbound(env, fill(bounce, outreachId), `r+${outreachId}@reply.plixo.dev`)
    expect(result).toMatchObject({ kind: "bounce", bouncedEmail: "ap@customer.example", permanent: true })
    const rows = await db().select().from(suppressions).where(eq(suppressions.orgId, org.id))
    expect(rows.map((r) => r.reason)).toEqual(["bounce"])
  })
})

describe("POST /webhooks/email", () => {
  const post = (body: string, signature: string | null) =>
    call("/webhooks/email", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(signature ? { "X-Plixo-Signature": signature } : {}) },
      body,
    })
  const now = () => Math.floor(Date.now() / 1000)

  it.each([
    ["no signature", async () => null],
    ["a wrong secret", async (b: string) => signEmailWebhook("whsec_other", b, now())],
    ["a stale timestamp", async (b: string) => signEmailWebhook(env.EMAIL_WEBHOOK_SECRET, b, now() - 3600)],
  ])("refuses a delivery with %s and changes nothing", async (_name, sign) => {
    const { org, outreachId } = await sentReminder()
    const body = JSON.stringify({
      events: [{ id: `evt_${outreachId}`, type: "complaint", email: "ap@customer.example", outreach_id: outreachId }],
    })
    const res = await post(body, await sign(body))
    expect(res.status).toBe(400)
    expect(await db().select().from(suppressions).where(eq(suppressions.orgId, org.id))).toHaveLength(0)
  })

  it("records signed complaints once, suppresses the address and pauses Autopilot over 0.3%", async () => {
    const { org, invoiceId, customerId } = await sentReminder()
    // 60 sends in the last 7 days; one complaint is 1.7%.
    for (let i = 0; i < 59; i++)
      await addQueuedOutreach(org.id, invoiceId, customerId, { status: "sent", sentAt: new Date().toISOString() })
    const [first] = await db().select({ id: outreach.id }).from(outreach).where(eq(outreach.orgId, org.id)).limit(1)
    const body = JSON.stringify({
      events: [{ id: `evt_c_${first!.id}`, type: "complaint", email: "AP@customer.example", outreach_id: first!.id }],
    })
    for (let i = 0; i < 2; i++) {
      const res = await post(body, await signEmailWebhook(env.EMAIL_WEBHOOK_SECRET, body, now()))
      expect(res.status).toBe(200)
    }
    expect(
      await db()
        .select()
        .from(emailEvents)
        .where(and(eq(emailEvents.orgId, org.id), eq(emailEvents.type, "complaint"))),
    ).toHaveLength(1)
    expect((await db().select().from(suppressions).where(eq(suppressions.orgId, org.id))).map((s) => s.email)).toEqual([
      "ap@customer.example",
    ])
    const [o] = await db().select().from(organisations).where(eq(organisations.id, org.id))
    expect(o!.autopilotPaused).toBe(true)
    expect(o!.autopilotPausedReason).toContain("complaint rate")
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "autopilot.paused")))
    expect(audit).toHaveLength(1)
  })
})
