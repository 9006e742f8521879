// Segment filters as SQL over `invoices` joined to `customers` (on customer id), and invoice ownership by priority.
//
// Ownership: among the ACTIVE segments whose filters match an invoice, the one with the lowest `priority` owns it
// (ties: the older segment, then the id), so an invoice is never targeted twice. `ownedBySegment(candidates, today)`
// is that rule as one SQL CASE expression yielding the owning segment id (or NULL); pass the active segments
// (`activeSegments(db, orgId)`), and filter with `eq(ownedBySegment(active, today), segmentId)` to get one segment's
// invoices. The same rule in plain TypeScript is `owningSegment` in domain/segment-rules.ts.
import { and, asc, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm"
import { dueDateRange } from "../domain/aging"
import { ownershipOrder, type Filters, type OwnerCandidate } from "../domain/segment-rules"
import type { Db } from "./client"
import { customers, invoices, segments } from "./schema"

/** Open invoices with a balance that match `filters` on `today`. Needs `customers` joined on `invoices.customer_id`. */
export function segmentWhere(filters: Filters, today: string): SQL {
  const conds: (SQL | undefined)[] = [eq(invoices.status, "open"), gt(invoices.balanceMinor, 0)]
  if (filters.aging_buckets?.length) {
    const ranges = filters.aging_buckets.map((b) => {
      const r = dueDateRange(b, today)
      return and(r.from ? gte(invoices.dueDate, r.from) : undefined, r.to ? lte(invoices.dueDate, r.to) : undefined)!
    })
    conds.push(ranges.length === 1 ? ranges[0] : sql`(${sql.join(ranges, sql` or `)})`)
  }
  if (filters.min_balance_minor != null) conds.push(gte(invoices.balanceMinor, filters.min_balance_minor))
  if (filters.max_balance_minor != null) conds.push(lte(invoices.balanceMinor, filters.max_balance_minor))
  if (filters.currencies?.length) conds.push(inArray(invoices.currency, filters.currencies))
  if (filters.industries?.length) conds.push(inArray(customers.industry, filters.industries))
  if (filters.regions?.length) conds.push(inArray(customers.region, filters.regions))
  if (filters.min_score != null) conds.push(gte(effectiveScore, filters.min_score))
  if (filters.max_score != null) conds.push(lte(effectiveScore, filters.max_score))
  return and(...conds)!
}

/** The customer score segments and the worklist use: the risk score computed daily, else the imported score. */
export const effectiveScore = sql<number | null>`coalesce(${customers.riskScore}, ${customers.score})`

/** The id of the segment owning each row (CASE in ownership order), NULL when no candidate matches. */
export function ownedBySegment(candidates: OwnerCandidate[], today: string): SQL<string | null> {
  const ordered = ownershipOrder(candidates)
  if (ordered.length === 0) return sql<string | null>`null`
  const whens = ordered.map((s) => sql`when ${segmentWhere(s.filters, today)} then ${s.id}`)
  return sql<string | null>`(case ${sql.join(whens, sql` `)} else null end)`
}

/** Active segments of an organisation as ownership candidates, in ownership order. */
export async function activeSegments(db: Db, orgId: string): Promise<OwnerCandidate[]> {
  const rows = await db
    .select({ id: segments.id, priority: segments.priority, createdAt: segments.createdAt, filters: segments.filters })
    .from(segments)
    .where(and(eq(segments.orgId, orgId), eq(segments.status, "active")))
    .orderBy(asc(segments.priority), asc(segments.createdAt))
  return ownershipOrder(rows.map((r) => ({ ...r, filters: (r.filters ?? {}) as Filters })))
}
