// Outcome emails to the payer (plan decided, dispute received or resolved, credit applied, receipt): kinds, tags, defaults.
export const outcomeKinds = [
  "plan_accepted",
  "plan_declined",
  "dispute_received",
  "dispute_resolved",
  "dispute_rejected",
  "credit_applied",
  "payment_receipt",
] as const
export type OutcomeKind = (typeof outcomeKinds)[number]

export const outcomeLabels: Record<OutcomeKind, string> = {
  plan_accepted: "Payment plan accepted",
  plan_declined: "Payment plan declined",
  dispute_received: "Dispute received",
  dispute_resolved: "Dispute resolved",
  dispute_rejected: "Dispute rejected",
  credit_applied: "Credit or discount applied",
  payment_receipt: "Payment receipt",
}

export const outcomeWhen: Record<OutcomeKind, string> = {
  plan_accepted: "An approver accepts a payment plan the payer proposed (a plan within policy is accepted at once).",
  plan_declined: "An approver declines a payment plan the payer proposed.",
  dispute_received: "The payer files a dispute in the portal.",
  dispute_resolved: "An Operator resolves a dispute (the resolution text they type is quoted).",
  dispute_rejected: "An Operator rejects a dispute (their reason is quoted).",
  credit_applied: "A credit or discount is approved and lowers the invoice's balance.",
  payment_receipt: "A payment is received through Stripe.",
}

export const outcomeTagNames = [
  "customer_name",
  "contact_name",
  "invoice_number",
  "invoice_balance",
  "amount",
  "detail",
  "pay_link",
  "org_name",
  "sender_name",
] as const
export type OutcomeTag = (typeof outcomeTagNames)[number]
export type OutcomeValues = Record<OutcomeTag, string>

export const outcomeTagHelp: Record<OutcomeTag, string> = {
  customer_name: "The customer's name",
  contact_name: "The billing contact's name",
  invoice_number: "The invoice number",
  invoice_balance: "The balance left on the invoice after the outcome",
  amount: "The amount of the plan, credit or payment",
  detail: "What was decided, in the words of the person who decided (resolution, reason, plan schedule)",
  pay_link: "Link to the payer portal",
  org_name: "Your organisation's name",
  sender_name: "The sender shown to the payer",
}

export type OutcomeTemplate = { subject: string; body: string }

const signOff = "\n\nBest regards,\n{sender_name}\n{org_name}"

export const defaultOutcomeTemplates: Record<OutcomeKind, OutcomeTemplate> = {
  plan_accepted: {
    subject: "Your payment plan for invoice {invoice_number} is accepted",
    body: `Hi {contact_name},\n\nWe accepted your payment plan for invoice {invoice_number}: {detail}\n\nWe will not send reminders while the instalments are paid on time.${signOff}`,
  },
  plan_declined: {
    subject: "About your payment plan for invoice {invoice_number}",
    body: `Hi {contact_name},\n\nWe could not accept the payment plan you proposed for invoice {invoice_number}.\n\n{detail}\n\nThe balance of {invoice_balance} remains open. You can pay, or propose another plan, here: {pay_link}${signOff}`,
  },
  dispute_received: {
    subject: "We received your dispute on invoice {invoice_number}",
    body: `Hi {contact_name},\n\nWe received your dispute on invoice {invoice_number}: {detail}. Reminders for this invoice are paused while we look into it, and we will write to you once it is decided.${signOff}`,
  },
  dispute_resolved: {
    subject: "Your dispute on invoice {invoice_number} is resolved",
    body: `Hi {contact_name},\n\nWe have resolved your dispute on invoice {invoice_number}:\n\n{detail}\n\nThe balance now open is {invoice_balance}.${signOff}`,
  },
  dispute_rejected: {
    subject: "Our answer to your dispute on invoice {invoice_number}",
    body: `Hi {contact_name},\n\nWe reviewed your dispute on invoice {invoice_number} and could not accept it:\n\n{detail}\n\nThe balance of {invoice_balance} remains due. You can pay here: {pay_link}${signOff}`,
  },
  credit_applied: {
    subject: "A credit of {amount} was applied to invoice {invoice_number}",
    body: `Hi {contact_name},\n\nWe applied a credit of {amount} to invoice {invoice_number}. {detail}\n\nThe balance now open is {invoice_balance}.${signOff}`,
  },
  payment_receipt: {
    subject: "Receipt: we received {amount} for invoice {invoice_number}",
    body: `Hi {contact_name},\n\nThank you: we received your payment of {amount} for invoice {invoice_number}. The balance now open is {invoice_balance}.${signOff}`,
  },
}

export const outcomeTemplateLimits = { subject: 200, body: 5000 } as const

/** Field errors for an edited template: empty, too long, or a tag outcome emails do not know. */
export function outcomeTemplateErrors(t: OutcomeTemplate): { field: "subject" | "body"; message: string }[] {
  const known = new Set<string>(outcomeTagNames)
  const out: { field: "subject" | "body"; message: string }[] = []
  for (const field of ["subject", "body"] as const) {
    const value = t[field].trim()
    if (!value) out.push({ field, message: "required" })
    else if (value.length > outcomeTemplateLimits[field])
      out.push({ field, message: `at most ${outcomeTemplateLimits[field].toLocaleString("en-US")} characters` })
    const unknown = [...value.matchAll(/\{([A-Za-z0-9_.\- ]{1,40})\}/g)].map((m) => m[1]!).filter((n) => !known.has(n))
    for (const name of new Set(unknown)) out.push({ field, message: `Unknown merge tag {${name}}` })
  }
  return out
}

/** Sample values for the templates page's preview. */
export const sampleOutcomeValues: OutcomeValues = {
  customer_name: "Lion City Traders",
  contact_name: "Mei Tan",
  invoice_number: "INV-12222",
  invoice_balance: "$1,200.00",
  amount: "$300.00",
  detail: "3 monthly instalments of $400.00, the first on 15 December 2026.",
  pay_link: "https://pay.example.com/p/sample",
  org_name: "Northwind Supply Co",
  sender_name: "Dana Whitfield",
}

/** The sample `{detail}` each kind's preview shows (what a person deciding it would write). */
export const sampleDetails: Record<OutcomeKind, string> = {
  plan_accepted: "3 monthly instalments of $400.00, the first on 15 December 2026.",
  plan_declined: "We can offer three instalments, not six.",
  dispute_received: "Pricing; we will answer by 2026-12-05",
  dispute_resolved: "We checked the price list: the 2026 rate applies and we credited the difference.",
  dispute_rejected: "The goods were delivered on 3 November (signed proof of delivery attached to the invoice).",
  credit_applied: "It settles the pricing difference on the November delivery.",
  payment_receipt: "",
}
