// Every reason of the send rule through every entry point: the tick, approve, bulk approve, compose and delivery agree.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import {
  cadenceVersions,
  contacts,
  invoices,
  organisations,
  outreach,
  paymentPlanInstalments,
  paymentPlans,
  promises,
  segments,
  suppressions,
} from "../../src/db/schema"
import worker from "../../src/index"
import { systemActor } from "../../src/services/audit"
import type { DeliveryMessage } from "../../src/tenant/enqueue"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"
import { addQueuedOutreach, addSegment, addSendingDomain, daysBefore, outreachRow, tenant } from "./fixtures"

const today = () => new Date().toISOString().slice(0, 10)
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
const emailOf = (customerId: string) => `ap-${customerId.slice(-8).toLowerCase()}@customer.example`
type T = { orgId: string; segmentId: string; versionId: string; customerId: string; invoiceId: string }

/** What makes each reason true for one invoice (or its organisation or segment). */
const conditions: Record<string, (t: T) => Promise<unknown>> = {
  paid: (t) => db().update(invoices).set({ status: "paid", balanceMinor: 0 }).where(eq(invoices.id, t.invoiceId)),
  void: (t) => db().update(invoices).set({ status: "void" }).where(eq(invoices.id, t.invoiceId)),
  disputed: (t) => db().update(invoices).set({ disputed: true }).where(eq(invoices.id, t.invoiceId)),
  promise_active: (t) =>
    db()
      .insert(promises)
      .values({
        id: newId("prm"),
        orgId: t.orgId,
        invoiceId: t.invoiceId,
        customerId: t.customerId,
        amountMinor: 1000,
        currency: "USD",
        promisedDate: inDays(5),
        status: "open",
        source: "operator",
        createdAt: new Date().toISOString(),
      }),
  payment_plan_on_track: async (t) => {
    const planId = newId("plan")
    await db().batch([
      db()
        .insert(paymentPlans)
        .values({
          id: planId,
          orgId: t.orgId,
          customerId: t.customerId,
          invoiceId: t.invoiceId,
          status: "active",
          instalmentCount: 2,
          frequency: "monthly",
          firstDate: inDays(10),
          totalMinor: 125_000,
          currency: "USD",
          createdAt: new Date().toISOString(),
        }),
      db()
        .insert(paymentPlanInstalments)
        .values([
          { id: newId("pli"), orgId: t.orgId, planId, seq: 1, dueDate: inDays(10), amountMinor: 62_500 },
          { id: newId("pli"), orgId: t.orgId, planId, seq: 2, dueDate: inDays(40), amountMinor: 62_500 },
        ]),
    ])
  },
  no_contact: async (t) => {
    await db().delete(contacts).where(eq(contacts.customerId, t.customerId))
    await db().update(outreach).set({ toEmail: null }).where(eq(outreach.invoiceId, t.invoiceId))
  },
  suppressed: (t) =>
    db()
      .insert(suppressions)
      .values({ id: newId("sup"), orgId: t.orgId, email: emailOf(t.customerId), reason: "bounce", createdAt: new Date().toISOString() }),
  unsubscribed: (t) =>
    db()
      .insert(suppressions)
      .values({
        id: newId("sup"),
        orgId: t.orgId,
        email: emailOf(t.customerId),
        reason: "unsubscribe",
        createdAt: new Date().toISOString(),
      }),
  segment_not_active: (t) => db().update(segments).set({ status: "paused" }).where(eq(segments.id, t.segmentId)),
  segment_in_shadow: (t) => db().update(segments).set({ mode: "shadow" }).where(eq(segments.id, t.segmentId)),
  maintenance: (t) => db().update(organisations).set({ maintenance: true }).where(eq(organisations.id, t.orgId)),
  autopilot_paused: (t) =>
    db()
      .update(organisations)
      .set({ autopilotPaused: true, autopilotPausedReason: "Paused by the Controller for the quarter close" })
      .where(eq(organisations.id, t.orgId)),
  reputation_pause: (t) =>
    db()
      .update(organisations)
      .set({ autopilotPaused: true, autopilotPausedReason: "Paused automatically: bounce rate 4.0% over the last 7 days exceeds 2%" })
      .where(eq(organisations.id, t.orgId)),
  cap_segment_day: (t) => db().update(segments).set({ sendCapPerDay: 0 }).where(eq(segments.id, t.segmentId)),
  cap_contact_week: (t) => db().update(cadenceVersions).set({ maxTouchesPerContactWeek: 0 }).where(eq(cadenceVersions.id, t.versionId)),
  cap_domain_warmup: (t) => addSendingDomain(t.orgId, { dailyCap: 0 }),
}

