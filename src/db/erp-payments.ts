// ERP payments as D1 statements, safe to repeat, keeping one identity per payment: an ERP payment that is the same as
// a Stripe payment Plixo already holds (its Stripe id in the reference, or same invoice, amount and currency within
// five days) is linked to that row instead of inserted; balances are never lowered here (the ERP's invoice balance
// already includes its own payments, see unrecordedStripeApplications).
import { newId } from "./ids"
import { stripeIdIn, type ErpPayment } from "../domain/erp-payment"

/** Same payment, seen twice: days apart a bank or an ERP may date it. */
export const SAME_PAYMENT_DAYS = 5

/**
 * `link` runs before the sync's invoices land (so their balances already know which Stripe payments the ERP has
 * recorded), `insert` after them (so a payment of a brand-new invoice finds it).
 */
export function erpPaymentStatements(
  d1: D1Database,
  orgId: string,
  p: ErpPayment,
  now: string,
): { link: D1PreparedStatement; insert: D1PreparedStatement } {
  const stripeId = stripeIdIn(p.reference) ?? ""
  const link = d1
    .prepare(
      `UPDATE payments SET erp_payment_id = ?2 WHERE org_id = ?1 AND id = (
         SELECT s.id FROM payments s WHERE s.org_id = ?1 AND s.source = 'stripe' AND s.erp_payment_id IS NULL AND s.currency = ?3
           AND ((?4 <> '' AND (s.stripe_payment_intent_id = ?4 OR s.stripe_charge_id = ?4))
             OR (s.amount_minor = ?5 AND s.invoice_id = (SELECT id FROM invoices WHERE org_id = ?1 AND erp_ref = ?6)
               AND abs(julianday(substr(s.received_at, 1, 10)) - julianday(?7)) <= ${SAME_PAYMENT_DAYS}))
         ORDER BY (s.stripe_payment_intent_id = ?4 OR s.stripe_charge_id = ?4) DESC, abs(julianday(substr(s.received_at, 1, 10)) - julianday(?7)) LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM payments WHERE org_id = ?1 AND erp_payment_id = ?2)`,
    )
    .bind(orgId, p.erpPaymentId, p.currency, stripeId, p.amountMinor, p.invoiceErpRef ?? "", p.receivedOn)
  const insert = d1
    .prepare(
      `INSERT INTO payments (id, org_id, customer_id, invoice_id, amount_minor, unapplied_minor, refunded_minor, currency, received_at, method, reference,
         payer_name, status, source, erp_payment_id, created_at)
       SELECT ?3, ?1, (SELECT id FROM customers WHERE org_id = ?1 AND external_id = ?4), (SELECT id FROM invoices WHERE org_id = ?1 AND erp_ref = ?5),
         ?6, 0, 0, ?7, ?8, ?9, ?10, ?11, 'succeeded', 'erp', ?2, ?12
       WHERE NOT EXISTS (SELECT 1 FROM payments WHERE org_id = ?1 AND erp_payment_id = ?2)`,
    )
    .bind(
      orgId,
      p.erpPaymentId,
      newId("pay"),
      p.customerExternalId,
      p.invoiceErpRef ?? "",
      p.amountMinor,
      p.currency,
      `${p.receivedOn}T12:00:00.000Z`,
      p.method,
      p.reference,
      p.payerName,
      now,
    )
  return { link, insert }
}

/** Payments of invoices the ERP reported deleted or voided stop counting; ERP-only rows are marked reversed. */
export function erpPaymentDeleted(d1: D1Database, orgId: string, erpPaymentId: string, now: string) {
  return d1
    .prepare(
      `UPDATE payments SET status = 'reversed', reversed_at = coalesce(reversed_at, ?3) WHERE org_id = ?1 AND erp_payment_id = ?2 AND source = 'erp'`,
    )
    .bind(orgId, erpPaymentId, now)
}

/** An invoice the ERP deleted is no longer owed: void, so it stops being chased. */
export function erpInvoiceDeleted(d1: D1Database, orgId: string, erpRef: string, now: string) {
  return d1
    .prepare(
      `UPDATE invoices SET status = 'void', balance_minor = 0, updated_at = ?3 WHERE org_id = ?1 AND erp_ref = ?2 AND status = 'open'`,
    )
    .bind(orgId, erpRef, now)
}

/**
 * Stripe money applied in Plixo that the ERP has not recorded yet (no ERP payment linked), per invoice number. The
 * ERP's balance does not know it, so an ERP import subtracts it: the payment lowers the balance once, not never.
 */
export async function unrecordedStripeApplications(d1: D1Database, orgId: string): Promise<Map<string, number>> {
  const { results } = await d1
    .prepare(
      `SELECT i.invoice_number, sum(a.amount_minor) AS amount FROM payment_applications a
         JOIN payments p ON p.org_id = a.org_id AND p.id = a.payment_id
         JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
       WHERE a.org_id = ?1 AND p.source = 'stripe' AND p.erp_payment_id IS NULL AND p.status <> 'reversed'
       GROUP BY i.invoice_number`,
    )
    .bind(orgId)
    .all<{ invoice_number: string; amount: number }>()
  return new Map(results.map((r) => [r.invoice_number, r.amount]))
}

/**
 * The ERP payment a Stripe payment is the same as: its reference names the Stripe id, or it pays one of the named
 * invoices with the same amount and currency within five days, and no Stripe payment is linked to it yet.
 */
export async function erpPaymentMatching(
  d1: D1Database,
  orgId: string,
  m: { stripeIds: string[]; amountMinor: number; currency: string; invoiceIds: string[]; receivedOn: string },
): Promise<string | null> {
  const ids = m.stripeIds.filter(Boolean)
  const invoices = m.invoiceIds.slice(0, 40)
  const row = await d1
    .prepare(
      `SELECT id FROM payments WHERE org_id = ?1 AND source = 'erp' AND stripe_payment_intent_id IS NULL AND currency = ?2 AND (
         (?3 <> '' AND instr(coalesce(reference, ''), ?3) > 0) OR (?4 <> '' AND instr(coalesce(reference, ''), ?4) > 0)
         OR (amount_minor = ?5 AND invoice_id IN (${invoices.length ? invoices.map((_, i) => `?${i + 7}`).join(", ") : "NULL"})
           AND abs(julianday(substr(received_at, 1, 10)) - julianday(?6)) <= ${SAME_PAYMENT_DAYS}))
       ORDER BY abs(julianday(substr(received_at, 1, 10)) - julianday(?6)) LIMIT 1`,
    )
    .bind(orgId, m.currency, ids[0] ?? "", ids[1] ?? "", m.amountMinor, m.receivedOn, ...invoices)
    .first<{ id: string }>()
  return row?.id ?? null
}

/** The Stripe ids join the ERP's row: later Stripe events (refunds, disputes) find it, nothing is applied again. */
export function linkStripeToErpPayment(d1: D1Database, orgId: string, paymentId: string, pi: string, charge: string | null) {
  return d1
    .prepare(
      `UPDATE payments SET stripe_payment_intent_id = ?3, stripe_charge_id = coalesce(stripe_charge_id, ?4) WHERE org_id = ?1 AND id = ?2 AND stripe_payment_intent_id IS NULL`,
    )
    .bind(orgId, paymentId, pi, charge)
}
