// Every outcome told: plan declined, dispute resolved/rejected in the Operator's words, receipts; the templates page.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, devMail, disputes, outreach, paymentApplications, payments, payerTemplates, suppressions } from "../../src/db/schema"
import { newId } from "../../src/db/ids"
import { systemActor } from "../../src/services/audit"
import { updateDispute } from "../../src/services/dispute-work"
import { tellPayerOfDecision } from "../../src/services/payer-decisions"
import { queueReceipts } from "../../src/services/payment-receipts"
import { addCustomer, addInvoice, browse, db, deliverQueued, makeOrg } from "../helpers"

async function notificationsOf(orgId: string) {
  return db()
    .select()
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.kind, "notification")))
}
async function mailOf(orgId: string) {
  return db().select().from(devMail).where(eq(devMail.orgId, orgId))
}

async function setup() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Lion City Traders" }, "ap@lioncity.example")
  const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: "LC-77", balanceMinor: 50_000, amountMinor: 50_000 })
  return { org, customerId, invoiceId }
}

async function addDispute(orgId: string, invoiceId: string, customerId: string) {
  const id = newId("dsp")
  const at = new Date().toISOString()
  await db()
    .insert(disputes)
    .values({
      id,
      orgId,
      invoiceId,
      customerId,
      reason: "pricing",
      status: "investigating",
      source: "portal",
      slaDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      createdAt: at,
      updatedAt: at,
    })
  return id
}

describe("outcome emails", () => {
  it("tells the payer a dispute is resolved in the Operator's own words, through the outbox", async () => {
    const { org, customerId, invoiceId } = await setup()
    const id = await addDispute(org.id, invoiceId, customerId)
    const words = "We checked the price list: the 2026 rate applies, so the invoice stands as billed."
    await updateDispute(env, db(), org.id, systemActor, id, { status: "resolved", resolution: words })
    const [row] = await notificationsOf(org.id)
    expect(row).toMatchObject({ status: "queued", toEmail: "ap@lioncity.example", invoiceId })
    expect(row!.subject).toBe("Your dispute on invoice LC-77 is resolved")
    await deliverQueued(org.id)
    const [mail] = await mailOf(org.id)
    expect(mail!.text).toContain(words)
    expect(mail!.text).toContain("The balance now open is $500.00.")
    const [d] = await db().select().from(disputes).where(eq(disputes.id, id))
    expect(d!.resolution).toBe(words)
  })

  it("tells the payer why a dispute was rejected, and sends nothing to a suppressed address", async () => {
    const { org, customerId, invoiceId } = await setup()
    const id = await addDispute(org.id, invoiceId, customerId)
    await db()
      .insert(suppressions)
      .values({ id: newId("sup"), orgId: org.id, email: "ap@lioncity.example", reason: "bounce", createdAt: new Date().toISOString() })
    await updateDispute(env, db(), org.id, systemActor, id, {
      status: "rejected",
      resolution: "The goods were delivered on 3 November (signed POD).",
    })
    const [row] = await notificationsOf(org.id)
    expect(row!.subject).toBe("Our answer to your dispute on invoice LC-77")
    expect(row!.bodyText).toContain("The goods were delivered on 3 November (signed POD).")
    await deliverQueued(org.id)
    expect(await mailOf(org.id)).toHaveLength(0)
    expect((await notificationsOf(org.id))[0]!.status).toBe("suppressed")
  })

  it("tells the payer a plan was declined with the approver's comment, once however often it is told", async () => {
    const { org, invoiceId } = await setup()
    const decided = {
      id: newId("apr"),
      orgId: org.id,
      kind: "payment_plan",
      subjectType: "payment_plan",
      subjectId: newId("pp"),
      invoiceId,
      amountMinor: 50_000,
      currency: "USD",
      status: "rejected",
    } as Parameters<typeof tellPayerOfDecision>[3]
    await tellPayerOfDecision(env, db(), org.id, decided, "We can offer three instalments, not six.")
    await tellPayerOfDecision(env, db(), org.id, decided, "We can offer three instalments, not six.")
    const rows = await notificationsOf(org.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.subject).toBe("About your payment plan for invoice LC-77")
    expect(rows[0]!.bodyText).toContain("We can offer three instalments, not six.")
    expect(rows[0]!.bodyText).toContain("The balance of $500.00 remains open.")
  })

  it("sends a receipt for each invoice a Stripe payment paid", async () => {
    const { org, customerId, invoiceId } = await setup()
    const paymentId = newId("pay")
    const at = new Date().toISOString()
    await db().insert(payments).values({
      id: paymentId,
      orgId: org.id,
      customerId,
      invoiceId,
      amountMinor: 20_000,
      currency: "USD",
      receivedAt: at,
      stripePaymentIntentId: "pi_receipt_1",
      createdAt: at,
    })
    await db()
      .insert(paymentApplications)
      .values({ id: newId("pa"), orgId: org.id, paymentId, invoiceId, amountMinor: 20_000, createdAt: at })
    expect(await queueReceipts(env, db(), org.id, "pi_receipt_1", new Date())).toBe(1)
    expect(await queueReceipts(env, db(), org.id, "pi_receipt_1", new Date())).toBe(1)
    const rows = await notificationsOf(org.id)
    expect(rows.map((r) => r.subject)).toEqual(["Receipt: we received $200.00 for invoice LC-77"])
  })
})

