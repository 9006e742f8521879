// The Collections worklist's reads: open invoices with the facts that rank them (promises, replies, drafts,
// escalations, disputes at SLA risk), the Today's Focus counts from the same conditions, in a bounded number of
// queries whatever the page. Every condition is one SQL fragment used by both, so a card's count is its list.
import { and, eq, gt, gte, inArray, like, or, sql, type SQL } from "drizzle-orm"
import { type AgingBucket } from "../domain/aging"
import { addDays } from "../domain/dates"
import type { Filters } from "../domain/segment-rules"
import type { Db } from "./client"
import { bucketCondition } from "./receivables"
import { customerNotes, customers, emailEvents, invoices, organisations, outreach, paymentPlans } from "./schema"
import { effectiveScore, segmentWhere } from "./segment-filters"
import { hasReachableContact } from "./segments"
import { activeDisputeStatusSql } from "../domain/dispute-status"

export const focusKeys = [
  "promises_due_today",
  "promises_broken",
  "drafts_to_review",
  "replies_waiting",
  "escalations_due",
  "high_balance_61_90",
  "disputes_sla_risk",
] as const
export type FocusKey = (typeof focusKeys)[number]

/** Balance from which a 61-90 day invoice is a "high balance" (minor units of its own currency: 5,000.00). */
export const highBalanceMinor = 500_000
/** A dispute is at SLA risk when its SLA ends within this many hours (or has passed). */
export const slaRiskHours = 48

const active = sql.raw(`('queued', 'sending', 'sent')`)

/** The reply still waiting on an invoice: the newest reply with no promise or send after it. */
function waitingReply(column: "id" | "created_at" | "detail"): SQL<string | null> {
  return sql<
    string | null
  >`(select e.${sql.raw(column)} from email_events e where e.org_id = ${invoices.orgId} and e.invoice_id = ${invoices.id} and e.type = 'reply'
    and not exists (select 1 from promises p where p.org_id = e.org_id and p.invoice_id = e.invoice_id and p.created_at >= e.created_at)
    and not exists (select 1 from outreach o where o.org_id = e.org_id and o.invoice_id = e.invoice_id and o.status in ${active} and o.created_at > e.created_at)
    order by e.created_at desc limit 1)`
}

/** Each Focus card's condition on an open invoice, at `now`. */
export function focusCondition(key: FocusKey, now: Date): SQL {
  const today = now.toISOString().slice(0, 10)
  const soon = new Date(now.getTime() + slaRiskHours * 3_600_000).toISOString()
  switch (key) {
    case "promises_due_today":
      return sql`exists (select 1 from promises p where p.org_id = ${invoices.orgId} and p.invoice_id = ${invoices.id} and p.status = 'open' and p.promised_date = ${today})`
    case "promises_broken":
      // Broken (or passed unpaid and not reconciled yet), and nobody has followed up: no newer promise, no send since.
      return sql`exists (select 1 from promises p where p.org_id = ${invoices.orgId} and p.invoice_id = ${invoices.id}
        and (p.status = 'broken' or (p.status = 'open' and p.promised_date < ${today}))
        and not exists (select 1 from promises p2 where p2.org_id = p.org_id and p2.invoice_id = p.invoice_id and p2.created_at > p.created_at)
        and not exists (select 1 from outreach o where o.org_id = p.org_id and o.invoice_id = p.invoice_id and o.status in ${active} and o.created_at >= date(p.promised_date, '+1 day')))`
    case "drafts_to_review":
      return sql`exists (select 1 from outreach o where o.org_id = ${invoices.orgId} and o.invoice_id = ${invoices.id} and o.status = 'draft')`
    case "replies_waiting":
      return sql`${waitingReply("id")} is not null`
    case "escalations_due":
      return sql`exists (select 1 from tasks t where t.org_id = ${invoices.orgId} and t.invoice_id = ${invoices.id} and t.kind = 'escalation' and t.status = 'open' and (t.due_at is null or t.due_at <= ${now.toISOString()}))`
    case "high_balance_61_90":
      return and(bucketCondition("61-90", today), gte(invoices.balanceMinor, highBalanceMinor))!
    case "disputes_sla_risk":
      return sql`exists (select 1 from disputes d where d.org_id = ${invoices.orgId} and d.invoice_id = ${invoices.id} and d.status in (${sql.raw(activeDisputeStatusSql)}) and d.sla_paused_at is null and d.sla_due_at <= ${soon})`
  }
}

export type WorklistFilters = {
  invoiceId?: string
  focus?: FocusKey
  bucket?: AgingBucket
  segment?: Filters
  ownerId?: string
  currency?: string
  query?: string
}

