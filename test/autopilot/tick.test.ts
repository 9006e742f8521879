// The Autopilot tick: which invoices get which step, what it skips and why, and payment plans driving reminders.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { organisations, outreach, tasks } from "../../src/db/schema"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "./fixtures"

const monday = "2026-11-16T15:00:00.000Z" // 10:00 in New York

async function outreachOf(orgId: string) {
  return db().select().from(outreach).where(eq(outreach.orgId, orgId))
}

describe("Autopilot tick", () => {
  it("queues the due step of each owned invoice and does nothing new when the same tick runs again", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "autopilot" })
    const customerId = await addCustomer(org.id)
    await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 3) })
    await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 8) })
    const first = await tenant(org.id).tick(monday, org.id)
    expect(first.queued).toBe(2)
    const second = await tenant(org.id).tick(monday, org.id)
    expect(second.duplicate).toBe(true)
    expect(second.queued + second.drafted).toBe(0)
    expect(await outreachOf(org.id)).toHaveLength(2)
  })

  // Issue 12 changed this test: it expected the latest due step (the final notice here) as each invoice's first email.
  // An invoice's first reminder now follows the organisation's catch_up_start; with history the latest step still goes.
  it.each([
    ["first_past_due", 1],
    ["by_age", 2],
    ["final_only", 3],
  ] as const)("catches up after a 10-day gap with one email per invoice; catch_up_start %s starts at step %i", async (mode, position) => {
    const org = await makeOrg()
    await db().update(organisations).set({ catchUpStart: mode }).where(eq(organisations.id, org.id))
    await addSegment(org.id, { mode: "autopilot", touchesPerContactWeek: 10 })
    const customerId = await addCustomer(org.id)
    for (let i = 0; i < 5; i++) await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 15 + i) })
    const result = await tenant(org.id).tick(monday, org.id)
    expect(result.queued).toBe(5)
    const rows = await outreachOf(org.id)
    expect(rows.map((r) => r.stepPosition)).toEqual([position, position, position, position, position])
    // Once delivered, the next tick the day after has nothing new: no replay, and the next step keeps the cadence's gap.
    await db().update(outreach).set({ status: "sent", sentAt: monday }).where(eq(outreach.orgId, org.id))
    const later = await tenant(org.id).tick("2026-11-17T15:00:00.000Z", org.id)
    expect(later.queued).toBe(0)
  })

  it("drafts in Shadow Mode instead of queueing", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const customerId = await addCustomer(org.id)
    await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 2) })
    const result = await tenant(org.id).tick(monday, org.id)
    expect(result).toMatchObject({ drafted: 1, queued: 0 })
    const [row] = await outreachOf(org.id)
    expect(row!.status).toBe("draft")
    expect(row!.reason).toContain("Shadow Mode")
  })

  it.each([["disputed", { disputed: true }]] as const)("skips a %s invoice and says why", async (reason, fields) => {
    const org = await makeOrg()
    await addSegment(org.id)
    const customerId = await addCustomer(org.id)
    await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 3), ...fields })
    const result = await tenant(org.id).tick(monday, org.id)
    expect(result.skipped[reason]).toBe(1)
    expect(await outreachOf(org.id)).toHaveLength(0)
  })

  it("skips a suppressed contact and a customer without one", async () => {
    const org = await makeOrg()
    await addSegment(org.id)
    const suppressedCustomer = await addCustomer(org.id, {}, "gone@payer.example")
    const noContact = await addCustomer(org.id, {}, null)
    await db()
      .insert((await import("../../src/db/schema")).suppressions)
      .values({
        id: "sup_t1" + org.id.slice(-6),
        orgId: org.id,
        email: "gone@payer.example",
        reason: "bounce",
        createdAt: new Date().toISOString(),
      })
    await addInvoice(org.id, suppressedCustomer, { dueDate: daysBefore("2026-11-16", 3) })
    await addInvoice(org.id, noContact, { dueDate: daysBefore("2026-11-16", 3) })
    const result = await tenant(org.id).tick(monday, org.id)
    expect(result.skipped).toMatchObject({ suppressed: 1, no_contact: 1 })
    expect(result.queued).toBe(0)
  })

  it("creates one operator task when nobody answered N days after a reminder", async () => {
    const org = await makeOrg()
    const { versionId } = await addSegment(org.id, { escalateAfterDays: 5 })
    const customerId = await addCustomer(org.id)
    const invoiceId = await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 9) })
    const now = new Date().toISOString()
    await db()
      .insert(outreach)
      .values({
        id: "out_escalationtest0001",
        orgId: org.id,
        invoiceId,
        customerId,
        cadenceVersionId: versionId,
        stepPosition: 2,
        dedupeKey: `rem:${invoiceId}:${versionId}:2`,
        status: "sent",
        toEmail: "ap@customer.example",
        subject: "s",
        bodyText: "b",
        sentAt: "2026-11-09T15:00:00.000Z",
        createdAt: now,
        updatedAt: now,
      })
    await tenant(org.id).tick(monday, org.id)
    await tenant(org.id).tick("2026-11-16T15:05:00.000Z", org.id)
    const open = await db()
      .select()
      .from(tasks)
      .where(and(eq(tasks.orgId, org.id), eq(tasks.invoiceId, invoiceId)))
    expect(open).toHaveLength(1)
    expect(open[0]!.kind).toBe("escalation")
  })

  it("runs through the API for a Controller only", async () => {
    const { api } = await import("../helpers")
    const org = await makeOrg()
    await addSegment(org.id)
    const customerId = await addCustomer(org.id)
    await addInvoice(org.id, customerId, { dueDate: daysBefore(new Date().toISOString().slice(0, 10), 3) })
    expect((await api(org, "operator", "/api/v1/autopilot/tick", { method: "POST" })).status).toBe(403)
    const res = await api(org, "controller", "/api/v1/autopilot/tick", { method: "POST" })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { drafted: number; queued: number; skipped: Record<string, number>; due: number; queries: number }
    expect(body.queued).toBe(1)
    expect(body.skipped).toEqual({})
    // The first tick derives the whole (one-invoice) portfolio; the next one finds nothing due and looks at no row.
    expect(body.due).toBe(1)
    const again = (await (await api(org, "controller", "/api/v1/autopilot/tick", { method: "POST" })).json()) as typeof body
    expect(again.queued + again.drafted).toBe(0)
    expect(again.due).toBe(0)
    expect(again.queries).toBeLessThanOrEqual(3)
    void env
  })
})

