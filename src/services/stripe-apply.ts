// applyStripeEvent: what one Stripe event does to an organisation's receivables, as statements for ONE D1 batch
// (together with the event's own record, so a repeated event id rolls the whole batch back and applies nothing).
// Out of order: invoices keep `stripe_state_at` = the `created` of the event that set their state; older events lose.
import type Stripe from "stripe"
import { newId } from "../db/ids"
import { erpPaymentMatching, linkStripeToErpPayment } from "../db/erp-payments"
import { allocate, applyPaymentStatements, insertPaymentOnce, invoiceBalances } from "../db/payments"
import { activeDisputeStatusSql } from "../domain/dispute-status"

export type Planned = { statements: D1PreparedStatement[]; outcome: "applied" | "ignored"; note: string; unappliedPaymentIntent?: string }

const iso = (unix: number) => new Date(unix * 1000).toISOString()
const day = (unix: number) => iso(unix).slice(0, 10)
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null))
const invoiceStatus: Record<string, "open" | "paid" | "void" | "uncollectible"> = {
  draft: "open",
  open: "open",
  paid: "paid",
  void: "void",
  uncollectible: "uncollectible",
}

/** The Plixo customer behind a Stripe customer id, by the stored link or the metadata Plixo writes. */
async function customerFor(
  d1: D1Database,
  orgId: string,
  stripeCustomer: string | null,
  metadata: Record<string, string> | null | undefined,
) {
  const row = await d1
    .prepare(
      `SELECT id FROM customers WHERE org_id = ?1 AND (stripe_customer_id = ?2 OR id = ?3 OR external_id = ?4) ORDER BY stripe_customer_id = ?2 DESC LIMIT 1`,
    )
    .bind(orgId, stripeCustomer ?? "", metadata?.plixo_customer_id ?? "", metadata?.plixo_external_id ?? "")
    .first<{ id: string }>()
  return row?.id ?? null
}

async function planInvoice(d1: D1Database, orgId: string, event: Stripe.Event, inv: Stripe.Invoice, now: string): Promise<Planned> {
  if (!inv.number) return { statements: [], outcome: "ignored", note: "draft invoice without a number" }
  const customerId = await customerFor(d1, orgId, idOf(inv.customer), inv.metadata)
  if (!customerId)
    return { statements: [], outcome: "ignored", note: `Stripe customer ${idOf(inv.customer)} is not linked to a Plixo customer` }
  const status = invoiceStatus[inv.status ?? "open"] ?? "open"
  const balance = status === "paid" || status === "void" ? 0 : inv.amount_remaining
  const issued = inv.status_transitions?.finalized_at ?? inv.created
  const paidAt = status === "paid" ? iso(inv.status_transitions?.paid_at ?? event.created) : null
  const upsert = d1
    .prepare(
      `INSERT INTO invoices (id, org_id, customer_id, invoice_number, stripe_invoice_id, currency, amount_minor, balance_minor, issue_date, due_date,
         status, source, stripe_state_at, paid_at, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'stripe', ?12, ?13, ?14, ?14)
       ON CONFLICT (org_id, invoice_number) DO UPDATE SET stripe_invoice_id = excluded.stripe_invoice_id, amount_minor = excluded.amount_minor,
         balance_minor = excluded.balance_minor, status = excluded.status, stripe_state_at = excluded.stripe_state_at,
         paid_at = coalesce(invoices.paid_at, excluded.paid_at), due_date = excluded.due_date, updated_at = excluded.updated_at
       WHERE invoices.stripe_state_at IS NULL OR invoices.stripe_state_at < excluded.stripe_state_at
         OR (invoices.stripe_state_at = excluded.stripe_state_at AND (invoices.status = 'open' OR excluded.status <> 'open'))`,
    )
    .bind(
      newId("inv"),
      orgId,
      customerId,
      inv.number,
      inv.id,
      inv.currency.toUpperCase(),
      inv.amount_due,
      balance,
      day(issued),
      day(inv.due_date ?? issued),
      status,
      event.created,
      paidAt,
      now,
    )
  return { statements: [upsert], outcome: "applied", note: `invoice ${inv.number} ${status}` }
}

