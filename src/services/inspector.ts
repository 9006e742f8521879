// The inspector of one invoice: context, timeline in time order, whether Plixo may send now (and why not),
// the recommendation with its reasons, predicted payment date and risk score. Reads only.
import { invoiceDetail } from "../db/receivables-detail"
import { repliesAndPlans, worklistRows } from "../db/worklist"
import { nowIso } from "../db/ids"
import { daysPastDue } from "../domain/aging"
import { notFound } from "../domain/errors"
import { suggestedPromiseDate } from "../domain/reply-dates"
import { sendRule } from "../domain/send-rule"
import { invoiceFacts } from "../db/send-facts"
import { invoiceSendFacts } from "../tenant/send-facts"
import { loadTickContext } from "../tenant/tick-context"
import type { Db } from "../db/client"
import { payDateModel, rankRow } from "./worklist"

export type TimelineEntry = {
  kind: "outreach" | "reply" | "promise" | "plan" | "payment" | "dispute" | "note"
  at: string
  [field: string]: unknown
}
export type Blocker = { code: string; message: string }

/**
 * "May Plixo send now" is the one send rule's answer (domain/send-rule.ts) for a person sending from here, with the
 * same facts compose and delivery use (tenant/send-facts.ts): every blocker and wait with its code and sentence, and
 * the moment it may go (the latest `until` of the blockers; none when a blocker has no end, such as a dispute).
 * Caps are the TenantDO's to decide at send time, so they are not shown here.
 */
async function sendAnswer(db: Db, orgId: string, invoiceId: string, now: Date) {
  const [ctx, [facts]] = await Promise.all([loadTickContext(db, orgId, now), invoiceFacts(db, orgId, [invoiceId])])
  if (!ctx || !facts) return { may_send_now: false, blockers: [] as Blocker[], next_send_at: null }
  const answer = sendRule(invoiceSendFacts(ctx, facts, "manual", null), now)
  const blockers: Blocker[] = [...answer.blockers, ...answer.waits].map((b) => ({ code: b.code, message: b.message }))
  const untils = answer.blockers.map((b) => b.until ?? null)
  const until = untils.includes(null) ? null : (untils as string[]).sort().at(-1)
  const nextSendAt = !answer.blockers.length
    ? answer.sendAt.toISOString()
    : until
      ? new Date(Math.max(Date.parse(`${until}T00:00:00Z`), answer.sendAt.getTime())).toISOString()
      : null
  return { may_send_now: blockers.length === 0, blockers, next_send_at: nextSendAt }
}

export async function inspectInvoice(db: Db, orgId: string, invoiceId: string, now = new Date()) {
  const today = nowIso(now).slice(0, 10)
  const d = await invoiceDetail(db, orgId, invoiceId)
  if (!d || !d.customer) throw notFound("Invoice")
  const [model, rows, extra, sendAnswerNow] = await Promise.all([
    payDateModel(db, orgId, now),
    worklistRows(db, orgId, now, { invoiceId }),
    repliesAndPlans(db, orgId, invoiceId, d.customer.id),
    sendAnswer(db, orgId, invoiceId, now),
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
  return {
    detail: d,
    row,
    timeline,
    sendRule: sendAnswerNow,
    daysPastDue: daysPastDue(d.invoice.dueDate, today),
  }
}
