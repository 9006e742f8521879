// Finance-side reads of disputes and promises: lists with filters, one dispute with evidence and notes, and
// promise adherence by week. Every function takes orgId first and scopes by it.
import { and, asc, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm"
import type { Db } from "./client"
import { customers, disputeEvidence, disputeNotes, disputes, invoices, promises } from "./schema"
import { disputeReasons } from "./schema/outreach"
import { activeDisputeStatuses, disputeStatusValues } from "../domain/dispute-status"

export const disputeStatuses = disputeStatusValues
export type DisputeFilters = {
  status?: (typeof disputeStatuses)[number] | "active"
  reason?: (typeof disputeReasons)[number]
  invoiceId?: string
}

const disputeColumns = {
  id: disputes.id,
  invoiceId: disputes.invoiceId,
  customerId: disputes.customerId,
  reason: disputes.reason,
  message: disputes.message,
  status: disputes.status,
  source: disputes.source,
  slaDueAt: disputes.slaDueAt,
  resolution: disputes.resolution,
  creditMinor: disputes.creditMinor,
  createdAt: disputes.createdAt,
  updatedAt: disputes.updatedAt,
  resolvedAt: disputes.resolvedAt,
  slaPausedAt: disputes.slaPausedAt,
  firstResponseAt: disputes.firstResponseAt,
  reopenCount: disputes.reopenCount,
  invoiceNumber: invoices.invoiceNumber,
  balanceMinor: invoices.balanceMinor,
  currency: invoices.currency,
  customerName: customers.name,
  evidenceCount: sql<number>`(select count(*) from dispute_evidence e where e.org_id = ${disputes.orgId} and e.dispute_id = ${disputes.id})`,
}

function disputeWhere(orgId: string, f: DisputeFilters): SQL {
  return and(
    eq(disputes.orgId, orgId),
    f.status === "active" ? inArray(disputes.status, [...activeDisputeStatuses]) : f.status ? eq(disputes.status, f.status) : undefined,
    f.reason ? eq(disputes.reason, f.reason) : undefined,
    f.invoiceId ? eq(disputes.invoiceId, f.invoiceId) : undefined,
  ) as SQL
}

/** Disputes, soonest SLA first for active ones; keyset cursor on (sla_due_at, id). */
export async function listDisputes(db: Db, orgId: string, f: DisputeFilters, page: { limit: number; cursor?: string | null }) {
  const [afterSla, afterId] = (page.cursor ?? "").split("|")
  const rows = await db
    .select(disputeColumns)
    .from(disputes)
    .innerJoin(invoices, and(eq(invoices.orgId, disputes.orgId), eq(invoices.id, disputes.invoiceId)))
    .innerJoin(customers, and(eq(customers.orgId, disputes.orgId), eq(customers.id, disputes.customerId)))
    .where(
      and(disputeWhere(orgId, f), page.cursor ? sql`(${disputes.slaDueAt}, ${disputes.id}) > (${afterSla}, ${afterId ?? ""})` : undefined),
    )
    .orderBy(asc(disputes.slaDueAt), asc(disputes.id))
    .limit(page.limit + 1)
  const more = rows.length > page.limit
  const data = rows.slice(0, page.limit)
  return { data, nextCursor: more ? `${data[data.length - 1].slaDueAt}|${data[data.length - 1].id}` : null }
}
export type DisputeRow = Awaited<ReturnType<typeof listDisputes>>["data"][number]

/** One dispute with its evidence and notes (one round trip). */
export async function disputeDetail(db: Db, orgId: string, id: string) {
  const [found, evidence, notes] = await db.batch([
    db
      .select(disputeColumns)
      .from(disputes)
      .innerJoin(invoices, and(eq(invoices.orgId, disputes.orgId), eq(invoices.id, disputes.invoiceId)))
      .innerJoin(customers, and(eq(customers.orgId, disputes.orgId), eq(customers.id, disputes.customerId)))
      .where(and(eq(disputes.orgId, orgId), eq(disputes.id, id))),
    db
      .select()
      .from(disputeEvidence)
      .where(and(eq(disputeEvidence.orgId, orgId), eq(disputeEvidence.disputeId, id)))
      .orderBy(asc(disputeEvidence.createdAt)),
    db
      .select()
      .from(disputeNotes)
      .where(and(eq(disputeNotes.orgId, orgId), eq(disputeNotes.disputeId, id)))
      .orderBy(desc(disputeNotes.createdAt)),
  ])
  return found[0] ? { dispute: found[0], evidence, notes } : null
}

export async function evidenceById(db: Db, orgId: string, evidenceId: string) {
  const [row] = await db
    .select()
    .from(disputeEvidence)
    .where(and(eq(disputeEvidence.orgId, orgId), eq(disputeEvidence.id, evidenceId)))
    .limit(1)
  return row ?? null
}

export const promiseStatuses = ["open", "kept", "broken", "cancelled"] as const
export type PromiseFilters = { status?: (typeof promiseStatuses)[number]; invoiceId?: string; customerId?: string }

/** Promises, newest first; keyset cursor on (created_at, id). */
export async function listPromises(db: Db, orgId: string, f: PromiseFilters, page: { limit: number; cursor?: string | null }) {
  const [beforeAt, beforeId] = (page.cursor ?? "").split("|")
  const rows = await db
    .select({
      id: promises.id,
      invoiceId: promises.invoiceId,
      customerId: promises.customerId,
      amountMinor: promises.amountMinor,
      currency: promises.currency,
      promisedDate: promises.promisedDate,
      status: promises.status,
      source: promises.source,
      createdAt: promises.createdAt,
      resolvedAt: promises.resolvedAt,
      invoiceNumber: invoices.invoiceNumber,
      customerName: customers.name,
    })
    .from(promises)
    .innerJoin(invoices, and(eq(invoices.orgId, promises.orgId), eq(invoices.id, promises.invoiceId)))
    .innerJoin(customers, and(eq(customers.orgId, promises.orgId), eq(customers.id, promises.customerId)))
    .where(
      and(
        eq(promises.orgId, orgId),
        f.status ? eq(promises.status, f.status) : undefined,
        f.invoiceId ? eq(promises.invoiceId, f.invoiceId) : undefined,
        f.customerId ? eq(promises.customerId, f.customerId) : undefined,
        page.cursor ? sql`(${promises.createdAt}, ${promises.id}) < (${beforeAt}, ${beforeId ?? ""})` : undefined,
      ),
    )
    .orderBy(desc(promises.createdAt), desc(promises.id))
    .limit(page.limit + 1)
  const more = rows.length > page.limit
  const data = rows.slice(0, page.limit)
  return { data, nextCursor: more ? `${data[data.length - 1].createdAt}|${data[data.length - 1].id}` : null }
}

/** Promise counts by the week (Monday) of their promised date and status, from `fromDay` on. */
export async function promiseAdherenceRows(db: Db, orgId: string, fromDay: string) {
  const week = sql<string>`date(${promises.promisedDate}, '-' || ((cast(strftime('%w', ${promises.promisedDate}) as integer) + 6) % 7) || ' days')`
  return db
    .select({ week, status: promises.status, count: sql<number>`count(*)`, amountMinor: sql<number>`sum(${promises.amountMinor})` })
    .from(promises)
    .where(and(eq(promises.orgId, orgId), gte(promises.promisedDate, fromDay), inArray(promises.status, ["open", "kept", "broken"])))
    .groupBy(week, promises.status)
    .orderBy(asc(week))
}

/** The evidence slots filled on every active dispute of the organisation (for "waiting on evidence"). */
export async function activeEvidenceSlots(db: Db, orgId: string) {
  const rows = await db
    .select({ disputeId: disputeEvidence.disputeId, slot: disputeEvidence.slot })
    .from(disputeEvidence)
    .innerJoin(disputes, and(eq(disputes.orgId, disputeEvidence.orgId), eq(disputes.id, disputeEvidence.disputeId)))
    .where(and(eq(disputeEvidence.orgId, orgId), inArray(disputes.status, [...activeDisputeStatuses])))
  const bySlot = new Map<string, { slot: string | null }[]>()
  for (const r of rows) bySlot.set(r.disputeId, [...(bySlot.get(r.disputeId) ?? []), { slot: r.slot }])
  return bySlot
}
