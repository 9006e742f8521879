// The daily cron scores every customer from its behaviour, and segment score filters then see the computed score.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, customers, emailEvents, invoices, promises } from "../../src/db/schema"
import { newId } from "../../src/db/ids"
import { segmentWhere } from "../../src/db/segment-filters"
import { addDays } from "../../src/domain/dates"
import { dailyCron } from "../../src/jobs/scheduled"
import worker from "../../src/index"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"

const today = new Date().toISOString().slice(0, 10)

async function paidHistory(orgId: string, customerId: string, daysLate: number, count: number) {
  for (let i = 0; i < count; i++) {
    const paid = addDays(today, -10 - 30 * i)
    await addInvoice(orgId, customerId, {
      issueDate: addDays(paid, -daysLate - 30),
      dueDate: addDays(paid, -daysLate),
      status: "paid",
      balanceMinor: 0,
      paidAt: `${paid}T15:00:00.000Z`,
    })
  }
}

describe("risk scores from the daily cron", () => {
  it("scores a prompt payer high, a late payer with a broken promise and a bounce low, and leaves a newcomer unscored", async () => {
    const org = await makeOrg()
    const prompt = await addCustomer(org.id, { score: 20 })
    const late = await addCustomer(org.id, { score: 90 })
    const newcomer = await addCustomer(org.id, { score: 55 })
    await paidHistory(org.id, prompt, 0, 8)
    await paidHistory(org.id, late, 55, 8)
    const overdue = await addInvoice(org.id, late, { issueDate: addDays(today, -110), dueDate: addDays(today, -80) })
    const fresh = await addInvoice(org.id, prompt, { issueDate: addDays(today, -40), dueDate: addDays(today, -10) })
    await addInvoice(org.id, newcomer, { issueDate: today, dueDate: addDays(today, 30) })
    const now = new Date().toISOString()
    await db()
      .insert(promises)
      .values({
        id: newId("prm"),
        orgId: org.id,
        invoiceId: overdue,
        customerId: late,
        amountMinor: 125_000,
        currency: "USD",
        promisedDate: addDays(today, -20),
        status: "broken",
        source: "operator",
        createdAt: now,
      })
    await db()
      .insert(emailEvents)
      .values({
        id: newId("eev"),
        orgId: org.id,
        invoiceId: overdue,
        type: "bounce",
        email: "ap@customer.example",
        detail: "550 user unknown",
        createdAt: now,
      })

    const ctx = createExecutionContext()
    const scheduled = worker.scheduled as ExportedHandlerScheduledHandler<Env>
    await scheduled(createScheduledController({ cron: dailyCron, scheduledTime: Date.now() }), env, ctx)
    await waitOnExecutionContext(ctx)

    const rows = await db().select().from(customers).where(eq(customers.orgId, org.id))
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(prompt)!.riskScore).toBeGreaterThanOrEqual(90)
    const lateRow = byId.get(late)!
    expect(lateRow.riskScore).toBeLessThan(40)
    expect(lateRow.riskFactors!.map((f) => f.message)).toEqual(
      expect.arrayContaining(["1 broken promise in 6 months", "1 bounced reminder in 90 days", "an invoice 80 days overdue"]),
    )
    expect(byId.get(newcomer)!.riskScore).toBeNull()
    expect(lateRow.riskScoredAt).not.toBeNull()
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "customers.risk_scores_refreshed")))
    expect(audit).toHaveLength(1)

    // Segment score filters now see behaviour, not the imported number (which said the opposite).
    const risky = await db()
      .select({ id: invoices.id })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(and(eq(invoices.orgId, org.id), segmentWhere({ max_score: 40 }, today)))
    expect(risky.map((r) => r.id)).toEqual([overdue])
    const safe = await db()
      .select({ id: invoices.id })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(and(eq(invoices.orgId, org.id), segmentWhere({ min_score: 80 }, today)))
    expect(safe.map((r) => r.id)).toEqual([fresh])
  })
})
