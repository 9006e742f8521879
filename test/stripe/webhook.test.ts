/// <reference types="vite/client" />
import { and, eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import {
  auditLog,
  connectors,
  contacts,
  customers,
  disputes,
  invoices,
  paymentApplications,
  payments,
  stripeEvents,
  webhookFailures,
} from "../../src/db/schema"
import { UNKNOWN_ACCOUNT_ORG } from "../../src/services/stripe-webhook"
import { addCustomer, addInvoice, db, makeOrg, type TestOrg } from "../helpers"
import { connectStripe, deliver, eventually, stripeEvent } from "./stripe-helpers"

let org: TestOrg
let account: string
let customerId: string

const invoiceByNumber = async (n: string) =>
  (
    await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, n)))
  )[0]
const eventsOf = (orgId: string) => db().select().from(stripeEvents).where(eq(stripeEvents.orgId, orgId))

beforeEach(async () => {
  org = await makeOrg()
  account = await connectStripe(org.id)
  customerId = await addCustomer(org.id, { name: "Northwind Traders", externalId: "C-1001", stripeCustomerId: "cus_PlixoFixture001" })
})

describe("signature", () => {
  it("accepts a delivery signed with the endpoint secret and applies it", async () => {
    const res = await deliver(stripeEvent("invoice.finalized", account))
    expect(res.status).toBe(200)
    expect(await invoiceByNumber("NW-0042")).toMatchObject({
      customerId,
      status: "open",
      balanceMinor: 125_000,
      amountMinor: 125_000,
      source: "stripe",
      stripeStateAt: 1793000000,
      dueDate: "2026-11-25",
    })
  })

  it.each([
    { name: "wrong secret", opts: { secret: "whsec_not_ours" }, reason: /No signatures found/ },
    { name: "stale timestamp", opts: { timestamp: Math.floor(Date.now() / 1000) - 600 }, reason: /tolerance/ },
    { name: "missing header", opts: { header: null }, reason: /missing Stripe-Signature/ },
  ])("refuses a $name with 400, records the failure and changes nothing", async ({ opts, reason }) => {
    const before = await db().select().from(webhookFailures)
    const res = await deliver(stripeEvent("invoice.finalized", account), opts)
    expect(res.status).toBe(400)
    const after = await db().select().from(webhookFailures)
    expect(after.length).toBe(before.length + 1)
    expect(after.some((f) => reason.test(f.reason))).toBe(true)
    expect(await eventsOf(org.id)).toHaveLength(0)
    expect(await invoiceByNumber("NW-0042")).toBeUndefined()
  })
})

describe("idempotency and order", () => {
  it("applies the same event delivered 10 times concurrently exactly once", async () => {
    const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: "INV-7001", amountMinor: 125_000, balanceMinor: 125_000 })
    const event = stripeEvent("payment_intent.succeeded", account, { metadata: { plixo_invoice_id: invoiceId } })
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(event)))
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv.balanceMinor).toBe(75_000)
    expect(await db().select().from(payments).where(eq(payments.orgId, org.id))).toHaveLength(1)
    expect(await db().select().from(paymentApplications).where(eq(paymentApplications.orgId, org.id))).toHaveLength(1)
    expect(await eventsOf(org.id)).toHaveLength(1)
    expect(
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "stripe.payment_intent.succeeded"))),
    ).toHaveLength(1)
  })

  it.each([
    { first: "invoice.paid", then: "invoice.finalized", status: "paid", balance: 0 },
    { first: "invoice.finalized", then: "invoice.paid", status: "paid", balance: 0 },
    { first: "invoice.voided", then: "invoice.finalized", status: "void", balance: 0 },
    { first: "invoice.marked_uncollectible", then: "invoice.voided", status: "uncollectible", balance: 125_000 },
    { first: "invoice.paid", then: "invoice.marked_uncollectible", status: "paid", balance: 0 },
  ])("$first then $then (out of order when older) leaves the invoice $status", async ({ first, then, status, balance }) => {
    expect((await deliver(stripeEvent(first, account))).status).toBe(200)
    expect((await deliver(stripeEvent(then, account))).status).toBe(200)
    expect(await invoiceByNumber("NW-0042")).toMatchObject({ status, balanceMinor: balance })
  })

  it("stops chasing an imported invoice the moment Stripe says it is paid", async () => {
    await addInvoice(org.id, customerId, { invoiceNumber: "NW-0042", balanceMinor: 125_000, source: "csv" })
    await deliver(stripeEvent("invoice.paid", account))
    const inv = await invoiceByNumber("NW-0042")
    expect(inv).toMatchObject({ status: "paid", balanceMinor: 0, stripeInvoiceId: "in_1PlixoFixtureInv001" })
    expect(inv.paidAt).toBe(new Date(1793100000 * 1000).toISOString())
  })

  it("acknowledges an unknown connected account and records it without applying it to anyone", async () => {
    const res = await deliver(stripeEvent("invoice.finalized", "acct_nobody_knows", {}, { id: `evt_unknown_${org.id}` }))
    expect(res.status).toBe(200)
    const recorded = await db()
      .select()
      .from(stripeEvents)
      .where(and(eq(stripeEvents.orgId, UNKNOWN_ACCOUNT_ORG), eq(stripeEvents.id, `evt_unknown_${org.id}`)))
    expect(recorded[0]).toMatchObject({ status: "unknown_account", account: "acct_nobody_knows" })
    expect(await invoiceByNumber("NW-0042")).toBeUndefined()
  })
})

