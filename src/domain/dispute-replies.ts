// Reply templates to the payer by dispute reason, with the outreach merge tags plus three of the dispute's own
// ({sla_date}, {missing_evidence}, {credit}). Rendered here, sent by services/disputes.ts through the outbox.
import { renderHtml, renderText, type MergeValues } from "./merge-tags"
import type { DisputeReason } from "./portal-rules"

export type ReplyTemplate = { key: string; title: string; subject: string; body: string; reasons: readonly DisputeReason[] | "all" }
export const disputeTagNames = ["sla_date", "missing_evidence", "credit"] as const
export type DisputeTags = Record<(typeof disputeTagNames)[number], string>

export const replyTemplates: readonly ReplyTemplate[] = [
  {
    key: "acknowledge",
    title: "Acknowledge",
    reasons: "all",
    subject: "We are looking into invoice {invoice_number}",
    body: "Dear {contact_name},\n\nThank you for letting us know. We are looking into invoice {invoice_number} and will come back to you by {sla_date}. Reminders for this invoice are paused meanwhile.\n\n{sender_name}",
  },
  {
    key: "request_evidence",
    title: "Ask for the missing documents",
    reasons: ["pricing", "quantity", "quality", "not_received", "duplicate"],
    subject: "Documents needed for invoice {invoice_number}",
    body: "Dear {contact_name},\n\nTo settle your query on invoice {invoice_number} we need: {missing_evidence}. Please reply with them attached. Our answer is due {sla_date}; the clock waits while we wait for these.\n\n{sender_name}",
  },
  {
    key: "proof_of_delivery",
    title: "Proof of delivery",
    reasons: ["not_received"],
    subject: "Delivery of invoice {invoice_number}",
    body: "Dear {contact_name},\n\nOur records show that the goods for invoice {invoice_number} were delivered. Proof of delivery is attached; please let us know if anything is missing.\n\n{sender_name}",
  },
  {
    key: "price_confirmed",
    title: "Price confirmed",
    reasons: ["pricing", "quantity"],
    subject: "Invoice {invoice_number} reviewed",
    body: "Dear {contact_name},\n\nWe have checked invoice {invoice_number} against your order and the charges are correct. The balance of {invoice_balance} is due as invoiced.\n\n{sender_name}",
  },
  {
    key: "credit_agreed",
    title: "Credit agreed",
    reasons: "all",
    subject: "Credit on invoice {invoice_number}",
    body: "Dear {contact_name},\n\nWe have reviewed invoice {invoice_number} and agreed a credit of {credit}. You will receive a credit note; the remaining balance is due as invoiced.\n\n{sender_name}",
  },
  {
    key: "duplicate_confirmed",
    title: "Duplicate confirmed",
    reasons: ["duplicate"],
    subject: "Invoice {invoice_number} was a duplicate",
    body: "Dear {contact_name},\n\nYou are right: invoice {invoice_number} duplicates another invoice. We are cancelling it; nothing more is due on it.\n\n{sender_name}",
  },
]

export function templatesFor(reason: DisputeReason): ReplyTemplate[] {
  return replyTemplates.filter((t) => t.reasons === "all" || t.reasons.includes(reason))
}

export function templateByKey(reason: DisputeReason, key: string): ReplyTemplate | null {
  return templatesFor(reason).find((t) => t.key === key) ?? null
}

const DISPUTE_TAG = /\{(sla_date|missing_evidence|credit)\}/g

/** Subject, text and HTML of a reply: the dispute's tags first, then the outreach merge tags (escaped in HTML). */
export function renderReply(t: { subject: string; body: string }, values: MergeValues, tags: DisputeTags) {
  const own = (s: string) => s.replace(DISPUTE_TAG, (_w, name: keyof DisputeTags) => tags[name])
  return {
    subject: renderText(own(t.subject), values).slice(0, 200),
    text: renderText(own(t.body), values),
    html: renderHtml(own(t.body), values),
  }
}

/** A reply form's one-time key (the page puts a fresh one in each form): letters, digits, _ and -, 8 to 64. */
export function isDisputeReplyKey(key: string): boolean {
  return /^[\w-]{8,64}$/.test(key)
}
