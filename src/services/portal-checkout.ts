// Pay from the portal: a Stripe Checkout Session on the organisation's connected account (direct charge).
// Nothing is marked paid here: the checkout.session.completed webhook applies the payment (metadata below).
import { and, desc, eq, inArray } from "drizzle-orm"
import type { Db } from "../db/client"
import { connectors, invoices } from "../db/schema"
import { createStripe } from "../integrations/stripe"
import { AppError, unprocessable } from "../domain/errors"
import { auditInsert, type Actor } from "./audit"

export const MAX_INVOICES_PER_CHECKOUT = 20

/** Creates the Checkout Session for open invoices of the payer's customer and returns its URL. */
export async function createCheckout(
  env: Env,
  db: Db,
  orgId: string,
  actor: Actor,
  input: { customerId: string; invoiceIds: string[]; formKey: string },
  now = new Date(),
) {
  const ids = [...new Set(input.invoiceIds)].slice(0, MAX_INVOICES_PER_CHECKOUT)
  if (ids.length === 0) throw unprocessable("Choose at least one invoice to pay.", [{ field: "invoice_ids", message: "required" }])
  const [rows, [connector]] = await db.batch([
    db
      .select({ id: invoices.id, number: invoices.invoiceNumber, balance: invoices.balanceMinor, currency: invoices.currency })
      .from(invoices)
      .where(
        and(eq(invoices.orgId, orgId), eq(invoices.customerId, input.customerId), inArray(invoices.id, ids), eq(invoices.status, "open")),
      ),
    db
      .select({ accountId: connectors.accountId })
      .from(connectors)
      .where(and(eq(connectors.orgId, orgId), eq(connectors.kind, "stripe"), eq(connectors.status, "active")))
      .orderBy(desc(connectors.updatedAt))
      .limit(1),
  ])
  const payable = rows.filter((r) => r.balance > 0).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
  if (payable.length !== ids.length)
    throw unprocessable("One of the chosen invoices is no longer open. Reload the page.", [
      { field: "invoice_ids", message: "not payable" },
    ])
  const currencies = new Set(payable.map((r) => r.currency))
  if (currencies.size > 1)
    throw unprocessable("Invoices in different currencies are paid separately. Choose invoices of one currency.", [
      { field: "invoice_ids", message: "mixed currencies" },
    ])
  const stripe = createStripe(env)
  if (!stripe || !connector?.accountId)
    throw new AppError(
      422,
      "unprocessable",
      "Card payment is not available for this organisation yet. Please use the payment details on your invoice.",
    )
  const origin = new URL(env.APP_URL).origin
  const metadata = { plixo_org_id: orgId, plixo_invoice_ids: payable.map((r) => r.id).join(","), plixo_customer_id: input.customerId }
  const session = await stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: payable.map((r) => ({
        quantity: 1,
        price_data: { currency: r.currency.toLowerCase(), unit_amount: r.balance, product_data: { name: `Invoice ${r.number}` } },
      })),
      metadata,
      payment_intent_data: { metadata },
      client_reference_id: input.customerId,
      success_url: `${origin}/p/pay/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/p/pay/cancel`,
    },
    { stripeAccount: connector.accountId, idempotencyKey: `plixo_checkout_${orgId}_${input.formKey}` },
  )
  if (!session.url) throw new AppError(502, "internal", "Stripe did not return a payment page. Please try again.")
  await auditInsert(
    db,
    orgId,
    actor,
    {
      action: "portal.checkout_created",
      subjectType: "checkout_session",
      subjectId: session.id,
      after: {
        invoice_ids: metadata.plixo_invoice_ids,
        amount_minor: payable.reduce((s, r) => s + r.balance, 0),
        currency: payable[0].currency,
      },
    },
    now,
  ).run()
  return { id: session.id, url: session.url }
}
