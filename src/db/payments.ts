// Payments and cash application as D1 statements that are safe to repeat: every effect is conditioned on the
// row it depends on, so a statement whose premise did not happen (duplicate payment, already applied) changes nothing.
import { newId } from "./ids"

/** Which payment an application refers to: by Plixo id, or by Stripe PaymentIntent (stable across events). */
export type PaymentKey = { by: "id"; id: string } | { by: "payment_intent"; id: string }

function paymentIdSql(key: PaymentKey, orgParam: string, keyParam: string): string {
  return key.by === "id" ? keyParam : `(SELECT id FROM payments WHERE org_id = ${orgParam} AND stripe_payment_intent_id = ${keyParam})`
}

export type NewPayment = {
  id: string
  customerId: string | null
  invoiceId: string | null
  amountMinor: number
  currency: string
  receivedAt: string
  method: string
  reference: string | null
  payerName: string | null
  source: "stripe" | "csv" | "seed" | "manual" | "erp"
  stripePaymentIntentId: string | null
  stripeChargeId: string | null
}

/** Inserts the payment unless one with the same PaymentIntent exists (unique index): the whole amount is unapplied. */
export function insertPaymentOnce(d1: D1Database, orgId: string, p: NewPayment, now: string) {
  return d1
    .prepare(
      `INSERT OR IGNORE INTO payments (id, org_id, customer_id, invoice_id, amount_minor, unapplied_minor, refunded_minor, currency, received_at, method,
         reference, payer_name, status, source, stripe_payment_intent_id, stripe_charge_id, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?5, 0, ?6, ?7, ?8, ?9, ?10, 'succeeded', ?11, ?12, ?13, ?14)`,
    )
    .bind(
      p.id,
      orgId,
      p.customerId,
      p.invoiceId,
      p.amountMinor,
      p.currency,
      p.receivedAt,
      p.method,
      p.reference,
      p.payerName,
      p.source,
      p.stripePaymentIntentId,
      p.stripeChargeId,
      now,
    )
}

/**
 * Applies `amountMinor` of a payment to an invoice: the application row only when the payment still has that much
 * unapplied and is not yet applied to this invoice; the payment's unapplied amount and the invoice's balance only
 * when that application row now exists. A balance reaching zero marks an open invoice paid (it stops being chased).
 */
export function applyPaymentStatements(
  d1: D1Database,
  orgId: string,
  key: PaymentKey,
  invoiceId: string,
  amountMinor: number,
  appliedBy: string,
  now: string,
) {
  const appId = newId("pap")
  const pid = paymentIdSql(key, "?2", "?3")
  return [
    d1
      .prepare(
        `INSERT INTO payment_applications (id, org_id, payment_id, invoice_id, amount_minor, applied_by, created_at)
         SELECT ?1, ?2, p.id, ?4, ?5, ?6, ?7 FROM payments p
         WHERE p.org_id = ?2 AND p.id = ${pid} AND p.unapplied_minor >= ?5 AND ?5 > 0
           AND EXISTS (SELECT 1 FROM invoices i WHERE i.org_id = ?2 AND i.id = ?4)
           AND NOT EXISTS (SELECT 1 FROM payment_applications a WHERE a.org_id = ?2 AND a.payment_id = p.id AND a.invoice_id = ?4)`,
      )
      .bind(appId, orgId, key.id, invoiceId, amountMinor, appliedBy, now),
    d1
      .prepare(
        `UPDATE payments SET unapplied_minor = unapplied_minor - ?4, invoice_id = coalesce(invoice_id, ?5)
         WHERE org_id = ?2 AND id = ${pid} AND EXISTS (SELECT 1 FROM payment_applications WHERE id = ?1)`,
      )
      .bind(appId, orgId, key.id, amountMinor, invoiceId),
    d1
      .prepare(
        `UPDATE invoices SET balance_minor = max(0, balance_minor - ?4),
           status = CASE WHEN status = 'open' AND balance_minor - ?4 <= 0 THEN 'paid' ELSE status END,
           paid_at = CASE WHEN balance_minor - ?4 <= 0 THEN coalesce(paid_at, ?5) ELSE paid_at END, updated_at = ?5
         WHERE org_id = ?2 AND id = ?3 AND EXISTS (SELECT 1 FROM payment_applications WHERE id = ?1)`,
      )
      .bind(appId, orgId, invoiceId, amountMinor, now),
  ]
}

/**
 * Splits a payment over invoices in the order given: each gets at most its open balance; what is left stays
 * unapplied (for Cash App review). Pure: the caller reads the balances first.
 */
export function allocate(
  amountMinor: number,
  invoices: { id: string; balanceMinor: number }[],
): { invoiceId: string; amountMinor: number }[] {
  let left = amountMinor
  const out: { invoiceId: string; amountMinor: number }[] = []
  for (const inv of invoices) {
    if (left <= 0) break
    const take = Math.min(left, Math.max(0, inv.balanceMinor))
    if (take > 0) out.push({ invoiceId: inv.id, amountMinor: take })
    left -= take
  }
  return out
}

/** Open balances of some invoices of one organisation (one query; ids are at most a handful per payment). */
export async function invoiceBalances(
  d1: D1Database,
  orgId: string,
  ids: string[],
): Promise<Map<string, { id: string; balanceMinor: number; currency: string; customerId: string }>> {
  if (ids.length === 0) return new Map()
  const { results } = await d1
    .prepare(
      `SELECT id, balance_minor, currency, customer_id FROM invoices WHERE org_id = ?1 AND id IN (${ids
        .slice(0, 90)
        .map((_, i) => `?${i + 2}`)
        .join(", ")})`,
    )
    .bind(orgId, ...ids.slice(0, 90))
    .all<{ id: string; balance_minor: number; currency: string; customer_id: string }>()
  return new Map(results.map((r) => [r.id, { id: r.id, balanceMinor: r.balance_minor, currency: r.currency, customerId: r.customer_id }]))
}
