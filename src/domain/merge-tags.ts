// Merge tags in outreach templates: the ten names a template may use, spotting unknown ones, rendering to text and HTML.
import { daysPastDue } from "./aging"
import { formatMoney } from "./money"

export const mergeTagNames = [
  "customer_name",
  "contact_name",
  "invoice_number",
  "invoice_balance",
  "due_date",
  "days_past_due",
  "pay_link",
  "statement_link",
  "org_name",
  "sender_name",
] as const
export type MergeTagName = (typeof mergeTagNames)[number]
export type MergeValues = Record<MergeTagName, string>

export const mergeTagHelp: Record<MergeTagName, string> = {
  customer_name: "The customer's name",
  contact_name: "The billing contact's name",
  invoice_number: "The invoice number",
  invoice_balance: "Open balance in the invoice's currency, formatted for the customer's locale",
  due_date: "The due date, written out for the customer's locale",
  days_past_due: "Whole days past the due date (0 before it)",
  pay_link: "Link to the payer portal",
  statement_link: "Link to the customer's statement",
  org_name: "Your organisation's name",
  sender_name: "The sender shown to the payer",
}

// `{word}`: letters, digits, underscore, dot and hyphen inside single braces. `{{` is not a tag.
const TAG = /\{([A-Za-z0-9_.\- ]{1,40})\}/g
const known = new Set<string>(mergeTagNames)

/** Tags in `template` that are not merge tags (`{custmer_name}` -> `custmer_name`), each once, in order. */
export function unknownTags(template: string): string[] {
  const out: string[] = []
  for (const m of template.matchAll(TAG)) {
    const name = m[1]
    if (!known.has(name) && !out.includes(name)) out.push(name)
  }
  return out
}

/** The closest merge tag to a misspelt one, when it is a plausible typo (edit distance at most 3). */
export function suggestTag(name: string): MergeTagName | null {
  let best: MergeTagName | null = null
  let bestDistance = 4
  const lower = name
    .trim()
    .toLowerCase()
    .replace(/[\s.-]/g, "_")
  for (const tag of mergeTagNames) {
    const d = editDistance(lower, tag)
    if (d < bestDistance) {
      best = tag
      bestDistance = d
    }
  }
  return best
}

/** "Unknown merge tag {custmer_name} (did you mean {customer_name}?)" */
export function unknownTagMessage(name: string): string {
  const hint = suggestTag(name)
  return `Unknown merge tag {${name}}` + (hint ? ` (did you mean {${hint}}?)` : "")
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]
}

/** Values for a template: the merge tags of a reminder, or another set (outcome emails, domain/payer-templates). */
type TagValues = Readonly<Record<string, string>>
const has = (values: TagValues, name: string) => Object.hasOwn(values, name)

/** Plain-text rendering: tags replaced by their values; unknown tags are left as written. */
export function renderText(template: string, values: TagValues): string {
  return template.replace(TAG, (whole, name: string) => (has(values, name) ? values[name]! : whole))
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => escapes[ch])
}

const linkTags = new Set<string>(["pay_link", "statement_link"])

/**
 * HTML rendering of a plain-text template: every character of the template and every value is escaped;
 * blank lines make paragraphs, single newlines line breaks; {pay_link} and {statement_link} become links
 * when their value is an http(s) URL.
 */
export function renderHtml(template: string, values: TagValues): string {
  const paragraphs = template
    .replace(/\r\n?/g, "\n")
    .trim()
    .split(/\n{2,}/)
  return paragraphs
    .map((p) => {
      let html = ""
      let last = 0
      for (const m of p.matchAll(TAG)) {
        html += escapeHtml(p.slice(last, m.index))
        const name = m[1]
        if (!has(values, name)) html += escapeHtml(m[0])
        else {
          const value = values[name]!
          html +=
            linkTags.has(name) && /^https?:\/\//i.test(value)
              ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`
              : escapeHtml(value)
        }
        last = m.index + m[0].length
      }
      html += escapeHtml(p.slice(last))
      return `<p>${html.replace(/\n/g, "<br>\n")}</p>`
    })
    .join("\n")
}

/** The signature when no sender name is set: the organisation's name is already on the next line and in the From. */
export const defaultSenderName = "Accounts Receivable"

export type MergeInput = {
  orgName: string
  senderName?: string | null
  customerName: string
  contactName?: string | null
  invoiceNumber: string
  balanceMinor: number
  currency: string
  /** The customer's locale (BCP 47, e.g. `de-DE`); `en-US` when unknown. */
  locale?: string | null
  dueDate: string
  today: string
  payLink?: string | null
  statementLink?: string | null
}

/** The values of every merge tag for one invoice, formatted for the customer's locale. */
export function mergeValuesFor(input: MergeInput): MergeValues {
  const locale = safeLocale(input.locale)
  return {
    customer_name: input.customerName,
    contact_name: input.contactName?.trim() || `${input.customerName} accounts payable`,
    invoice_number: input.invoiceNumber,
    invoice_balance: formatMoney(input.balanceMinor, input.currency, locale),
    due_date: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${input.dueDate}T00:00:00Z`)),
    days_past_due: String(Math.max(0, daysPastDue(input.dueDate, input.today))),
    pay_link: input.payLink ?? "",
    statement_link: input.statementLink ?? "",
    org_name: input.orgName,
    // Not the organisation's name again: signatures read "{sender_name}" then "{org_name}" (issue 12).
    sender_name: input.senderName?.trim() || defaultSenderName,
  }
}

/** A BCP 47 locale Intl accepts; en-US when it is missing or malformed. */
export function safeLocale(locale: string | null | undefined): string {
  if (!locale) return "en-US"
  try {
    return Intl.getCanonicalLocales(locale.replace("_", "-"))[0] ?? "en-US"
  } catch {
    return "en-US"
  }
}
