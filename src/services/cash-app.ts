// Cash application: a payment that names its invoice is applied to it; others wait in the Cash App review list
// where an Operator confirms a suggestion or splits the payment across invoices. Partial payments reduce balances.
import type { Db } from "../db/client"
import { candidateInvoices, findPayment, openInvoicesByNumber, unappliedPayments } from "../db/cash-app"
import { nowIso } from "../db/ids"
import { allocate, applyPaymentStatements, type PaymentKey } from "../db/payments"
import { rankMatches, referenceTokens, type Suggestion } from "../domain/cash-match"
import { auditInsert, systemActor, type Actor } from "./audit"

export class CashAppRefused extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
  }
}

/** Applies a payment whose remittance reference names open invoices of the organisation (exact invoice numbers). */
export async function autoApplyByReference(db: Db, orgId: string, key: PaymentKey, now: Date = new Date()): Promise<number> {
  const d1 = db.$client as D1Database
  const payment = await findPayment(d1, orgId, key)
  if (!payment || payment.unapplied_minor <= 0 || payment.status !== "succeeded") return 0
  const tokens = referenceTokens(payment.reference)
  const named = (await openInvoicesByNumber(d1, orgId, tokens)).filter((i) => i.status === "open" && i.currency === payment.currency)
  if (named.length === 0) return 0
  const allocations = allocate(
    payment.unapplied_minor,
    named.map((i) => ({ id: i.id, balanceMinor: i.balance_minor })),
  )
  await applyAllocations(db, orgId, systemActor, payment.id, allocations, "auto: reference names the invoice", now)
  return allocations.length
}

async function applyAllocations(
  db: Db,
  orgId: string,
  actor: Actor,
  paymentId: string,
  allocations: { invoiceId: string; amountMinor: number }[],
  reason: string,
  now: Date,
) {
  const d1 = db.$client as D1Database
  const at = nowIso(now)
  const audit = auditInsert(
    db,
    orgId,
    actor,
    { action: "payment.applied", subjectType: "payment", subjectId: paymentId, after: { allocations, reason } },
    now,
  ).toSQL()
  await d1.batch([
    ...allocations.flatMap((a) =>
      applyPaymentStatements(d1, orgId, { by: "id", id: paymentId }, a.invoiceId, a.amountMinor, actor.id ?? actor.label, at),
    ),
    d1.prepare(audit.sql).bind(...audit.params),
  ])
}

export type CashAppItem = Awaited<ReturnType<typeof unappliedPayments>>["rows"][number] & { suggestions: Suggestion[] }

/** The review list: unapplied payments, each with its best-ranked open invoices. */
export async function cashAppReview(db: Db, orgId: string, page = 1, perPage = 20): Promise<{ items: CashAppItem[]; total: number }> {
  const d1 = db.$client as D1Database
  const { rows, total } = await unappliedPayments(d1, orgId, perPage, (page - 1) * perPage)
  const candidates = await candidateInvoices(d1, orgId, rows)
  return { items: rows.map((p) => ({ ...p, suggestions: rankMatches(p, candidates) })), total }
}

/**
 * An Operator's decision: apply the payment to one invoice (confirm) or to several (split), by invoice number and
 * amount. Refused whole, naming the line, when an invoice is unknown, closed, in another currency, asked for more
 * than its balance, or when the lines add up to more than the payment has left.
 */
export async function applyPaymentManually(
  db: Db,
  orgId: string,
  actor: Actor,
  paymentId: string,
  lines: { invoiceNumber: string; amountMinor: number }[],
  now: Date = new Date(),
) {
  const d1 = db.$client as D1Database
  const payment = await findPayment(d1, orgId, { by: "id", id: paymentId })
  if (!payment) return null
  const cleaned = lines.filter((l) => l.invoiceNumber.trim() !== "")
  if (cleaned.length === 0) throw new CashAppRefused("Choose at least one invoice and an amount.", "invoice_number")
  const found = new Map(
    (
      await openInvoicesByNumber(
        d1,
        orgId,
        cleaned.map((l) => l.invoiceNumber.trim()),
      )
    ).map((i) => [i.invoice_number, i]),
  )
  const allocations: { invoiceId: string; amountMinor: number }[] = []
  for (const [i, line] of cleaned.entries()) {
    const inv = found.get(line.invoiceNumber.trim())
    const label = `Line ${i + 1}`
    if (!inv) throw new CashAppRefused(`${label}: no invoice ${line.invoiceNumber} in this organisation`, `lines.${i}.invoice_number`)
    if (inv.status !== "open")
      throw new CashAppRefused(`${label}: invoice ${inv.invoice_number} is ${inv.status}, not open`, `lines.${i}.invoice_number`)
    if (inv.currency !== payment.currency)
      throw new CashAppRefused(
        `${label}: invoice ${inv.invoice_number} is in ${inv.currency}, the payment in ${payment.currency}`,
        `lines.${i}.invoice_number`,
      )
    if (!Number.isSafeInteger(line.amountMinor) || line.amountMinor <= 0)
      throw new CashAppRefused(`${label}: the amount must be more than zero`, `lines.${i}.amount`)
    if (line.amountMinor > inv.balance_minor)
      throw new CashAppRefused(
        `${label}: ${inv.invoice_number} has only ${inv.balance_minor / 100} open; apply at most that`,
        `lines.${i}.amount`,
      )
    if (allocations.some((a) => a.invoiceId === inv.id))
      throw new CashAppRefused(`${label}: invoice ${inv.invoice_number} is listed twice`, `lines.${i}.invoice_number`)
    allocations.push({ invoiceId: inv.id, amountMinor: line.amountMinor })
  }
  const sum = allocations.reduce((n, a) => n + a.amountMinor, 0)
  if (sum > payment.unapplied_minor)
    throw new CashAppRefused(
      `The lines add up to more than the ${payment.unapplied_minor / 100} ${payment.currency} left on this payment`,
      "lines",
    )
  await applyAllocations(db, orgId, actor, payment.id, allocations, cleaned.length > 1 ? "split by operator" : "confirmed by operator", now)
  return { applied: allocations.length, leftMinor: payment.unapplied_minor - sum }
}