describe("payments", () => {
  it("splits a checkout payment over the invoices its metadata names, and a later PaymentIntent event adds nothing", async () => {
    const a = await addInvoice(org.id, customerId, { invoiceNumber: "INV-A", balanceMinor: 50_000 })
    const b = await addInvoice(org.id, customerId, { invoiceNumber: "INV-B", balanceMinor: 100_000 })
    await deliver(
      stripeEvent("checkout.session.completed", account, { metadata: { plixo_org_id: org.id, plixo_invoice_ids: `${a},${b}` } }),
    )
    await deliver(stripeEvent("payment_intent.succeeded", account, { id: "pi_3PlixoFixturePI0002", amount_received: 75_000, metadata: {} }))
    const rows = Object.fromEntries((await db().select().from(invoices).where(eq(invoices.orgId, org.id))).map((i) => [i.invoiceNumber, i]))
    expect(rows["INV-A"]).toMatchObject({ balanceMinor: 0, status: "paid" })
    expect(rows["INV-B"]).toMatchObject({ balanceMinor: 75_000, status: "open" })
    const pays = await db().select().from(payments).where(eq(payments.orgId, org.id))
    expect(pays).toHaveLength(1)
    expect(pays[0]).toMatchObject({ amountMinor: 75_000, unappliedMinor: 0, stripePaymentIntentId: "pi_3PlixoFixturePI0002" })
  })

  it("ignores a checkout session that names another organisation", async () => {
    const a = await addInvoice(org.id, customerId, { invoiceNumber: "INV-A", balanceMinor: 50_000 })
    await deliver(
      stripeEvent("checkout.session.completed", account, { metadata: { plixo_org_id: "org_someone_else", plixo_invoice_ids: a } }),
    )
    expect((await invoiceByNumber("INV-A")).balanceMinor).toBe(50_000)
    expect((await eventsOf(org.id))[0].status).toBe("ignored")
  })

  it("applies a payment whose reference names an open invoice (Cash App, after the response)", async () => {
    await addInvoice(org.id, customerId, { invoiceNumber: "NW-0042", balanceMinor: 125_000 })
    await deliver(stripeEvent("payment_intent.succeeded", account))
    const inv = await eventually(
      () => invoiceByNumber("NW-0042"),
      (i) => i.balanceMinor === 75_000,
    )
    expect(inv.balanceMinor).toBe(75_000)
  })

  it("records refunds and disputes on the payment (the reversal-rate guardrail reads them)", async () => {
    const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: "INV-R", balanceMinor: 125_000 })
    await deliver(stripeEvent("payment_intent.succeeded", account, { metadata: { plixo_invoice_id: invoiceId } }))
    await deliver(stripeEvent("charge.refunded", account, { amount_refunded: 20_000, refunded: false }, { id: "evt_partial_refund" }))
    let [p] = await db().select().from(payments).where(eq(payments.orgId, org.id))
    expect(p).toMatchObject({ status: "partially_refunded", refundedMinor: 20_000, reversedAt: null })
    await deliver(stripeEvent("charge.dispute.created", account))
    ;[p] = await db().select().from(payments).where(eq(payments.orgId, org.id))
    expect(p).toMatchObject({ status: "reversed", reversedAt: new Date(1793500000 * 1000).toISOString() })
    const [d] = await db().select().from(disputes).where(eq(disputes.orgId, org.id))
    expect(d).toMatchObject({
      invoiceId,
      customerId,
      source: "stripe",
      reason: "not_received",
      status: "open",
      stripeDisputeId: "du_1PlixoFixtureDisp01",
    })
    expect((await invoiceByNumber("INV-R")).disputed).toBe(true)
    await deliver(stripeEvent("charge.dispute.closed", account))
    ;[p] = await db().select().from(payments).where(eq(payments.orgId, org.id))
    expect(p).toMatchObject({ status: "partially_refunded", reversedAt: null })
    expect((await db().select().from(disputes).where(eq(disputes.orgId, org.id)))[0].status).toBe("resolved")
    expect((await invoiceByNumber("INV-R")).disputed).toBe(false)
  })

  it("a full refund marks the payment refunded and reversed", async () => {
    await deliver(stripeEvent("payment_intent.succeeded", account, { description: null }))
    await deliver(stripeEvent("charge.refunded", account))
    const [p] = await db().select().from(payments).where(eq(payments.orgId, org.id))
    expect(p).toMatchObject({ status: "refunded", refundedMinor: 50_000, reversedAt: new Date(1793400000 * 1000).toISOString() })
  })
})

describe("customers and the test event", () => {
  it("marks the Stripe test event received on the connector, creating no customer", async () => {
    await deliver(stripeEvent("customer.created.test", account))
    const [c] = await db().select().from(connectors).where(eq(connectors.orgId, org.id))
    expect(c.testEventReceivedAt).not.toBeNull()
    expect(await db().select().from(customers).where(eq(customers.orgId, org.id))).toHaveLength(1)
    const touched = await eventually(
      async () => (await db().select().from(connectors).where(eq(connectors.orgId, org.id)))[0],
      (r) => r.lastEventAt !== null,
    )
    expect(touched.lastEventAt).not.toBeNull()
  })

  it("links a Stripe customer to the Plixo customer its metadata names and adds the billing email", async () => {
    const contoso = await addCustomer(org.id, { name: "Contoso Ltd", externalId: "C-1002" }, null)
    await deliver(stripeEvent("customer.updated", account))
    const [c] = await db().select().from(customers).where(eq(customers.id, contoso))
    expect(c.stripeCustomerId).toBe("cus_PlixoFixture002")
    const k = await db().select().from(contacts).where(eq(contacts.customerId, contoso))
    expect(k.map((x) => x.email)).toEqual(["payables@contoso.example"])
  })
})
