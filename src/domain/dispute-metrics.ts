// Dispute metrics: the SLA snapshot (active, at risk, breached, due today, first response), open and days to
// resolve by reason, credits issued this month vs last (base currency), reopen rate and share resolved within SLA.
// Pure: the rows come from db/dispute-metrics.ts. Definitions below are what the page's (i) texts say.
import { dayStart } from "./cadence-next"
import { addDays, addMonths } from "./dates"
import { activeDisputeStatuses, isClosedStatus } from "./dispute-status"
import { disputeReasonLabels, type DisputeReason } from "./portal-rules"
import { dayIn } from "./send-window"

export type DisputeMetricRow = {
  reason: DisputeReason
  status: string
  createdAt: string
  slaDueAt: string
  slaPausedAt: string | null
  firstResponseAt: string | null
  resolvedAt: string | null
  creditMinor: number | null
  currency: string
  reopenCount: number
}

export type DisputeMetrics = {
  sla: { active: number; at_risk: number; breached: number; due_today: number; paused: number; median_first_response_hours: number | null }
  by_reason: { reason: DisputeReason; open: number; median_days_to_resolve: number | null }[]
  credits_issued_minor: number
  credits_issued_last_month_minor: number
  currency: string
  reopen_rate: number | null
  resolved_within_sla: number | null
}

/** Closed disputes count toward medians and shares when they closed in the last this-many days. */
export const METRICS_WINDOW_DAYS = 90
const DAY = 86_400_000
const HOUR = 3_600_000

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10)
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000)

/** The month's first instant in the organisation's zone, `back` months before the month of `now`. */
export function monthStart(now: Date, timeZone: string, back = 0): Date {
  const first = `${dayIn(now, timeZone).slice(0, 8)}01`
  return dayStart(addMonths(first, -back), timeZone)
}

/**
 * - active: unresolved (open, investigating, waiting on payer, escalated, credit awaiting approval).
 * - breached / at risk / due today: active with a running clock (a paused SLA is neither) whose due time is
 *   past / within the next 24 hours / before the end of today in the organisation's zone (not yet breached).
 * - median first response: hours from filing to finance's first status change or reply, disputes filed in the window.
 * - median days to resolve: filed to closed (resolved or rejected), closed in the window, per reason.
 * - credits issued: credits on disputes resolved this calendar month (last month), base currency only.
 * - reopen rate, resolved within SLA: shares of the disputes closed in the window (closed at or before the due time).
 */
export function disputeMetrics(rows: DisputeMetricRow[], now: Date, timeZone: string, baseCurrency: string): DisputeMetrics {
  const t = now.getTime()
  const windowStart = t - METRICS_WINDOW_DAYS * DAY
  const endOfToday = dayStart(addDays(dayIn(now, timeZone), 1), timeZone).getTime()
  const thisMonth = monthStart(now, timeZone).getTime()
  const lastMonth = monthStart(now, timeZone, 1).getTime()
  const active = rows.filter((r) => (activeDisputeStatuses as readonly string[]).includes(r.status))
  const running = active.filter((r) => !r.slaPausedAt)
  const due = (r: DisputeMetricRow) => Date.parse(r.slaDueAt)
  const closed = rows.filter((r) => isClosedStatus(r.status) && r.resolvedAt && Date.parse(r.resolvedAt) >= windowStart)
  const credited = (from: number, to: number) =>
    rows
      .filter((r) => r.status === "resolved" && r.currency === baseCurrency && (r.creditMinor ?? 0) > 0 && r.resolvedAt)
      .filter((r) => Date.parse(r.resolvedAt!) >= from && Date.parse(r.resolvedAt!) < to)
      .reduce((sum, r) => sum + (r.creditMinor ?? 0), 0)
  const responses = rows
    .filter((r) => r.firstResponseAt && Date.parse(r.createdAt) >= windowStart)
    .map((r) => (Date.parse(r.firstResponseAt!) - Date.parse(r.createdAt)) / HOUR)
  return {
    sla: {
      active: active.length,
      at_risk: running.filter((r) => due(r) >= t && due(r) < t + DAY).length,
      breached: running.filter((r) => due(r) < t).length,
      due_today: running.filter((r) => due(r) >= t && due(r) < endOfToday).length,
      paused: active.length - running.length,
      median_first_response_hours: oneDecimal(median(responses)),
    },
    by_reason: (Object.keys(disputeReasonLabels) as DisputeReason[]).map((reason) => ({
      reason,
      open: active.filter((r) => r.reason === reason).length,
      median_days_to_resolve: oneDecimal(
        median(closed.filter((r) => r.reason === reason).map((r) => (Date.parse(r.resolvedAt!) - Date.parse(r.createdAt)) / DAY)),
      ),
    })),
    credits_issued_minor: credited(thisMonth, Number.POSITIVE_INFINITY),
    credits_issued_last_month_minor: credited(lastMonth, thisMonth),
    currency: baseCurrency,
    reopen_rate: share(closed.filter((r) => r.reopenCount > 0).length, closed.length),
    resolved_within_sla: share(closed.filter((r) => Date.parse(r.resolvedAt!) <= due(r)).length, closed.length),
  }
}