/** Expected outcome per entry point: a blocker code, or what happens when the rule lets it through. */
const table: [reason: string, tick: string, approve: string, compose: string, delivery: string][] = [
  ["paid", "not looked at", "paid", "paid", "skipped:paid"],
  ["void", "not looked at", "void", "void", "skipped:void"],
  ["disputed", "disputed", "disputed", "disputed", "skipped:disputed"],
  ["promise_active", "promise_active", "promise_active", "promise_active", "skipped:promise_active"],
  ["payment_plan_on_track", "payment_plan_on_track", "payment_plan_on_track", "payment_plan_on_track", "skipped:payment_plan_on_track"],
  ["no_contact", "no_contact", "no_contact", "no_contact", "skipped:no_contact"],
  ["suppressed", "suppressed", "suppressed", "suppressed", "suppressed:suppressed"],
  ["unsubscribed", "unsubscribed", "unsubscribed", "unsubscribed", "suppressed:unsubscribed"],
  ["segment_not_active", "not looked at", "segment_not_active", "queued", "skipped:segment_not_active"],
  ["segment_in_shadow", "drafted", "queued", "queued", "skipped:segment_in_shadow"],
  ["maintenance", "maintenance", "maintenance", "maintenance", "held in the queue"],
  ["autopilot_paused", "autopilot_paused", "queued", "queued", "skipped:autopilot_paused"],
  ["reputation_pause", "reputation_pause", "queued", "queued", "skipped:reputation_pause"],
  ["cap_segment_day", "cap_segment_day", "cap_segment_day", "queued", "sent"],
  ["cap_contact_week", "cap_contact_week", "cap_contact_week", "queued", "sent"],
  ["cap_domain_warmup", "cap_domain_warmup", "cap_domain_warmup", "cap_domain_warmup", "sent"],
]

async function setup(): Promise<Omit<T, "customerId" | "invoiceId"> & { add: () => Promise<{ customerId: string; invoiceId: string }> }> {
  const org = await makeOrg()
  const { segmentId, versionId } = await addSegment(org.id, { mode: "autopilot", touchesPerContactWeek: 10 })
  return {
    orgId: org.id,
    segmentId,
    versionId,
    add: async () => {
      const customerId = newId("cus")
      await addCustomer(org.id, { id: customerId }, emailOf(customerId))
      return { customerId, invoiceId: await addInvoice(org.id, customerId, { dueDate: daysBefore(today(), 3) }) }
    },
  }
}

const draft = (t: T) =>
  addQueuedOutreach(t.orgId, t.invoiceId, t.customerId, {
    status: "draft",
    segmentId: t.segmentId,
    kind: "reminder",
    toEmail: emailOf(t.customerId),
  })

async function deliver(orgId: string, outreachId: string) {
  const batch = createMessageBatch<DeliveryMessage>("plixo-delivery", [
    { id: `m-${outreachId}`, timestamp: new Date(), attempts: 1, body: { orgId, outreachId } },
  ])
  const ctx = createExecutionContext()
  await worker.queue!(batch as MessageBatch<unknown>, env)
  await getQueueResult(batch, ctx)
  const row = await outreachRow(outreachId)
  if (row.status === "sent") return "sent"
  if (row.status === "queued") return "held in the queue"
  return `${row.status}:${row.reason}`
}

describe("one send rule behind every entry point", () => {
  it.each(table)("%s: tick %s, approve %s, compose %s, delivery %s", async (reason, tick, approve, compose, delivery) => {
    const condition = conditions[reason]!
    const s = await setup()
    const stub = tenant(s.orgId)
    const forApprove = { ...s, ...(await s.add()) }
    const forBulk = { ...s, ...(await s.add()) }
    const clean = { ...s, ...(await s.add()) }
    const forCompose = { ...s, ...(await s.add()) }
    const forDelivery = { ...s, ...(await s.add()) }
    const approveId = await draft(forApprove)
    const bulkId = await draft(forBulk)
    // A clean draft approved in the same bulk action goes through, unless the reason holds for the whole organisation or segment.
    const wide = ["cap_segment_day", "cap_contact_week", "cap_domain_warmup", "segment_not_active", "segment_in_shadow", "maintenance"]
    const cleanId = wide.includes(reason) ? null : await draft(clean)
    const deliveryId = await addQueuedOutreach(s.orgId, forDelivery.invoiceId, forDelivery.customerId, {
      segmentId: s.segmentId,
      kind: "reminder",
      toEmail: emailOf(forDelivery.customerId),
    })
    // Queued first, then the circumstance changes: delivery must notice.
    const orgWide = [
      "maintenance",
      "autopilot_paused",
      "reputation_pause",
      "segment_not_active",
      "segment_in_shadow",
      "cap_segment_day",
      "cap_contact_week",
      "cap_domain_warmup",
    ]
    for (const t of orgWide.includes(reason) ? [forApprove] : [forApprove, forBulk, forCompose, forDelivery]) await condition(t)

    const one = await stub.approveDrafts([approveId], systemActor, s.orgId)
    expect(one.approved.length ? "queued" : one.refused[0]!.reason).toBe(approve)
    const bulk = await stub.approveDrafts(cleanId ? [cleanId, bulkId] : [bulkId], systemActor, s.orgId)
    expect(bulk.approved.includes(bulkId) ? "queued" : bulk.refused.find((r) => r.id === bulkId)!.reason).toBe(approve)
    if (cleanId) expect(bulk.approved).toContain(cleanId)
    const composed = await stub.sendManual(
      { invoiceId: forCompose.invoiceId, subject: "About {invoice_number}", body: "Please pay {invoice_balance}." },
      systemActor,
      s.orgId,
    )
    expect(composed.outreachId ? "queued" : composed.refused).toBe(compose)
    expect(await deliver(s.orgId, deliveryId)).toBe(delivery)

    // The tick, on an organisation of its own where the condition holds before it runs.
    const u = await setup()
    const only = { ...u, ...(await u.add()) }
    await condition(only)
    const summary = await tenant(u.orgId).tickNow(u.orgId)
    const made = await db().select().from(outreach).where(eq(outreach.invoiceId, only.invoiceId))
    const seen = Object.keys(summary.skipped)[0] ?? (made.length ? (made[0]!.status === "draft" ? "drafted" : "queued") : "not looked at")
    expect(seen).toBe(tick)
  })
})
