// Reads for Cash App Assist: unapplied payments and the open invoices they could be for (one query per page).
import type { OpenInvoice, UnappliedPayment } from "../domain/cash-match"
import { referenceTokens } from "../domain/cash-match"
import type { PaymentKey } from "./payments"

export type UnappliedRow = UnappliedPayment & {
  amountMinor: number
  receivedAt: string
  method: string
  source: string
  customerName: string | null
}

export async function unappliedPayments(
  d1: D1Database,
  orgId: string,
  limit = 25,
  offset = 0,
): Promise<{ rows: UnappliedRow[]; total: number }> {
  const [list, count] = await d1.batch<Record<string, unknown>>([
    d1
      .prepare(
        `SELECT p.id, p.customer_id, p.unapplied_minor, p.amount_minor, p.currency, p.reference, p.payer_name, p.received_at, p.method, p.source, c.name AS customer_name
         FROM payments p LEFT JOIN customers c ON c.org_id = p.org_id AND c.id = p.customer_id
         WHERE p.org_id = ?1 AND p.unapplied_minor > 0 AND p.status = 'succeeded' ORDER BY p.received_at DESC LIMIT ?2 OFFSET ?3`,
      )
      .bind(orgId, limit, offset),
    d1.prepare(`SELECT count(*) AS n FROM payments WHERE org_id = ?1 AND unapplied_minor > 0 AND status = 'succeeded'`).bind(orgId),
  ])
  const rows = (list.results as Record<string, string & number>[]).map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    unappliedMinor: r.unapplied_minor,
    amountMinor: r.amount_minor,
    currency: r.currency,
    reference: r.reference,
    payerName: r.payer_name,
    receivedAt: r.received_at,
    method: r.method,
    source: r.source,
    customerName: r.customer_name,
  }))
  return { rows, total: Number((count.results[0] as { n: number } | undefined)?.n ?? 0) }
}

export async function findPayment(d1: D1Database, orgId: string, key: PaymentKey) {
  const column = key.by === "id" ? "id" : "stripe_payment_intent_id"
  return d1
    .prepare(
      `SELECT id, customer_id, unapplied_minor, amount_minor, currency, reference, payer_name, status FROM payments WHERE org_id = ?1 AND ${column} = ?2`,
    )
    .bind(orgId, key.id)
    .first<{
      id: string
      customer_id: string | null
      unapplied_minor: number
      amount_minor: number
      currency: string
      reference: string | null
      payer_name: string | null
      status: string
    }>()
}

/** Open invoices a page of payments could be for: same customer, same amount as the balance, or named in a reference. */
export async function candidateInvoices(d1: D1Database, orgId: string, payments: UnappliedPayment[]): Promise<OpenInvoice[]> {
  if (payments.length === 0) return []
  const customers = [...new Set(payments.map((p) => p.customerId).filter((c): c is string => !!c))].slice(0, 25)
  const amounts = [...new Set(payments.map((p) => p.unappliedMinor))].slice(0, 25)
  const tokens = [...new Set(payments.flatMap((p) => referenceTokens(p.reference)))].slice(0, 45)
  const params: unknown[] = [orgId]
  const list = (values: unknown[]) => {
    const start = params.length + 1
    params.push(...values)
    return values.map((_, i) => `?${start + i}`).join(", ") || "NULL"
  }
  const sql = `SELECT i.id, i.invoice_number, i.customer_id, c.name AS customer_name, i.balance_minor, i.currency, i.due_date
    FROM invoices i JOIN customers c ON c.org_id = i.org_id AND c.id = i.customer_id
    WHERE i.org_id = ?1 AND i.status = 'open' AND i.balance_minor > 0
      AND (i.customer_id IN (${list(customers)}) OR i.balance_minor IN (${list(amounts)}) OR upper(i.invoice_number) IN (${list(tokens)}))
    ORDER BY i.due_date LIMIT 400`
  const { results } = await d1
    .prepare(sql)
    .bind(...params)
    .all<Record<string, string & number>>()
  return results.map((r) => ({
    id: r.id,
    invoiceNumber: r.invoice_number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    balanceMinor: r.balance_minor,
    currency: r.currency,
    dueDate: r.due_date,
  }))
}

/** Open invoices of the organisation by number (for a split typed by an operator). */
export async function openInvoicesByNumber(d1: D1Database, orgId: string, numbers: string[]) {
  if (numbers.length === 0) return []
  const { results } = await d1
    .prepare(
      `SELECT id, invoice_number, balance_minor, currency, status FROM invoices WHERE org_id = ?1 AND invoice_number IN (${numbers
        .slice(0, 50)
        .map((_, i) => `?${i + 2}`)
        .join(", ")})`,
    )
    .bind(orgId, ...numbers.slice(0, 50))
    .all<{ id: string; invoice_number: string; balance_minor: number; currency: string; status: string }>()
  return results
}
