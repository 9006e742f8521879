// The Collections worklist and Today's Focus: open invoices ranked by priority with reasons, predicted payment
// date and recommended action, keyset-paged by (priority, id). Three D1 queries a page whatever its size: the
// paid history (for the pay-date model), the filtered rows, and the segment's filters when one is chosen.
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { paidHistory } from "../db/payment-history"
import { findSegment } from "../db/segments"
import { focusCounts, focusKeys, type FocusKey, type WorklistFilters, type WorklistRow, worklistRows } from "../db/worklist"
import { type AgingBucket } from "../domain/aging"
import { addDays } from "../domain/dates"
import { notFound } from "../domain/errors"
import { fitPayDateModel, predictPaymentDate, type PayDateModel, type PayDatePrediction } from "../domain/paydate"
import { suggestedPromiseDate } from "../domain/reply-dates"
import type { Filters } from "../domain/segment-rules"
import { rankInvoice, type Ranked } from "../domain/worklist"

export type WorklistQuery = {
  focus?: FocusKey
  bucket?: AgingBucket
  segmentId?: string
  ownerId?: string
  currency?: string
  query?: string
}
export type WorklistItem = WorklistRow & Ranked & { predicted: PayDatePrediction; suggestedPromiseDate: string | null }

export const focusLabels: Record<FocusKey, string> = {
  promises_due_today: "Promises due today",
  promises_broken: "Promises broken",
  drafts_to_review: "Drafts to review",
  replies_waiting: "Replies waiting",
  escalations_due: "Escalations due",
  high_balance_61_90: "High balances 61-90 days",
  disputes_sla_risk: "Disputes at SLA risk",
}

/** The pay-date model as of today from the last 18 months of paid invoices. */
export async function payDateModel(db: Db, orgId: string, now: Date): Promise<PayDateModel> {
  const today = nowIso(now).slice(0, 10)
  return fitPayDateModel(await paidHistory(db, orgId, addDays(today, -540)), today)
}

async function filtersOf(db: Db, orgId: string, q: WorklistQuery): Promise<WorklistFilters> {
  let segment: Filters | undefined
  if (q.segmentId) {
    const s = await findSegment(db, orgId, q.segmentId)
    if (!s) throw notFound("Segment")
    segment = s.filters as Filters
  }
  return { focus: q.focus, bucket: q.bucket, segment, ownerId: q.ownerId, currency: q.currency, query: q.query }
}

/** One row's ranking, prediction and suggested promise date. */
export function rankRow(r: WorklistRow, model: PayDateModel, today: string): WorklistItem {
  const promise = r.openPromise ? (JSON.parse(r.openPromise) as { date: string; amount: number }) : null
  const instalments = r.instalments
    ? (JSON.parse(r.instalments) as { due: string; amount: number; paid: number }[]).filter((i) => i.due)
    : []
  const predicted = predictPaymentDate(
    model,
    {
      customerId: r.customerId,
      issueDate: r.issueDate,
      dueDate: r.dueDate,
      balanceMinor: r.balanceMinor,
      amountMinor: r.amountMinor,
      promises: promise ? [{ promisedDate: promise.date, amountMinor: promise.amount }] : [],
      instalments: instalments.map((i) => ({ dueDate: i.due, amountMinor: i.amount, paidMinor: i.paid })),
    },
    today,
  )
  const named = r.replyText && r.replyAt ? suggestedPromiseDate(r.replyText, new Date(r.replyAt), r.customerTimeZone) : null
  // A date the reply named that has already passed is no promise to confirm any more.
  const suggested = named && named >= today ? named : null
  const ranked = rankInvoice(
    {
      balanceMinor: r.balanceMinor,
      currency: r.currency,
      dueDate: r.dueDate,
      riskScore: r.riskScore,
      usualDaysLate: predicted.usualDaysLate,
      predictedDate: predicted.date,
      disputed: Boolean(r.disputed),
      disputeSlaRisk: Boolean(r.disputeSlaRisk),
      promiseDueToday: Boolean(r.promiseDueToday),
      promiseBroken: Boolean(r.promiseBroken),
      lastBrokenPromise: r.lastBrokenPromise,
      openPromiseDate: promise?.date ?? null,
      replyWaiting: r.replyId !== null,
      replySuggestsDate: suggested !== null,
      escalationDue: Boolean(r.escalationDue),
      draftWaiting: Boolean(r.draftWaiting),
      hasContact: Boolean(r.hasContact),
    },
    today,
  )
  return { ...r, ...ranked, predicted, suggestedPromiseDate: suggested }
}

