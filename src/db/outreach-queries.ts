// Reads behind the review queue, the outreach API, deliverability and ops panels. Every query is scoped by orgId first.
import { and, asc, desc, eq, gt, gte, inArray, sql } from "drizzle-orm"
import type { Db } from "./client"
import { customers, emailEvents, invoices, outreach, segments, sendingDomains, suppressions, tasks } from "./schema"

export type OutreachStatus = (typeof outreach.$inferSelect)["status"]

/** Outreach by id (newest first by id order), filtered by status and invoice. */
export function outreachAfter(
  db: Db,
  orgId: string,
  f: { status?: OutreachStatus; invoiceId?: string },
  limit: number,
  cursor: string | null,
) {
  return db
    .select()
    .from(outreach)
    .where(
      and(
        eq(outreach.orgId, orgId),
        f.status ? eq(outreach.status, f.status) : undefined,
        f.invoiceId ? eq(outreach.invoiceId, f.invoiceId) : undefined,
        cursor ? gt(outreach.id, cursor) : undefined,
      ),
    )
    .orderBy(asc(outreach.id))
    .limit(limit + 1)
}

/** Drafts awaiting review with their invoice, customer and segment, grouped on the page by segment then customer. */
export function draftsForReview(db: Db, orgId: string, limit = 300) {
  return db
    .select({
      id: outreach.id,
      subject: outreach.subject,
      toEmail: outreach.toEmail,
      stepPosition: outreach.stepPosition,
      scheduledFor: outreach.scheduledFor,
      createdAt: outreach.createdAt,
      invoiceId: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      balanceMinor: invoices.balanceMinor,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      customerId: customers.id,
      customerName: customers.name,
      segmentId: outreach.segmentId,
      segmentName: segments.name,
    })
    .from(outreach)
    .innerJoin(invoices, and(eq(invoices.orgId, outreach.orgId), eq(invoices.id, outreach.invoiceId)))
    .innerJoin(customers, and(eq(customers.orgId, outreach.orgId), eq(customers.id, outreach.customerId)))
    .leftJoin(segments, and(eq(segments.orgId, outreach.orgId), eq(segments.id, outreach.segmentId)))
    .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "draft")))
    .orderBy(asc(segments.priority), asc(customers.name), asc(invoices.dueDate))
    .limit(limit)
}

/**
 * Drafts waiting for review: how many, on how many open invoices (what the "Drafts to review" card counts: an
 * invoice can hold drafts of two steps), and how many sit on invoices already paid or closed.
 */
export async function countDrafts(db: Db, orgId: string) {
  const [row] = await db
    .select({
      n: sql<number>`count(*)`,
      openInvoices: sql<number>`count(distinct case when ${invoices.status} = 'open' and ${invoices.balanceMinor} > 0 then ${outreach.invoiceId} end)`,
      onClosed: sql<number>`coalesce(sum(case when ${invoices.status} = 'open' and ${invoices.balanceMinor} > 0 then 0 else 1 end), 0)`,
    })
    .from(outreach)
    .leftJoin(invoices, and(eq(invoices.orgId, outreach.orgId), eq(invoices.id, outreach.invoiceId)))
    .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "draft")))
  return { n: Number(row?.n ?? 0), openInvoices: Number(row?.openInvoices ?? 0), onClosed: Number(row?.onClosed ?? 0) }
}

/** One outreach with what the reviewer needs to judge it. */
export async function outreachForReview(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select({
      o: outreach,
      invoiceNumber: invoices.invoiceNumber,
      invoiceStatus: invoices.status,
      balanceMinor: invoices.balanceMinor,
      amountMinor: invoices.amountMinor,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      issueDate: invoices.issueDate,
      disputed: invoices.disputed,
      customerName: customers.name,
      locale: customers.locale,
      segmentName: segments.name,
      segmentMode: segments.mode,
    })
    .from(outreach)
    .innerJoin(invoices, and(eq(invoices.orgId, outreach.orgId), eq(invoices.id, outreach.invoiceId)))
    .innerJoin(customers, and(eq(customers.orgId, outreach.orgId), eq(customers.id, outreach.customerId)))
    .leftJoin(segments, and(eq(segments.orgId, outreach.orgId), eq(segments.id, outreach.segmentId)))
    .where(and(eq(outreach.orgId, orgId), eq(outreach.id, id)))
    .limit(1)
  return row ?? null
}

export function openTasks(db: Db, orgId: string, limit = 50) {
  return db
    .select({ task: tasks, invoiceNumber: invoices.invoiceNumber, customerName: customers.name })
    .from(tasks)
    .leftJoin(invoices, and(eq(invoices.orgId, tasks.orgId), eq(invoices.id, tasks.invoiceId)))
    .leftJoin(customers, and(eq(customers.orgId, tasks.orgId), eq(customers.id, tasks.customerId)))
    .where(and(eq(tasks.orgId, orgId), eq(tasks.status, "open")))
    .orderBy(asc(tasks.createdAt))
    .limit(limit)
}

/** Payer replies of the last 14 days, newest first. */
export function recentReplies(db: Db, orgId: string, now: Date, limit = 20) {
  return db
    .select({ event: emailEvents, invoiceNumber: invoices.invoiceNumber })
    .from(emailEvents)
    .leftJoin(invoices, and(eq(invoices.orgId, emailEvents.orgId), eq(invoices.id, emailEvents.invoiceId)))
    .where(
      and(
        eq(emailEvents.orgId, orgId),
        eq(emailEvents.type, "reply"),
        gte(emailEvents.createdAt, new Date(now.getTime() - 14 * 86_400_000).toISOString()),
      ),
    )
    .orderBy(desc(emailEvents.createdAt))
    .limit(limit)
}

export function failedOutreach(db: Db, orgId: string, limit = 20) {
  return db
    .select({
      id: outreach.id,
      toEmail: outreach.toEmail,
      subject: outreach.subject,
      reason: outreach.reason,
      updatedAt: outreach.updatedAt,
      invoiceId: outreach.invoiceId,
    })
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "failed")))
    .orderBy(desc(outreach.updatedAt))
    .limit(limit)
}

export function suppressionList(db: Db, orgId: string, limit = 200) {
  return db.select().from(suppressions).where(eq(suppressions.orgId, orgId)).orderBy(desc(suppressions.createdAt)).limit(limit)
}

export function domainsOf(db: Db, orgId: string) {
  return db.select().from(sendingDomains).where(eq(sendingDomains.orgId, orgId)).orderBy(asc(sendingDomains.createdAt))
}

/** Queue backlog (queued or sending) and dead letters (failed after every retry) for the readiness panel. */
export function deliveryBacklog(db: Db, orgId: string) {
  return db
    .select({ status: outreach.status, n: sql<number>`count(*)` })
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), inArray(outreach.status, ["queued", "sending", "failed"])))
    .groupBy(outreach.status)
}

export function sentSince(db: Db, orgId: string, since: string) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "sent"), gte(outreach.sentAt, since)))
}

/** Which of these addresses (lower-cased) are on the organisation's suppression list. */
export async function suppressedAmong(db: Db, orgId: string, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set()
  const rows = await db
    .select({ email: suppressions.email })
    .from(suppressions)
    .where(
      and(
        eq(suppressions.orgId, orgId),
        inArray(
          suppressions.email,
          emails.slice(0, 90).map((e) => e.toLowerCase()),
        ),
      ),
    )
  return new Set(rows.map((r) => r.email.toLowerCase()))
}