describe("payer email templates page", () => {
  it("lets a Controller edit an outcome email, which the next email of that kind uses, and audits it", async () => {
    const { org, customerId, invoiceId } = await setup()
    const page = await browse(org, "controller", "/admin/templates?kind=dispute_resolved")
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain("Payment receipt")
    expect(html).toContain("Your dispute on invoice INV-12222 is resolved")

    const bad = await browse(org, "controller", "/admin/templates/dispute_resolved", {
      form: { subject: "Resolved: {invoce_number}", body: "Hello" },
    })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain("Unknown merge tag {invoce_number}")

    const preview = await browse(org, "controller", "/admin/templates/dispute_resolved/preview", {
      form: { subject: "Settled: {invoice_number}", body: "Dear {contact_name}, {detail}" },
    })
    expect(await preview.text()).toContain("Settled: INV-12222")

    const saved = await browse(org, "controller", "/admin/templates/dispute_resolved", {
      form: { subject: "Settled: {invoice_number}", body: "Dear {contact_name},\n\n{detail}\n\n{sender_name}" },
    })
    expect(saved.status).toBe(303)
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "payer_template.saved")))
    expect(audit!.after).toMatchObject({ subject: "Settled: {invoice_number}" })

    const id = await addDispute(org.id, invoiceId, customerId)
    await updateDispute(env, db(), org.id, systemActor, id, { status: "resolved", resolution: "Agreed." })
    const [row] = await notificationsOf(org.id)
    expect(row!.subject).toBe("Settled: LC-77")
    expect(row!.bodyText).toBe("Dear Accounts Payable,\n\nAgreed.\n\nAccounts Receivable")

    // Another organisation keeps the default wording.
    const other = await setup()
    const otherDispute = await addDispute(other.org.id, other.invoiceId, other.customerId)
    await updateDispute(env, db(), other.org.id, systemActor, otherDispute, { status: "resolved", resolution: "Agreed." })
    expect((await notificationsOf(other.org.id))[0]!.subject).toBe("Your dispute on invoice LC-77 is resolved")

    const reset = await browse(org, "controller", "/admin/templates/dispute_resolved/reset", { form: {} })
    expect(reset.status).toBe(303)
    expect(await db().select().from(payerTemplates).where(eq(payerTemplates.orgId, org.id))).toHaveLength(0)
  })

  it.each(["operator", "ar_manager", "cfo"] as const)("refuses the page and its edits to a %s", async (role) => {
    const { org } = await setup()
    expect((await browse(org, role, "/admin/templates")).status).toBe(403)
    expect((await browse(org, role, "/admin/templates/plan_accepted", { form: { subject: "x", body: "y" } })).status).toBe(403)
    expect(await db().select().from(payerTemplates).where(eq(payerTemplates.orgId, org.id))).toHaveLength(0)
  })
})
