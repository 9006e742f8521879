// One payment identity: a payment QuickBooks and Stripe both report lowers the invoice balance exactly once, in
// either order, whether QuickBooks carries the Stripe id in its reference or only the same invoice, amount and date.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { connectors, invoices, payments } from "../../src/db/schema"
import company from "../../src/integrations/erp/fake/quickbooks-company.json"
import { syncErpConnector } from "../../src/services/erp-sync"
import { db, makeOrg, type TestOrg } from "../helpers"
import { connectStripe, deliver, stripeEvent } from "../stripe/stripe-helpers"
import { connectorRow, connectQuickbooksQuietly, recordingFetcher } from "./erp-helpers"

let org: TestOrg
let account: string
beforeEach(async () => {
  org = await makeOrg()
  await connectQuickbooksQuietly(org)
  account = await connectStripe(org.id)
})

/** A full load; `beforeErp` serves QuickBooks as it was before it recorded payment 152 (invoice 1046 fully open). */
async function fullSync(beforeErp = false) {
  const c = await connectorRow(org.id, "quickbooks")
  await db()
    .update(connectors)
    .set({ config: { ...c.config, cdc_since: null } })
    .where(eq(connectors.id, c.id))
  const { fetcher } = recordingFetcher((req) => {
    if (!beforeErp || !req.url.includes("/query?")) return null
    const q = new URL(req.url, "http://x").searchParams.get("query")!
    if (q.includes("from Invoice"))
      return Response.json({ QueryResponse: { Invoice: company.Invoice.map((i) => (i.Id === "139" ? { ...i, Balance: 3125 } : i)) } })
    if (q.includes("from Payment")) return Response.json({ QueryResponse: { Payment: company.Payment.filter((p) => p.Id !== "152") } })
    return null
  })
  const r = await syncErpConnector(env, db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher })
  expect(r.ok).toBe(true)
}

const invoice = async (n: string) =>
  (
    await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, n)))
  )[0]!
const paymentsOf = async (invoiceId: string) =>
  db()
    .select()
    .from(payments)
    .where(and(eq(payments.orgId, org.id), eq(payments.invoiceId, invoiceId)))

async function stripePays(pi: string, amount: number, invoiceId: string, created = Math.floor(Date.now() / 1000)) {
  const res = await deliver(
    stripeEvent(
      "payment_intent.succeeded",
      account,
      {
        id: pi,
        amount,
        amount_received: amount,
        customer: null,
        latest_charge: null,
        description: null,
        metadata: { plixo_invoice_id: invoiceId },
      },
      { id: `evt_${pi}_${amount}`, created },
    ),
  )
  expect(res.status).toBe(200)
}

describe("A payment seen in QuickBooks and in Stripe lowers the balance once", () => {
  it("Stripe first: the payment lowers the balance, a later QuickBooks sync that records it changes nothing more", async () => {
    await fullSync(true)
    const inv = await invoice("1046")
    expect(inv.balanceMinor).toBe(312_500)
    await stripePays("pi_3QfakeStripe0001", 200_000, inv.id)
    expect((await invoice("1046")).balanceMinor).toBe(112_500)
    // QuickBooks has not recorded it yet: its balance (3,125.00) must not undo the Stripe payment.
    await fullSync(true)
    expect((await invoice("1046")).balanceMinor).toBe(112_500)
    // Now QuickBooks records it (reference carries the PaymentIntent) and its balance is 1,125.00.
    await fullSync(false)
    expect((await invoice("1046")).balanceMinor).toBe(112_500)
    const rows = await paymentsOf(inv.id)
    expect(rows.map((p) => [p.source, p.amountMinor, p.stripePaymentIntentId, p.erpPaymentId])).toEqual([
      ["stripe", 200_000, "pi_3QfakeStripe0001", "quickbooks:152"],
    ])
  })

  it("QuickBooks first: the Stripe event for the same payment is linked to it and applies nothing", async () => {
    await fullSync(false)
    const inv = await invoice("1046")
    expect(inv.balanceMinor).toBe(112_500)
    await stripePays("pi_3QfakeStripe0001", 200_000, inv.id)
    expect((await invoice("1046")).balanceMinor).toBe(112_500)
    const rows = await paymentsOf(inv.id)
    expect(rows.map((p) => [p.source, p.amountMinor, p.stripePaymentIntentId, p.erpPaymentId, p.unappliedMinor])).toEqual([
      ["erp", 200_000, "pi_3QfakeStripe0001", "quickbooks:152", 0],
    ])
  })

  it.each([
    ["same invoice, amount and currency one day apart (no Stripe id in QuickBooks)", 55_000, "2026-10-29", 55_000, 1],
    ["same invoice and amount but three weeks apart: a second payment", 55_000, "2026-11-20", 0, 2],
    ["same invoice and date but another amount: a second payment", 20_000, "2026-10-29", 35_000, 2],
  ])("%s", async (_, amount, on, balanceAfter, rowsAfter) => {
    await fullSync(false)
    const inv = await invoice("1038") // QuickBooks payment 150: 550.00 on 2026-10-28, check 4417
    expect(inv.balanceMinor).toBe(55_000)
    await stripePays(`pi_3Qother${amount}${on.replace(/-/g, "")}`, amount, inv.id, Math.floor(Date.parse(`${on}T15:00:00Z`) / 1000))
    expect((await invoice("1038")).balanceMinor).toBe(balanceAfter)
    expect(await paymentsOf(inv.id)).toHaveLength(rowsAfter)
  })
})
