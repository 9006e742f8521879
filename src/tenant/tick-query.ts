// One page of the invoices a tick looks at: owner segment, contact, promise, plan and reminder history in one query.
import { and, asc, eq, gt, gte, or, sql } from "drizzle-orm"
import { alias } from "drizzle-orm/sqlite-core"
import type { Db } from "../db/client"
import { contacts, customers, invoices } from "../db/schema"
import { ownedBySegment } from "../db/segment-filters"
import { billingContactId, openPromiseDate, planActive, planNextInstalment, suppressionOf } from "../db/send-facts"
import type { OwnerCandidate } from "../domain/segment-rules"

export type TickRow = Awaited<ReturnType<typeof tickPage>>[number]
export type Cursor = { dueDate: string; id: string } | null

const contact = alias(contacts, "tick_contact")

/**
 * Open invoices owned by one of `candidates`, keyset-paged by (due date, id), or just those of `ids` (the due ones).
 * Everything the guardrails need comes back in the row, so the tick issues one query per page, never one per invoice.
 */
export function tickPage(
  db: Db,
  orgId: string,
  candidates: OwnerCandidate[],
  today: string,
  cursor: Cursor,
  limit: number,
  ids?: string[],
) {
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
      suppression: suppressionOf(invoices.orgId, contact.email),
      promisedDate: openPromiseDate(invoices.orgId, invoices.id),
      planActive: planActive(invoices.orgId, invoices.id),
      planNext: planNextInstalment(invoices.orgId, invoices.id, invoices.balanceMinor),
      reminderKeys: sql<
        string | null
      >`(select group_concat(o.dedupe_key, ' ') from outreach o where o.org_id = ${invoices.orgId} and o.invoice_id = ${invoices.id} and o.kind = 'reminder')`,
      lastSent: sql<
        string | null
      >`(select o.sent_at || '|' || o.id from outreach o where o.org_id = ${invoices.orgId} and o.invoice_id = ${invoices.id} and o.status = 'sent' order by o.sent_at desc limit 1)`,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .leftJoin(contact, eq(contact.id, billingContactId(invoices.orgId, invoices.customerId)))
    .where(
      and(
        eq(invoices.orgId, orgId),
        eq(invoices.status, "open"),
        // One bound JSON array instead of one parameter per id (D1: at most 100 bound parameters per statement).
        ids ? sql`${invoices.id} in (select value from json_each(${JSON.stringify(ids)}))` : undefined,
        // The plain range on due_date lets SQLite start the index scan at the cursor; the OR alone made every page
        // rescan the organisation's open invoices from the start.
        cursor ? gte(invoices.dueDate, cursor.dueDate) : undefined,
        cursor
          ? or(gt(invoices.dueDate, cursor.dueDate), and(eq(invoices.dueDate, cursor.dueDate), gt(invoices.id, cursor.id)))
          : undefined,
        sql`${owner} is not null`,
      ),
    )
    .orderBy(asc(invoices.dueDate), asc(invoices.id))
    .limit(limit)
}