/** Invoice ids a payment names: checkout/PaymentIntent metadata `plixo_invoice_ids` (comma-separated) or `plixo_invoice_id`. */
export function namedInvoiceIds(metadata: Record<string, string> | null | undefined): string[] {
  const raw = metadata?.plixo_invoice_ids ?? metadata?.plixo_invoice_id ?? ""
  return [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
}

type PaymentFacts = {
  pi: string
  charge: string | null
  amount: number
  currency: string
  customer: string | null
  metadata: Record<string, string> | null
  reference: string | null
  payerName: string | null
  created: number
}

async function planPayment(d1: D1Database, orgId: string, f: PaymentFacts, now: string): Promise<Planned> {
  const customerId = await customerFor(d1, orgId, f.customer, f.metadata)
  const currency = f.currency.toUpperCase()
  const named = namedInvoiceIds(f.metadata)
  // One payment identity: the ERP already reported this payment (and lowered its invoice's balance); link, never apply twice.
  const recorded = await erpPaymentMatching(d1, orgId, {
    stripeIds: [f.pi, f.charge ?? ""],
    amountMinor: f.amount,
    currency,
    invoiceIds: named,
    receivedOn: day(f.created),
  })
  if (recorded)
    return {
      statements: [linkStripeToErpPayment(d1, orgId, recorded, f.pi, f.charge)],
      outcome: "applied",
      note: `payment ${f.pi} already recorded by the ERP (${recorded})`,
    }
  const balances = await invoiceBalances(d1, orgId, named)
  const applied = await d1
    .prepare(
      `SELECT invoice_id, amount_minor FROM payment_applications WHERE org_id = ?1 AND payment_id = (SELECT id FROM payments WHERE org_id = ?1 AND stripe_payment_intent_id = ?2)`,
    )
    .bind(orgId, f.pi)
    .all<{ invoice_id: string; amount_minor: number }>()
  const already = new Set(applied.results.map((a) => a.invoice_id))
  const left = f.amount - applied.results.reduce((n, a) => n + a.amount_minor, 0)
  const targets = named
    .map((id) => balances.get(id))
    .filter((b): b is NonNullable<typeof b> => !!b && b.currency === currency && !already.has(b.id))
  const allocations = allocate(left, targets)
  const statements = [
    insertPaymentOnce(
      d1,
      orgId,
      {
        id: newId("pay"),
        customerId: customerId ?? targets[0]?.customerId ?? null,
        invoiceId: targets[0]?.id ?? null,
        amountMinor: f.amount,
        currency,
        receivedAt: iso(f.created),
        method: "card",
        reference: f.reference,
        payerName: f.payerName,
        source: "stripe",
        stripePaymentIntentId: f.pi,
        stripeChargeId: f.charge,
      },
      now,
    ),
    ...allocations.flatMap((a) =>
      applyPaymentStatements(d1, orgId, { by: "payment_intent", id: f.pi }, a.invoiceId, a.amountMinor, "stripe", now),
    ),
  ]
  const unapplied = left - allocations.reduce((n, a) => n + a.amountMinor, 0)
  return {
    statements,
    outcome: "applied",
    note: `payment ${f.pi}: ${allocations.length} invoice(s)`,
    unappliedPaymentIntent: unapplied > 0 ? f.pi : undefined,
  }
}

function planRefund(d1: D1Database, orgId: string, event: Stripe.Event, ch: Stripe.Charge): Planned {
  const pi = idOf(ch.payment_intent)
  const full = ch.amount_refunded >= ch.amount
  return {
    statements: [
      d1
        .prepare(
          `UPDATE payments SET refunded_minor = max(refunded_minor, ?4), status = CASE WHEN ?5 = 1 THEN 'refunded' ELSE 'partially_refunded' END,
             reversed_at = CASE WHEN ?5 = 1 THEN coalesce(reversed_at, ?6) ELSE reversed_at END, stripe_charge_id = coalesce(stripe_charge_id, ?2)
           WHERE org_id = ?1 AND (stripe_charge_id = ?2 OR stripe_payment_intent_id = ?3)`,
        )
        .bind(orgId, ch.id, pi ?? "", ch.amount_refunded, full ? 1 : 0, iso(event.created)),
    ],
    outcome: "applied",
    note: `charge ${ch.id} refunded ${ch.amount_refunded} of ${ch.amount}`,
  }
}

const disputeReason: Record<string, string> = {
  duplicate: "duplicate",
  product_not_received: "not_received",
  product_unacceptable: "quality",
  subscription_canceled: "other",
  fraudulent: "other",
}

function planDispute(d1: D1Database, orgId: string, event: Stripe.Event, dp: Stripe.Dispute, now: string): Planned {
  const charge = idOf(dp.charge) ?? ""
  const pi = idOf(dp.payment_intent) ?? ""
  const match = `org_id = ?1 AND (stripe_charge_id = ?2 OR stripe_payment_intent_id = ?3)`
  if (event.type === "charge.dispute.created") {
    const sla = dp.evidence_details?.due_by ? iso(dp.evidence_details.due_by) : iso(event.created + 7 * 86_400)
    return {
      statements: [
        d1
          .prepare(`UPDATE payments SET status = 'reversed', reversed_at = coalesce(reversed_at, ?4) WHERE ${match}`)
          .bind(orgId, charge, pi, iso(event.created)),
        d1
          .prepare(
            `INSERT INTO disputes (id, org_id, invoice_id, customer_id, reason, message, status, source, stripe_dispute_id, sla_due_at, created_at, updated_at)
             SELECT ?4, ?1, i.id, i.customer_id, ?5, ?6, 'open', 'stripe', ?7, ?8, ?9, ?9 FROM payments p JOIN invoices i ON i.org_id = p.org_id AND i.id = p.invoice_id
             WHERE p.org_id = ?1 AND (p.stripe_charge_id = ?2 OR p.stripe_payment_intent_id = ?3) LIMIT 1`,
          )
          .bind(
            orgId,
            charge,
            pi,
            newId("dsp"),
            disputeReason[dp.reason] ?? "other",
            `Card dispute opened in Stripe (${dp.reason})`,
            dp.id,
            sla,
            now,
          ),
        d1
          .prepare(
            `UPDATE invoices SET disputed = 1, updated_at = ?4 WHERE org_id = ?1 AND id IN (SELECT invoice_id FROM payments WHERE ${match})`,
          )
          .bind(orgId, charge, pi, now),
      ],
      outcome: "applied",
      note: `dispute ${dp.id} opened`,
    }
  }
  const won = dp.status === "won" || dp.status === "warning_closed"
  return {
    statements: [
      won
        ? d1
            .prepare(
              `UPDATE payments SET status = CASE WHEN refunded_minor > 0 THEN 'partially_refunded' ELSE 'succeeded' END, reversed_at = NULL WHERE ${match} AND status = 'reversed'`,
            )
            .bind(orgId, charge, pi)
        : d1
            .prepare(`UPDATE payments SET status = 'reversed', reversed_at = coalesce(reversed_at, ?4) WHERE ${match}`)
            .bind(orgId, charge, pi, iso(event.created)),
      d1
        .prepare(
          `UPDATE disputes SET status = ?3, resolution = ?4, resolved_at = ?5, updated_at = ?5 WHERE org_id = ?1 AND stripe_dispute_id = ?2`,
        )
        .bind(orgId, dp.id, won ? "resolved" : "rejected", `Stripe dispute ${dp.status}`, now),
      d1
        .prepare(
          `UPDATE invoices SET disputed = 0, updated_at = ?3 WHERE org_id = ?1 AND id IN (SELECT invoice_id FROM disputes WHERE org_id = ?1 AND stripe_dispute_id = ?2)
           AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.org_id = ?1 AND d.invoice_id = invoices.id AND d.status IN (${activeDisputeStatusSql}))`,
        )
        .bind(orgId, dp.id, now),
    ],
    outcome: "applied",
    note: `dispute ${dp.id} ${dp.status}`,
  }
}

async function planCustomer(d1: D1Database, orgId: string, c: Stripe.Customer, now: string): Promise<Planned> {
  if (c.metadata?.plixo_test_event)
    return {
      statements: [
        d1
          .prepare(`UPDATE connectors SET test_event_received_at = ?2, updated_at = ?2 WHERE org_id = ?1 AND kind = 'stripe'`)
          .bind(orgId, now),
      ],
      outcome: "applied",
      note: "Stripe test event received",
    }
  const existing = await customerFor(d1, orgId, c.id, c.metadata)
  const customerId = existing ?? newId("cus")
  const statements = [
    d1
      .prepare(
        `INSERT INTO customers (id, org_id, external_id, name, currency, stripe_customer_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (id) DO UPDATE SET stripe_customer_id = excluded.stripe_customer_id, updated_at = excluded.updated_at
         WHERE customers.stripe_customer_id IS NOT excluded.stripe_customer_id`,
      )
      .bind(
        customerId,
        orgId,
        c.metadata?.plixo_external_id ?? c.id,
        c.name ?? c.email ?? c.id,
        c.currency?.toUpperCase() ?? null,
        c.id,
        now,
      ),
  ]
  if (c.email)
    statements.push(
      d1
        .prepare(
          `INSERT INTO contacts (id, org_id, customer_id, name, email, is_primary, created_at)
           SELECT ?1, ?2, ?3, ?4, ?5, 1, ?6 WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE org_id = ?2 AND customer_id = ?3 AND email = ?5)`,
        )
        .bind(newId("con"), orgId, customerId, c.name, c.email.toLowerCase(), now),
    )
  return { statements, outcome: "applied", note: existing ? `customer ${c.id} linked` : `customer ${c.id} created` }
}

/** The statements one event needs; types Plixo does not use are recorded as ignored. */
export async function planStripeEvent(d1: D1Database, orgId: string, event: Stripe.Event, now: string): Promise<Planned> {
  switch (event.type) {
    case "invoice.created":
    case "invoice.finalized":
    case "invoice.updated":
    case "invoice.paid":
    case "invoice.voided":
    case "invoice.marked_uncollectible":
      return planInvoice(d1, orgId, event, event.data.object, now)
    case "payment_intent.succeeded": {
      const pi = event.data.object
      return planPayment(
        d1,
        orgId,
        {
          pi: pi.id,
          charge: idOf(pi.latest_charge),
          amount: pi.amount_received,
          currency: pi.currency,
          customer: idOf(pi.customer),
          metadata: pi.metadata,
          reference: pi.description ?? null,
          payerName: null,
          created: event.created,
        },
        now,
      )
    }
    case "checkout.session.completed": {
      const s = event.data.object
      if (s.payment_status !== "paid" || !s.payment_intent)
        return { statements: [], outcome: "ignored", note: `checkout session ${s.id} not paid yet` }
      if (s.metadata?.plixo_org_id && s.metadata.plixo_org_id !== orgId)
        return { statements: [], outcome: "ignored", note: "checkout session names another organisation" }
      return planPayment(
        d1,
        orgId,
        {
          pi: idOf(s.payment_intent)!,
          charge: null,
          amount: s.amount_total ?? 0,
          currency: s.currency ?? "usd",
          customer: idOf(s.customer),
          metadata: s.metadata,
          reference: s.client_reference_id ?? null,
          payerName: s.customer_details?.name ?? null,
          created: event.created,
        },
        now,
      )
    }
    case "charge.refunded":
      return planRefund(d1, orgId, event, event.data.object)
    case "charge.dispute.created":
    case "charge.dispute.closed":
      return planDispute(d1, orgId, event, event.data.object, now)
    case "customer.created":
    case "customer.updated":
      return planCustomer(d1, orgId, event.data.object, now)
    default:
      return { statements: [], outcome: "ignored", note: `event type ${event.type} is not used by Plixo` }
  }
}
