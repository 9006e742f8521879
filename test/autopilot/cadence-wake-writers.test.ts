// Writers outside policies wake the TenantDO in the same request: Stripe payments, ERP syncs, payment-plan approvals,
// and bounce and complaint suppressions. Each case checks the invoice is due at once before any tick has run.
import { env } from "cloudflare:workers"
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { paymentPlans } from "../../src/db/schema"
import type { Role } from "../../src/domain/roles"
import { receiveInbound } from "../../src/jobs/inbound-email"
import { approvalRequest, decideApproval } from "../../src/services/approvals"
import { signEmailWebhook } from "../../src/services/email-webhook"
import { syncErpConnector } from "../../src/services/erp-sync"
import { addCustomer, addInvoice, call, db, makeOrg, type TestOrg } from "../helpers"
import { connectorRow, connectQuickbooksQuietly, recordingFetcher } from "../connectors/erp-helpers"
import { connectStripe, deliver, stripeEvent } from "../stripe/stripe-helpers"
import bounce from "../fixtures/email/bounce.eml?raw"
import { addQueuedOutreach, addSegment, daysBefore, tenant } from "./fixtures"

const today = () => new Date().toISOString().slice(0, 10)
const why = async (orgId: string, invoiceId: string) => (await tenant(orgId).cadenceState(invoiceId, orgId))?.why ?? null

/** An organisation whose cadence state is built and settled: a second tick finds nothing due. */
async function settled(customer: Parameters<typeof addCustomer>[1] = {}) {
  const org = await makeOrg()
  await addSegment(org.id, { mode: "shadow" })
  const customerId = await addCustomer(org.id, customer)
  const invoiceId = await addInvoice(org.id, customerId, { dueDate: daysBefore(today(), 30) })
  await tenant(org.id).tickNow(org.id)
  expect((await tenant(org.id).tickNow(org.id)).due).toBe(0)
  expect(await why(org.id, invoiceId)).not.toBe("facts changed")
  return { org, customerId, invoiceId }
}

const postEmailEvents = async (events: unknown[]) => {
  const body = JSON.stringify({ events })
  const signature = await signEmailWebhook(env.EMAIL_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000))
  return call("/webhooks/email", { method: "POST", headers: { "Content-Type": "application/json", "X-Plixo-Signature": signature }, body })
}

describe("writers wake the cadence", () => {
  it("a Stripe payment applied by the webhook makes its invoice due at once", async () => {
    const { org, invoiceId } = await settled({ stripeCustomerId: "cus_PlixoFixture001" })
    const account = await connectStripe(org.id)
    const res = await deliver(
      stripeEvent("payment_intent.succeeded", account, { id: `pi_${newId("x")}`, metadata: { plixo_invoice_ids: invoiceId } }),
    )
    expect(res.status).toBe(200)
    expect(await why(org.id, invoiceId)).toBe("facts changed")
    // The tick that follows looks at it and sees the lower balance.
    expect((await tenant(org.id).tickNow(org.id)).due).toBe(1)
  })

  it("an ERP sync tells the TenantDO about every invoice it landed", async () => {
    const { org } = await settled()
    const testOrg = org as TestOrg
    await connectQuickbooksQuietly(testOrg)
    const r = await syncErpConnector(env, db(), await connectorRow(org.id, "quickbooks"), new Date(), {
      fetcher: recordingFetcher().fetcher,
    })
    expect(r.ok).toBe(true)
    const landed = await db().query.invoices.findMany({ where: (i, { and, eq }) => and(eq(i.orgId, org.id), eq(i.source, "erp")) })
    expect(landed.length).toBeGreaterThan(0)
    for (const inv of landed) expect(await why(org.id, inv.id)).toBe("facts changed")
  })

  it("approving a payment plan makes its invoice due at once", async () => {
    const { org, customerId, invoiceId } = await settled()
    const planId = newId("pln")
    const d = db()
    const payer = { type: "payer" as const, id: null, label: "Payer" }
    const request = await approvalRequest(d, org.id, payer, {
      kind: "payment_plan",
      subjectType: "payment_plan",
      subjectId: planId,
      invoiceId,
      customerId,
      amountMinor: 125_000,
      currency: "USD",
      reason: "3 instalments",
    })
    await d.batch([
      d.insert(paymentPlans).values({
        id: planId,
        orgId: org.id,
        customerId,
        invoiceId,
        status: "pending_approval",
        instalmentCount: 3,
        frequency: "monthly",
        firstDate: today(),
        totalMinor: 125_000,
        currency: "USD",
        createdAt: new Date().toISOString(),
      }),
      ...request.statements,
    ] as never)
    await tenant(org.id).tickNow(org.id)
    expect(await why(org.id, invoiceId)).not.toBe("facts changed")
    let status = "pending"
    for (const role of ["controller", "cfo"] as Role[]) {
      if (status !== "pending") break
      const actor = { type: "user" as const, id: org.userIds[role], label: role, role }
      status = (await decideApproval(d, env, org.id, actor, request.id, "approve", null)).status
    }
    expect(status).toBe("approved")
    expect(await why(org.id, invoiceId)).toBe("facts changed")
  })

  it.each([{ type: "bounce", bounce_type: "hard" }, { type: "complaint" }])(
    "a $type reported by the email provider makes that customer's invoices due at once",
    async (event) => {
      const { org, customerId, invoiceId } = await settled()
      const outreachId = await addQueuedOutreach(org.id, invoiceId, customerId, { status: "sent", sentAt: new Date().toISOString() })
      const res = await postEmailEvents([{ id: `evt_${outreachId}`, email: "ap@customer.example", outreach_id: outreachId, ...event }])
      expect(res.status).toBe(200)
      expect(await why(org.id, invoiceId)).toBe("facts changed")
    },
  )

  it("a soft bounce suppresses nothing and wakes nothing", async () => {
    const { org, customerId, invoiceId } = await settled()
    const outreachId = await addQueuedOutreach(org.id, invoiceId, customerId, { status: "sent", sentAt: new Date().toISOString() })
    await postEmailEvents([
      { id: `evt_${outreachId}`, type: "bounce", bounce_type: "soft", email: "ap@customer.example", outreach_id: outreachId },
    ])
    expect(await why(org.id, invoiceId)).not.toBe("facts changed")
  })

  it("a hard bounce arriving as a delivery status notification makes that customer's invoices due at once", async () => {
    const { org, customerId, invoiceId } = await settled()
    const outreachId = await addQueuedOutreach(org.id, invoiceId, customerId, { status: "sent", sentAt: new Date().toISOString() })
    const raw = bounce.replaceAll("{{OUTREACH}}", outreachId).replace(/\r?\n/g, "\r\n")
    expect((await receiveInbound(env, raw, "billing@reply.plixo.dev")).kind).toBe("bounce")
    expect(await why(org.id, invoiceId)).toBe("facts changed")
  })
})
