// A receipt for each invoice a Stripe payment paid, through the outbox (one per payment and invoice, however often told).
import { and, eq } from "drizzle-orm"
import type Stripe from "stripe"
import type { Db } from "../db/client"
import { paymentApplications, payments } from "../db/schema"
import { queueOutcome } from "./payer-outcomes"

/** The payment intent a payment event is about. */
export function paymentIntentOf(event: Stripe.Event): string | null {
  const o = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null }
  if (o.object === "payment_intent") return o.id ?? null
  const pi = o.payment_intent
  return typeof pi === "string" ? pi : (pi?.id ?? null)
}

export async function queueReceipts(env: Env, db: Db, orgId: string, paymentIntentId: string | null, now: Date): Promise<number> {
  if (!paymentIntentId) return 0
  const applied = await db
    .select({
      paymentId: paymentApplications.paymentId,
      invoiceId: paymentApplications.invoiceId,
      amountMinor: paymentApplications.amountMinor,
    })
    .from(paymentApplications)
    .innerJoin(payments, and(eq(payments.orgId, paymentApplications.orgId), eq(payments.id, paymentApplications.paymentId)))
    .where(and(eq(paymentApplications.orgId, orgId), eq(payments.stripePaymentIntentId, paymentIntentId)))
  for (const a of applied)
    await queueOutcome(
      env,
      db,
      orgId,
      "payment_receipt",
      { invoiceId: a.invoiceId, key: `receipt:${a.paymentId}:${a.invoiceId}`, amountMinor: a.amountMinor },
      now,
    )
  return applied.length
}