describe("payment plans drive the reminders", () => {
  async function planOn(orgId: string, invoiceId: string, customerId: string) {
    const { paymentPlans, paymentPlanInstalments } = await import("../../src/db/schema")
    const planId = "plan_" + invoiceId.slice(-8)
    const d = db()
    await d.batch([
      d.insert(paymentPlans).values({
        id: planId,
        orgId,
        customerId,
        invoiceId,
        status: "active",
        instalmentCount: 3,
        frequency: "monthly",
        firstDate: "2026-10-15",
        totalMinor: 90_000,
        currency: "USD",
        createdAt: new Date().toISOString(),
      }),
      ...[
        ["2026-10-15", 1],
        ["2026-11-15", 2],
        ["2026-12-15", 3],
      ].map(([dueDate, seq]) =>
        d
          .insert(paymentPlanInstalments)
          .values({ id: `pli_${seq}_${planId}`, orgId, planId, seq: seq as number, dueDate: dueDate as string, amountMinor: 30_000 }),
      ),
    ])
  }

  it("chases the first unpaid instalment, and moves on once the invoice balance shows it paid", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const customerId = await addCustomer(org.id)
    const unpaid = await addInvoice(org.id, customerId, { dueDate: "2026-09-01", amountMinor: 90_000, balanceMinor: 90_000 })
    const firstPaid = await addInvoice(org.id, customerId, { dueDate: "2026-09-01", amountMinor: 90_000, balanceMinor: 60_000 })
    const allPaidSoFar = await addInvoice(org.id, customerId, { dueDate: "2026-09-01", amountMinor: 90_000, balanceMinor: 30_000 })
    for (const id of [unpaid, firstPaid, allPaidSoFar]) await planOn(org.id, id, customerId)
    const result = await tenant(org.id).tick(monday, org.id)
    const rows = await outreachOf(org.id)
    const reasonOf = (id: string) => rows.find((r) => r.invoiceId === id)?.reason ?? ""
    // Instalment 1 (Oct 15) is a month late; instalment 2 (Nov 15) fell due yesterday; instalment 3 is not due yet.
    expect(reasonOf(unpaid)).toContain("plan instalment of 2026-10-15")
    expect(reasonOf(firstPaid)).toContain("plan instalment of 2026-11-15")
    expect(rows.some((r) => r.invoiceId === allPaidSoFar)).toBe(false)
    expect(result.skipped.payment_plan_on_track).toBe(1)
  })
})