export type Cursor = { priority: number; id: string }

export function encodeWorklistCursor(c: Cursor): string {
  return btoa(`${c.priority}|${c.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/** The cursor, or null when it is not one of ours (the caller answers 400). */
export function decodeWorklistCursor(text: string): Cursor | null {
  try {
    const [p, id] = atob(text.replace(/-/g, "+").replace(/_/g, "/")).split("|")
    const priority = Number(p)
    return Number.isInteger(priority) && id ? { priority, id } : null
  } catch {
    return null
  }
}

/** Every open invoice matching the filters, ranked: highest priority first (ties by invoice id). */
async function rankedRows(db: Db, orgId: string, now: Date, q: WorklistQuery): Promise<WorklistItem[]> {
  const today = nowIso(now).slice(0, 10)
  const filters = await filtersOf(db, orgId, q)
  const [model, rows] = await Promise.all([payDateModel(db, orgId, now), worklistRows(db, orgId, now, filters)])
  return rows
    .map((r) => rankRow(r, model, today))
    .sort((a, b) => b.priorityScore - a.priorityScore || a.invoiceId.localeCompare(b.invoiceId))
}

/** One page of the ranked worklist, highest priority first (ties by invoice id). */
export async function worklistPage(db: Db, orgId: string, now: Date, q: WorklistQuery, page: { limit: number; cursor: Cursor | null }) {
  const ranked = await rankedRows(db, orgId, now, q)
  const c = page.cursor
  const start = c ? ranked.findIndex((r) => r.priorityScore < c.priority || (r.priorityScore === c.priority && r.invoiceId > c.id)) : 0
  const from = start < 0 ? ranked.length : start
  const data = ranked.slice(from, from + page.limit)
  const last = data.at(-1)
  return {
    data,
    total: ranked.length,
    nextCursor:
      from + page.limit < ranked.length && last ? encodeWorklistCursor({ priority: last.priorityScore, id: last.invoiceId }) : null,
  }
}

/** A customer's line in the worklist's customer view: its open invoices that need a person, led by the most urgent. */
export type CustomerLine = {
  customerId: string
  customerName: string
  invoices: number
  /** Balance per currency, largest first (a customer can owe in more than one). */
  balances: { currency: string; minor: number }[]
  top: WorklistItem
}

/** The same ranked rows grouped by customer, ranked by each customer's most urgent invoice; pages of `limit` customers. */
export async function customerPage(db: Db, orgId: string, now: Date, q: WorklistQuery, page: { limit: number; offset: number }) {
  const ranked = await rankedRows(db, orgId, now, q)
  const lines = new Map<string, CustomerLine>()
  for (const r of ranked) {
    const line = lines.get(r.customerId)
    if (!line) {
      lines.set(r.customerId, {
        customerId: r.customerId,
        customerName: r.customerName,
        invoices: 1,
        balances: [{ currency: r.currency, minor: r.balanceMinor }],
        top: r,
      })
      continue
    }
    line.invoices++
    const same = line.balances.find((b) => b.currency === r.currency)
    if (same) same.minor += r.balanceMinor
    else line.balances.push({ currency: r.currency, minor: r.balanceMinor })
  }
  const all = [...lines.values()]
  for (const l of all) l.balances.sort((a, b) => b.minor - a.minor)
  return { data: all.slice(page.offset, page.offset + page.limit), total: all.length, invoices: ranked.length }
}

/** Today's Focus cards; `href` opens the worklist filtered to the card (same filters as `q`, so counts match). */
export async function focusCards(db: Db, orgId: string, now: Date, q: Omit<WorklistQuery, "focus"> = {}, hrefBase = "/work/queue") {
  const filters = await filtersOf(db, orgId, q)
  const { baseCurrency, counts } = await focusCounts(db, orgId, now, filters)
  const keep = new URLSearchParams(
    Object.entries({ bucket: q.bucket, segment_id: q.segmentId, owner: q.ownerId, currency: q.currency, q: q.query }).filter(
      (e): e is [string, string] => Boolean(e[1]),
    ),
  )
  return focusKeys.map((key) => {
    const params = new URLSearchParams(keep)
    params.set("focus", key)
    const withAmount = key !== "drafts_to_review" && key !== "replies_waiting"
    return {
      key,
      label: focusLabels[key],
      count: counts[key].count,
      ...(withAmount ? { amount_minor: counts[key].amountMinor, currency: baseCurrency } : {}),
      href: `${hrefBase}?${params}`,
    }
  })
}
