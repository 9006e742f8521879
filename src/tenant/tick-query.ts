// One page of the invoices a tick looks at: owner segment, contact, promise, plan and reminder history in one query.
import { and, asc, eq, gt, gte, or, sql } from "drizzle-orm"
import { alias } from "drizzle-orm/sqlite-core"
import type { Db } from "../db/client"
import { contacts, customers, invoices } from "../db/schema"
import { ownedBySegment } from "../db/segment-filters"
import type { OwnerCandidate } from "../domain/segment-rules"

export type TickRow = Awaited<ReturnType<typeof tickPage>>[number]
export type Cursor = { dueDate: string; id: string } | null

const contact = alias(contacts, "tick_contact")

/**
 * Open invoices owned by one of `candidates`, keyset-paged by (due date, id), or just those of `ids` (the due ones).
 * Everything the guardrails need comes back in the row, so the tick issues one query per page, never one per invoice.
 */
export function tickPage(db: Db, orgId: string, candidates: OwnerCandidate[], today: string, cursor: Cursor, limit: number, ids?: string[]) {
  const owner = ownedBySegment(candidates, today)
  return db
    .select({
      id: invoices.id,
      customerId: invoices.customerId,
      dueDate: invoices.dueDate,
      balanceMinor: invoices.balanceMinor,
      disputed: invoices.disputed,
      lastResponseAt: invoices.lastResponseAt,
      customerTz: customers.timeZone,
      customerCountry: customers.country,
      contactId: contact.id,
      contactEmail: contact.email,
      contactTz: contact.timeZone,
      segmentId: sql<string>`${owner}`.as("owner_segment"),
      suppressed: sql<number>`exists (select 1 from suppressions s where s.org_id = ${invoices.orgId} and s.email = lower(${contact.email}))`,
      promisedDate: sql<string | null>`(select max(p.promised_date) from promises p where p.org_id = ${invoices.orgId} and p.invoice_id = ${invoices.id} and p.status = 'open')`,
      planActive: sql<number>`exists (select 1 from payment_plans pp where pp.org_id = ${invoices.orgId} and pp.invoice_id = ${invoices.id} and pp.status = 'active')`,
      planNext: sql<string | null>`(select pi.due_date || '|' || pi.seq from payment_plans pp join payment_plan_instalments pi on pi.org_id = pp.org_id and pi.plan_id = pp.id
        where pp.org_id = ${invoices.orgId} and pp.invoice_id = ${invoices.id} and pp.status = 'active'
          -- Paid so far on the plan is what the invoice balance dropped by since the plan began: the next instalment is the
          -- first whose running total exceeds it (derived, so every way a payment lands counts without extra writes).
          and (select sum(p2.amount_minor) from payment_plan_instalments p2 where p2.org_id = pi.org_id and p2.plan_id = pi.plan_id and p2.seq <= pi.seq)
            > pp.total_minor - ${invoices.balanceMinor}
        order by pi.seq limit 1)`,
      reminderKeys: sql<string | null>`(select group_concat(o.dedupe_key, ' ') from outreach o where o.org_id = ${invoices.orgId} and o.invoice_id = ${invoices.id} and o.kind = 'reminder')`,
      lastSent: sql<string | null>`(select o.sent_at || '|' || o.id from outreach o where o.org_id = ${invoices.orgId} and o.invoice_id = ${invoices.id} and o.status = 'sent' order by o.sent_at desc limit 1)`,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .leftJoin(
      contact,
      eq(
        contact.id,
        sql`(select c.id from contacts c where c.org_id = ${invoices.orgId} and c.customer_id = ${invoices.customerId} and c.email is not null and c.email <> ''
          order by c.is_primary desc, c.created_at limit 1)`,
      ),
    )
    .where(
      and(
        eq(invoices.orgId, orgId),
        eq(invoices.status, "open"),
        // One bound JSON array instead of one parameter per id (D1: at most 100 bound parameters per statement).
        ids ? sql`${invoices.id} in (select value from json_each(${JSON.stringify(ids)}))` : undefined,
        // The plain range on due_date lets SQLite start the index scan at the cursor; the OR alone made every page
        // rescan the organisation's open invoices from the start.
        cursor ? gte(invoices.dueDate, cursor.dueDate) : undefined,
        cursor ? or(gt(invoices.dueDate, cursor.dueDate), and(eq(invoices.dueDate, cursor.dueDate), gt(invoices.id, cursor.id))) : undefined,
        sql`${owner} is not null`,
      ),
    )
    .orderBy(asc(invoices.dueDate), asc(invoices.id))
    .limit(limit)
}
