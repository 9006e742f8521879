// Pieces shared by the receivables, customer and invoice pages: dates, status and bucket badges, money lists.
import { agingBucket, bucketLabels, daysPastDue, type AgingBucket } from "../../../domain/aging"
import { formatMoney } from "../../../domain/money"
import { Badge, type Tone } from "../components/ui"

/** Amounts on screens use the organisation's display locale; each keeps its own currency. */
export const displayLocale = "en-US"

export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency, displayLocale)
}

const dateFormat = new Intl.DateTimeFormat(displayLocale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" })
const dateTimeFormat = new Intl.DateTimeFormat(displayLocale, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
})

/** `2026-11-21` -> `Nov 21, 2026`. */
export function fmtDate(day: string | null | undefined): string {
  if (!day) return "—"
  const t = Date.parse(day.length === 10 ? `${day}T00:00:00Z` : day)
  return Number.isNaN(t) ? day : dateFormat.format(t)
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return "—"
  const t = Date.parse(iso)
  return Number.isNaN(t) ? iso : dateTimeFormat.format(t)
}

export const bucketTone: Record<AgingBucket, Tone> = { current: "good", "1-30": "info", "31-60": "warn", "61-90": "warn", "90+": "bad" }

export function BucketBadge({ bucket }: { bucket: AgingBucket }) {
  return <Badge tone={bucketTone[bucket]}>{bucket === "current" ? "Current" : `${bucketLabels[bucket]} days`}</Badge>
}

type InvoiceLike = { status: string; disputed: boolean; dueDate: string; balanceMinor: number; amountMinor: number }

/** Status as a controller says it: Paid, Void, Disputed, Partly paid, Overdue, Open. */
export function InvoiceStatus({ invoice, today }: { invoice: InvoiceLike; today: string }) {
  if (invoice.status === "paid") return <Badge tone="good">Paid</Badge>
  if (invoice.status === "void") return <Badge>Void</Badge>
  if (invoice.status === "uncollectible") return <Badge tone="bad">Uncollectible</Badge>
  const overdue = daysPastDue(invoice.dueDate, today) > 0
  return (
    <span class="badges">
      {invoice.disputed ? (
        <Badge tone="bad">Disputed</Badge>
      ) : overdue ? (
        <Badge tone="warn">Overdue</Badge>
      ) : (
        <Badge tone="info">Open</Badge>
      )}
      {invoice.balanceMinor < invoice.amountMinor && <Badge>Partly paid</Badge>}
    </span>
  )
}

/** Days past due for an open invoice (`12 days late`, `in 5 days`); nothing for settled ones. */
export function DueIn({ invoice, today }: { invoice: { status: string; dueDate: string }; today: string }) {
  if (invoice.status !== "open") return null
  const days = daysPastDue(invoice.dueDate, today)
  if (days > 0)
    return (
      <span class={days > 60 ? "late late-bad" : "late"}>
        {days} {days === 1 ? "day" : "days"} late
      </span>
    )
  if (days === 0) return <span>Due today</span>
  return (
    <span class="muted">
      in {-days} {days === -1 ? "day" : "days"}
    </span>
  )
}

export function bucketOf(invoice: { status: string; dueDate: string }, today: string): AgingBucket | null {
  return invoice.status === "open" ? agingBucket(invoice.dueDate, today) : null
}

/** Money per currency, never added across currencies: the largest first. */
export function MoneyList({ items, empty = "—" }: { items: { currency: string; balanceMinor: number }[]; empty?: string }) {
  if (items.length === 0) return <span class="muted">{empty}</span>
  return (
    <span class="money-list">
      {items.map((i) => (
        <span class="num">{money(i.balanceMinor, i.currency)}</span>
      ))}
    </span>
  )
}

export const promiseTone: Record<string, Tone> = { open: "info", kept: "good", broken: "bad", cancelled: "neutral" }
export const disputeTone: Record<string, Tone> = {
  open: "bad",
  investigating: "warn",
  pending_credit: "warn",
  resolved: "good",
  rejected: "neutral",
}
export const outreachTone: Record<string, Tone> = {
  draft: "info",
  queued: "info",
  sending: "info",
  sent: "good",
  failed: "bad",
  suppressed: "warn",
  skipped: "neutral",
  rejected: "neutral",
}

export function words(value: string): string {
  const s = value.replace(/_/g, " ")
  return s.charAt(0).toUpperCase() + s.slice(1)
}
