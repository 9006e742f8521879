// Segment queries: the list, one segment, its live preview (count, totals, coverage, page of invoices), overlaps.
import { and, asc, count, desc, eq, sql, sum } from "drizzle-orm"
import { ownershipOrder, type Filters, type OwnerCandidate } from "../domain/segment-rules"
import type { Db } from "./client"
import { customers, invoices, segments } from "./schema"
import { effectiveScore, ownedBySegment, segmentWhere } from "./segment-filters"

export type SegmentRow = typeof segments.$inferSelect

export function listSegments(db: Db, orgId: string) {
  return db.select().from(segments).where(eq(segments.orgId, orgId)).orderBy(asc(segments.priority), asc(segments.createdAt))
}

export async function findSegment(db: Db, orgId: string, id: string) {
  const [s] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.orgId, orgId), eq(segments.id, id)))
  return s ?? null
}

/** 1 when the invoice's customer has a contact with a usable, unsuppressed email address. */
export const hasReachableContact = sql<number>`(case when exists (
  select 1 from contacts c where c.org_id = ${invoices.orgId} and c.customer_id = ${invoices.customerId}
    and c.email like '%_@_%._%'
    and not exists (select 1 from suppressions s where s.org_id = c.org_id and lower(s.email) = lower(c.email))
) then 1 else 0 end)`

/** Count, balance by currency and invoices with a reachable contact, for invoices matching `filters`. */
export async function previewTotals(db: Db, orgId: string, filters: Filters, today: string) {
  const rows = await db
    .select({
      currency: invoices.currency,
      invoices: count(),
      balanceMinor: sum(invoices.balanceMinor),
      reachable: sql<number>`sum(${hasReachableContact})`,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today)))
    .groupBy(invoices.currency)
    .orderBy(desc(sum(invoices.balanceMinor)))
  const total = rows.reduce((n, r) => n + r.invoices, 0)
  const reachable = rows.reduce((n, r) => n + Number(r.reachable ?? 0), 0)
  return {
    count: total,
    reachable,
    coverage: total ? reachable / total : 0,
    totals: rows.map((r) => ({ currency: r.currency, balanceMinor: Number(r.balanceMinor ?? 0), invoices: r.invoices })),
  }
}

/** One page of matching invoices, oldest due first, with the segment that would own each one. */
export function previewPage(
  db: Db,
  orgId: string,
  filters: Filters,
  today: string,
  owners: OwnerCandidate[],
  offset: number,
  limit: number,
) {
  return db
    .select({
      id: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      customerId: customers.id,
      customerName: customers.name,
      industry: customers.industry,
      region: customers.region,
      score: effectiveScore,
      currency: invoices.currency,
      balanceMinor: invoices.balanceMinor,
      dueDate: invoices.dueDate,
      reachable: hasReachableContact,
      owner: ownedBySegment(owners, today),
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today)))
    .orderBy(asc(invoices.dueDate), asc(invoices.invoiceNumber))
    .limit(limit)
    .offset(offset)
}

/**
 * For each other segment, how many of the invoices matching `filters` it also matches, and how many invoices
 * the segment would own under priority ordering (`owners` includes the segment itself).
 */
export async function overlapCounts(
  db: Db,
  orgId: string,
  selfId: string,
  filters: Filters,
  today: string,
  others: OwnerCandidate[],
  owners: OwnerCandidate[],
) {
  // D1: at most 100 bound parameters per statement: a few segments per query.
  const groups: OwnerCandidate[][] = []
  for (let i = 0; i < others.length; i += 4) groups.push(others.slice(i, i + 4))
  const ownerExpr = ownedBySegment(ownershipOrder(owners), today)
  const queries = [
    db
      .select({ owner: ownerExpr, n: count() })
      .from(invoices)
      .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
      .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today)))
      .groupBy(ownerExpr),
    ...groups.map((g) =>
      db
        .select(
          Object.fromEntries(
            g.map((o, i) => [`s${i}`, sql<number>`sum(case when ${segmentWhere(o.filters, today)} then 1 else 0 end)`]),
          ) as Record<string, ReturnType<typeof sql<number>>>,
        )
        .from(invoices)
        .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
        .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today))),
    ),
  ]
  const [ownerRows, ...groupRows] = (await db.batch(queries as never)) as [
    { owner: string | null; n: number }[],
    ...Record<string, number | null>[][],
  ]
  const overlaps = groups
    .flatMap((g, gi) => g.map((o, i) => ({ segmentId: o.id, invoices: Number(groupRows[gi][0]?.[`s${i}`] ?? 0) })))
    .filter((o) => o.invoices > 0)
  const ownedBy = new Map(ownerRows.map((r) => [r.owner, r.n]))
  return { overlaps, owned: ownedBy.get(selfId) ?? 0, ownedBy }
}

/** Every matching invoice for the CSV export of a preview (bounded). */
export function previewExport(db: Db, orgId: string, filters: Filters, today: string, limit = 10_000) {
  return db
    .select({
      invoiceNumber: invoices.invoiceNumber,
      customerExternalId: customers.externalId,
      customerName: customers.name,
      industry: customers.industry,
      region: customers.region,
      score: effectiveScore,
      currency: invoices.currency,
      balanceMinor: invoices.balanceMinor,
      dueDate: invoices.dueDate,
      reachable: hasReachableContact,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today)))
    .orderBy(asc(invoices.dueDate))
    .limit(limit)
}

/** Distinct industries, regions and currencies of an organisation's customers and invoices, for filter choices. */
export async function filterChoices(db: Db, orgId: string) {
  const [ind, reg, cur] = await db.batch([
    db
      .selectDistinct({ v: customers.industry })
      .from(customers)
      .where(and(eq(customers.orgId, orgId), sql`${customers.industry} is not null`))
      .orderBy(asc(customers.industry)),
    db
      .selectDistinct({ v: customers.region })
      .from(customers)
      .where(and(eq(customers.orgId, orgId), sql`${customers.region} is not null`))
      .orderBy(asc(customers.region)),
    db
      .selectDistinct({ v: invoices.currency })
      .from(invoices)
      .where(and(eq(invoices.orgId, orgId), eq(invoices.status, "open")))
      .orderBy(asc(invoices.currency)),
  ])
  const vals = (rows: { v: string | null }[]) => rows.map((r) => r.v!).filter(Boolean)
  return { industries: vals(ind), regions: vals(reg), currencies: vals(cur) }
}
