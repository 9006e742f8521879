// The inspector of one invoice: context, timeline in time order, whether Plixo may send now (and why not),
// the recommendation with its reasons, predicted payment date and risk score. Reads only; four round trips.
import { invoiceDetail } from "../db/receivables-detail"
import { repliesAndPlans, worklistRows } from "../db/worklist"
import { nowIso } from "../db/ids"
import { daysPastDue } from "../domain/aging"
import { notFound } from "../domain/errors"
import { suggestedPromiseDate } from "../domain/reply-dates"
import { defaultQuietHours, nextSendTime, validTimeZone } from "../domain/send-window"
import type { Db } from "../db/client"
import { payDateModel, rankRow } from "./worklist"

export type TimelineEntry = {
  kind: "outreach" | "reply" | "promise" | "plan" | "payment" | "dispute" | "note"
  at: string
  [field: string]: unknown
}
export type Blocker = { code: string; message: string }

/**
 * Interim answer to "may Plixo send now" from the facts the send rule reads (settled, dispute, live promise,
 * reachable contact, one send a day, quiet hours); to be replaced by the one send rule (domain/send-rule.ts).
 */
function sendNow(
  d: NonNullable<Awaited<ReturnType<typeof invoiceDetail>>>,
  reachable: boolean,
  promiseDate: string | null,
  now: Date,
): { may_send_now: boolean; blockers: Blocker[]; next_send_at: string | null } {
  const blockers: Blocker[] = []
  if (d.invoice.status !== "open" || d.invoice.balanceMinor <= 0)
    blockers.push({ code: "settled", message: "The invoice is paid or closed; Plixo does not chase it." })
  if (d.invoice.disputed)
    blockers.push({ code: "disputed", message: "An open dispute pauses reminders for this invoice until it is resolved." })
  if (promiseDate)
    blockers.push({
      code: "promise_active",
      message: `The customer promised to pay by ${promiseDate}; reminders wait until the day after.`,
    })
  if (!reachable)
    blockers.push({ code: "no_contact", message: "No contact with a deliverable email address (missing, bounced or unsubscribed)." })
  const lastSent = d.outreach
    .filter((o) => o.sentAt)
    .map((o) => o.sentAt!)
    .sort()
    .at(-1)
  let next: Date | null = null
  if (lastSent && now.getTime() - Date.parse(lastSent) < 86_400_000) {
    next = new Date(Date.parse(lastSent) + 86_400_000)
    blockers.push({
      code: "sent_recently",
      message: `A reminder went out at ${lastSent.slice(0, 16).replace("T", " ")} UTC; at most one a day per invoice.`,
    })
  }
  const zone = validTimeZone(d.contacts[0]?.timeZone) ?? validTimeZone(d.customer?.timeZone) ?? "UTC"
  const slot = nextSendTime(next ?? now, { quietHours: defaultQuietHours, businessDaysOnly: true }, zone)
  if (slot.deferred) {
    blockers.push({
      code: slot.deferred,
      message: `${slot.deferred === "quiet_hours" ? "Quiet hours" : "Not a business day"} for the payer (${zone}); the next send window opens ${slot.at.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    })
    next = slot.at
  }
  const hard = blockers.some((b) => ["settled", "disputed", "no_contact"].includes(b.code))
  const untilPromise = promiseDate ? new Date(`${promiseDate}T00:00:00Z`).getTime() + 86_400_000 : null
  const nextSendAt = hard
    ? null
    : untilPromise
      ? new Date(Math.max(untilPromise, next?.getTime() ?? 0)).toISOString()
      : next
        ? next.toISOString()
        : null
  return { may_send_now: blockers.length === 0, blockers, next_send_at: blockers.length === 0 ? nowIso(now) : nextSendAt }
}

export async function inspectInvoice(db: Db, orgId: string, invoiceId: string, now = new Date()) {
  const today = nowIso(now).slice(0, 10)
  const d = await invoiceDetail(db, orgId, invoiceId)
  if (!d || !d.customer) throw notFound("Invoice")
  const [model, rows, extra] = await Promise.all([
    payDateModel(db, orgId, now),
    worklistRows(db, orgId, now, { invoiceId }),
    repliesAndPlans(db, orgId, invoiceId, d.customer.id),
  ])
  const row = rows[0] ? rankRow(rows[0], model, today) : null
  const tz = d.customer.timeZone
  const timeline: TimelineEntry[] = [
    ...d.outreach.map((o) => ({
      kind: "outreach" as const,
      at: o.sentAt ?? o.createdAt,
      id: o.id,
      status: o.status,
      subject: o.subject,
      to: o.toEmail,
      outreach_kind: o.kind,
      reason: o.reason,
    })),
    ...extra.replies.map((e) => ({
      kind: "reply" as const,
      at: e.createdAt,
      id: e.id,
      from: e.email,
      text: e.detail,
      waiting: row?.replyId === e.id,
      suggested_promise_date: e.detail ? suggestedPromiseDate(e.detail, new Date(e.createdAt), tz) : null,
    })),
    ...d.promises.map((p) => ({
      kind: "promise" as const,
      at: p.createdAt,
      id: p.id,
      status: p.status,
      promised_date: p.promisedDate,
      amount_minor: p.amountMinor,
      currency: p.currency,
      source: p.source,
      channel: p.channel,
    })),
    ...extra.plans.map((p) => ({
      kind: "plan" as const,
      at: p.createdAt,
      id: p.id,
      status: p.status,
      instalments: p.instalmentCount,
      frequency: p.frequency,
      first_date: p.firstDate,
      total_minor: p.totalMinor,
      currency: p.currency,
    })),
    ...d.payments.map((p) => ({
      kind: "payment" as const,
      at: p.receivedAt,
      id: p.id,
      amount_minor: p.appliedMinor,
      currency: p.currency,
      method: p.method,
      status: p.status,
    })),
    ...extra.notes.map((n) => ({ kind: "note" as const, at: n.createdAt, id: n.id, body: n.body, author_id: n.authorId })),
    ...d.disputes.map((x) => ({
      kind: "dispute" as const,
      at: x.createdAt,
      id: x.id,
      status: x.status,
      reason: x.reason,
      message: x.message,
      sla_due_at: x.slaDueAt,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at))
  const promiseDate =
    d.promises
      .filter((p) => p.status === "open" && p.promisedDate >= today)
      .map((p) => p.promisedDate)
      .sort()[0] ?? null
  return {
    detail: d,
    row,
    timeline,
    sendRule: sendNow(d, Boolean(row?.hasContact), promiseDate, now),
    daysPastDue: daysPastDue(d.invoice.dueDate, today),
  }
}
