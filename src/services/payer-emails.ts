// Emails about payer actions: promise confirmation and day-before reminder, dispute notice to the Operators.
import { formatMoney } from "../domain/money"
import { disputeReasonLabels, type DisputeReason } from "../domain/portal-rules"
import type { OutgoingEmail } from "../integrations/email"

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function wrap(lines: string[], link?: { href: string; label: string }): { text: string; html: string } {
  const text = [...lines, ...(link ? ["", `${link.label}: ${link.href}`] : [])].join("\n")
  const html =
    lines.map((l) => (l ? `<p>${esc(l)}</p>` : "")).join("") + (link ? `<p><a href="${esc(link.href)}">${esc(link.label)}</a></p>` : "")
  return { text, html }
}

type PromiseFacts = { orgName: string; invoiceNumber: string; amountMinor: number; currency: string; promisedDate: string }

export function promiseConfirmationEmail(to: string, p: PromiseFacts): OutgoingEmail {
  const amount = formatMoney(p.amountMinor, p.currency)
  return {
    to,
    subject: `Your payment promise for invoice ${p.invoiceNumber}`,
    ...wrap([
      `Thank you. ${p.orgName} has your promise to pay ${amount} on invoice ${p.invoiceNumber} by ${p.promisedDate}.`,
      "We will not send reminders for this invoice until then, and we will remind you the day before.",
    ]),
  }
}

export function promiseReminderEmail(to: string, p: PromiseFacts, payLink: string): OutgoingEmail {
  const amount = formatMoney(p.amountMinor, p.currency)
  return {
    to,
    subject: `Reminder: ${amount} for invoice ${p.invoiceNumber} is promised for tomorrow`,
    ...wrap(
      [
        `You promised ${p.orgName} a payment of ${amount} on invoice ${p.invoiceNumber} by ${p.promisedDate}.`,
        "If it is already on its way, thank you and please ignore this message.",
      ],
      { href: payLink, label: "Pay now" },
    ),
  }
}

export function disputeNoticeEmail(
  to: string,
  d: {
    orgName: string
    customerName: string
    invoiceNumber: string
    reason: DisputeReason
    message: string
    slaDueAt: string
    evidenceCount: number
  },
  appUrl: string,
): OutgoingEmail {
  return {
    to,
    subject: `Dispute on invoice ${d.invoiceNumber} from ${d.customerName}`,
    ...wrap(
      [
        `${d.customerName} disputed invoice ${d.invoiceNumber}: ${disputeReasonLabels[d.reason]}.`,
        d.message ? `Their message: ${d.message}` : "",
        `Evidence files: ${d.evidenceCount}. Answer by ${d.slaDueAt.slice(0, 16).replace("T", " ")} UTC. Reminders for this invoice are paused.`,
      ],
      { href: `${appUrl}/work/disputes`, label: "Open the disputes queue" },
    ),
  }
}

export function planAcknowledgementEmail(
  to: string,
  p: {
    orgName: string
    invoiceNumber: string
    count: number
    frequency: string
    firstDate: string
    totalMinor: number
    currency: string
    active: boolean
  },
): OutgoingEmail {
  const total = formatMoney(p.totalMinor, p.currency)
  return {
    to,
    subject: p.active
      ? `Your payment plan for invoice ${p.invoiceNumber} is in place`
      : `We received your payment plan request for invoice ${p.invoiceNumber}`,
    ...wrap([
      `${p.count} ${p.frequency} instalments for ${total} on invoice ${p.invoiceNumber}, the first on ${p.firstDate}.`,
      p.active
        ? `${p.orgName} accepted the plan. We will only remind you if an instalment is missed.`
        : `${p.orgName} will review the request and write to you once it is decided.`,
    ]),
  }
}
