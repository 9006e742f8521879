// One reminder email for several invoices of one customer: which step sets the wording, the invoice list, the subject.
import { daysPastDue } from "./aging"
import { escapeHtml, renderHtml, renderText, type MergeValues } from "./merge-tags"
import { formatMoney, sumByCurrency } from "./money"

export type ListedInvoice = { invoiceNumber: string; dueDate: string; balanceMinor: number; currency: string }

/**
 * The invoice whose step sets the email's wording: the most overdue one (its step is the furthest along the
 * cadence), so a customer with one invoice 40 days late and one due today hears the firmer message once.
 */
export function toneInvoiceIndex(items: Pick<ListedInvoice, "dueDate">[]): number {
  let best = 0
  for (let i = 1; i < items.length; i++) if (items[i]!.dueDate < items[best]!.dueDate) best = i
  return best
}

/** "Reminder: invoice INV-1 is 40 days past due, and 2 more invoices" */
export function combinedSubject(subject: string, count: number): string {
  if (count <= 1) return subject
  const more = count - 1
  return `${subject}, and ${more} more invoice${more === 1 ? "" : "s"}`
}

/** Totals per currency, largest first: "$1,200.00 + €300.00". */
export function combinedTotal(items: ListedInvoice[], locale: string): string {
  return sumByCurrency(items.map((i) => ({ amountMinor: i.balanceMinor, currency: i.currency })))
    .map((m) => formatMoney(m.amountMinor, m.currency, locale))
    .join(" + ")
}

function listLines(items: ListedInvoice[], today: string, locale: string): string[] {
  return items.map((i) => {
    const late = Math.max(0, daysPastDue(i.dueDate, today))
    return `${i.invoiceNumber}: ${formatMoney(i.balanceMinor, i.currency, locale)}, due ${i.dueDate}${late ? `, ${late} days past due` : ""}`
  })
}

/** The list of every invoice in the email with its balance and days past due, and one link to pay them all. */
export function invoiceListText(items: ListedInvoice[], today: string, locale: string, payLink: string): string {
  return [
    `This email covers ${items.length} open invoices:`,
    ...listLines(items, today, locale).map((l) => `- ${l}`),
    `Total: ${combinedTotal(items, locale)}`,
    "",
    `You can pay all of them at once here: ${payLink}`,
  ].join("\n")
}

export function invoiceListHtml(items: ListedInvoice[], today: string, locale: string, payLink: string): string {
  const rows = items
    .map((i) => {
      const late = Math.max(0, daysPastDue(i.dueDate, today))
      return `<tr><td style="padding:4px 12px 4px 0">${escapeHtml(i.invoiceNumber)}</td><td style="padding:4px 12px 4px 0">${escapeHtml(i.dueDate)}</td><td style="padding:4px 12px 4px 0;text-align:right">${late}</td><td style="padding:4px 0;text-align:right">${escapeHtml(formatMoney(i.balanceMinor, i.currency, locale))}</td></tr>`
    })
    .join("\n")
  const th = (s: string, right = false) => `<th style="padding:4px 12px 4px 0;text-align:${right ? "right" : "left"}">${s}</th>`
  return [
    `<p>This email covers ${items.length} open invoices:</p>`,
    `<table style="border-collapse:collapse;font-size:14px"><thead><tr>${th("Invoice")}${th("Due")}${th("Days past due", true)}${th("Balance", true)}</tr></thead><tbody>`,
    rows,
    `</tbody><tfoot><tr><td colspan="3" style="padding:4px 12px 4px 0;font-weight:600">Total</td><td style="padding:4px 0;text-align:right;font-weight:600">${escapeHtml(combinedTotal(items, locale))}</td></tr></tfoot></table>`,
    /^https?:\/\//i.test(payLink) ? `<p><a href="${escapeHtml(payLink)}">Pay all of them at once</a></p>` : `<p>${escapeHtml(payLink)}</p>`,
  ].join("\n")
}

/** Splits a template before its last paragraph (the sign-off), so the list sits above "Best regards". */
function splitSignOff(template: string): [string, string] {
  const paragraphs = template
    .replace(/\r\n?/g, "\n")
    .trim()
    .split(/\n{2,}/)
  if (paragraphs.length < 3) return [paragraphs.join("\n\n"), ""]
  return [paragraphs.slice(0, -1).join("\n\n"), paragraphs[paragraphs.length - 1]!]
}

/** The step's body for the most overdue invoice, with the list of every invoice inserted above the sign-off. */
export function combinedBody(
  template: string,
  values: MergeValues,
  items: ListedInvoice[],
  today: string,
  locale: string,
): { text: string; html: string } {
  const [head, signOff] = splitSignOff(template)
  const text = [
    renderText(head, values),
    invoiceListText(items, today, locale, values.pay_link),
    signOff ? renderText(signOff, values) : "",
  ]
    .filter(Boolean)
    .join("\n\n")
  const html = [
    renderHtml(head, values),
    invoiceListHtml(items, today, locale, values.pay_link),
    signOff ? renderHtml(signOff, values) : "",
  ]
    .filter(Boolean)
    .join("\n")
  return { text, html }
}