function conditions(orgId: string, now: Date, f: WorklistFilters): SQL {
  const today = now.toISOString().slice(0, 10)
  const conds: (SQL | undefined)[] = [eq(invoices.orgId, orgId), eq(invoices.status, "open"), gt(invoices.balanceMinor, 0)]
  if (f.invoiceId) conds.push(eq(invoices.id, f.invoiceId))
  if (f.focus) conds.push(focusCondition(f.focus, now))
  if (f.bucket) conds.push(bucketCondition(f.bucket, today))
  if (f.segment) conds.push(segmentWhere(f.segment, today))
  if (f.ownerId) conds.push(eq(customers.ownerId, f.ownerId))
  if (f.currency) conds.push(eq(invoices.currency, f.currency))
  if (f.query) {
    const pattern = `%${f.query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    conds.push(or(sql`${customers.name} like ${pattern} escape '\\'`, like(invoices.invoiceNumber, pattern)))
  }
  return and(...conds)!
}

const flag = (key: FocusKey, now: Date) => sql<number>`(case when ${focusCondition(key, now)} then 1 else 0 end)`

/** The invoice's next open promise not yet passed, as JSON `{ date, amount }` (or null). */
export const openPromiseJson = (today: string) =>
  sql<
    string | null
  >`(select json_object('date', p.promised_date, 'amount', p.amount_minor) from promises p where p.org_id = ${invoices.orgId} and p.invoice_id = ${invoices.id} and p.status = 'open' and p.promised_date >= ${today} order by p.promised_date limit 1)`

/** The instalments of the invoice's active payment plan, as a JSON array of `{ due, amount, paid }` (empty without a plan). */
export const activeInstalmentsJson = sql<
  string | null
>`(select json_group_array(json_object('due', ii.due_date, 'amount', ii.amount_minor, 'paid', ii.paid_minor)) from payment_plans pp join payment_plan_instalments ii on ii.org_id = pp.org_id and ii.plan_id = pp.id where pp.org_id = ${invoices.orgId} and pp.invoice_id = ${invoices.id} and pp.status = 'active')`

/** Every open invoice matching the filters with its ranking facts: one query, whatever the organisation's size. */
export function worklistRows(db: Db, orgId: string, now: Date, f: WorklistFilters) {
  const today = now.toISOString().slice(0, 10)
  return db
    .select({
      invoiceId: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      customerId: invoices.customerId,
      customerName: customers.name,
      ownerId: customers.ownerId,
      riskScore: effectiveScore,
      customerTimeZone: customers.timeZone,
      currency: invoices.currency,
      amountMinor: invoices.amountMinor,
      balanceMinor: invoices.balanceMinor,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      disputed: invoices.disputed,
      hasContact: hasReachableContact,
      promiseDueToday: flag("promises_due_today", now),
      promiseBroken: flag("promises_broken", now),
      draftWaiting: flag("drafts_to_review", now),
      escalationDue: flag("escalations_due", now),
      disputeSlaRisk: flag("disputes_sla_risk", now),
      replyId: waitingReply("id"),
      replyAt: waitingReply("created_at"),
      replyText: waitingReply("detail"),
      openPromise: openPromiseJson(today),
      lastBrokenPromise: sql<
        string | null
      >`(select max(p.promised_date) from promises p where p.org_id = ${invoices.orgId} and p.invoice_id = ${invoices.id} and p.status = 'broken' and p.promised_date >= ${addDays(today, -30)})`,
      instalments: activeInstalmentsJson,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(conditions(orgId, now, f))
}

export type WorklistRow = Awaited<ReturnType<typeof worklistRows>>[number]

/** Today's Focus: each card's count and base-currency amount, one query for all seven. */
export async function focusCounts(db: Db, orgId: string, now: Date, f: Omit<WorklistFilters, "focus"> = {}) {
  const [org] = await db
    .select({ baseCurrency: organisations.baseCurrency })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .limit(1)
  const base = org?.baseCurrency ?? "USD"
  const columns = Object.fromEntries(
    focusKeys.flatMap((key) => [
      [key, sql<number>`coalesce(sum(case when ${focusCondition(key, now)} then 1 else 0 end), 0)`],
      [
        `${key}_amount`,
        sql<number>`coalesce(sum(case when ${focusCondition(key, now)} and ${invoices.currency} = ${base} then ${invoices.balanceMinor} else 0 end), 0)`,
      ],
    ]),
  ) as Record<string, SQL<number>>
  const [row] = await db
    .select(columns)
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(conditions(orgId, now, f))
  return {
    baseCurrency: base,
    counts: Object.fromEntries(
      focusKeys.map((k) => [k, { count: Number(row?.[k] ?? 0), amountMinor: Number(row?.[`${k}_amount`] ?? 0) }]),
    ) as Record<FocusKey, { count: number; amountMinor: number }>,
  }
}

/** The invoice's replies and payment plans and its customer's notes (newest first), in one round trip. */
export async function repliesAndPlans(db: Db, orgId: string, invoiceId: string, customerId: string) {
  const [replies, plans, notes] = await db.batch([
    db
      .select()
      .from(emailEvents)
      .where(and(eq(emailEvents.orgId, orgId), eq(emailEvents.invoiceId, invoiceId), eq(emailEvents.type, "reply")))
      .orderBy(sql`${emailEvents.createdAt} desc`)
      .limit(50),
    db
      .select()
      .from(paymentPlans)
      .where(and(eq(paymentPlans.orgId, orgId), eq(paymentPlans.invoiceId, invoiceId)))
      .orderBy(sql`${paymentPlans.createdAt} desc`)
      .limit(20),
    db
      .select()
      .from(customerNotes)
      .where(and(eq(customerNotes.orgId, orgId), eq(customerNotes.customerId, customerId)))
      .orderBy(sql`${customerNotes.createdAt} desc`)
      .limit(50),
  ])
  return { replies, plans, notes }
}

/** The draft outreach ids of these invoices (the worklist's bulk approve and reject act on drafts). */
export async function draftIdsFor(db: Db, orgId: string, invoiceIds: string[]): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < invoiceIds.length; i += 90) {
    const rows = await db
      .select({ id: outreach.id })
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "draft"), inArray(outreach.invoiceId, invoiceIds.slice(i, i + 90))))
    out.push(...rows.map((r) => r.id))
  }
  return out
}
