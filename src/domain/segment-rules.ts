// Segment rules in plain TypeScript: the filter shape, whether an invoice matches, and which segment owns it.
import { z } from "zod"
import { agingBucket, agingBuckets, type AgingBucket } from "./aging"

const optionalInt = z.number().int().nonnegative().nullable().optional()

/** Filters of a segment, as the API, the editor and the stored JSON spell them. */
export const segmentFiltersSchema = z
  .object({
    aging_buckets: z.array(z.enum(agingBuckets)).optional(),
    min_balance_minor: optionalInt,
    max_balance_minor: optionalInt,
    currencies: z.array(z.string().regex(/^[A-Z]{3}$/, "Currency must be a 3-letter ISO 4217 code")).optional(),
    industries: z.array(z.string().min(1)).optional(),
    regions: z.array(z.string().min(1)).optional(),
    min_score: z.number().int().min(0).max(100).nullable().optional(),
    max_score: z.number().int().min(0).max(100).nullable().optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.min_balance_minor != null && f.max_balance_minor != null && f.min_balance_minor > f.max_balance_minor)
      ctx.addIssue({ code: "custom", path: ["max_balance_minor"], message: "Maximum balance is below the minimum balance" })
    if (f.min_score != null && f.max_score != null && f.min_score > f.max_score)
      ctx.addIssue({ code: "custom", path: ["max_score"], message: "Maximum score is below the minimum score" })
  })
export type Filters = z.infer<typeof segmentFiltersSchema>

/** What a filter looks at on one invoice and its customer. */
export type MatchRow = {
  status: string
  dueDate: string
  balanceMinor: number
  currency: string
  industry: string | null
  region: string | null
  score: number | null
}

const inList = (list: string[] | undefined, value: string | null) => !list || list.length === 0 || (value !== null && list.includes(value))

/** Whether an open invoice falls in a segment on `today`. Mirrors `segmentWhere` in db/segment-filters.ts. */
export function matchesSegment(filters: Filters, row: MatchRow, today: string): boolean {
  if (row.status !== "open" || row.balanceMinor <= 0) return false
  if (filters.aging_buckets?.length && !filters.aging_buckets.includes(agingBucket(row.dueDate, today) as AgingBucket)) return false
  if (filters.min_balance_minor != null && row.balanceMinor < filters.min_balance_minor) return false
  if (filters.max_balance_minor != null && row.balanceMinor > filters.max_balance_minor) return false
  if (!inList(filters.currencies, row.currency)) return false
  if (!inList(filters.industries, row.industry)) return false
  if (!inList(filters.regions, row.region)) return false
  if (filters.min_score != null && (row.score === null || row.score < filters.min_score)) return false
  if (filters.max_score != null && (row.score === null || row.score > filters.max_score)) return false
  return true
}

export type OwnerCandidate = { id: string; priority: number; createdAt: string; filters: Filters }

/** Candidates in ownership order: lowest priority number first, then the older segment. */
export function ownershipOrder<T extends { id: string; priority: number; createdAt: string }>(segments: T[]): T[] {
  return [...segments].sort((a, b) => a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

/** The segment that owns an invoice: the matching one first in ownership order, or null. */
export function owningSegment(segments: OwnerCandidate[], row: MatchRow, today: string): string | null {
  return ownershipOrder(segments).find((s) => matchesSegment(s.filters, row, today))?.id ?? null
}

/** A one-line summary of filters for lists ("1-30 · under $5,000.00 · SMB"). */
export function describeFilters(f: Filters, money: (minor: number) => string): string {
  const parts: string[] = []
  if (f.aging_buckets?.length) parts.push(f.aging_buckets.map((b) => (b === "current" ? "Current" : `${b} days`)).join(", "))
  if (f.min_balance_minor != null && f.max_balance_minor != null) parts.push(`${money(f.min_balance_minor)}–${money(f.max_balance_minor)}`)
  else if (f.min_balance_minor != null) parts.push(`from ${money(f.min_balance_minor)}`)
  else if (f.max_balance_minor != null) parts.push(`up to ${money(f.max_balance_minor)}`)
  if (f.currencies?.length) parts.push(f.currencies.join(", "))
  if (f.industries?.length) parts.push(f.industries.join(", "))
  if (f.regions?.length) parts.push(f.regions.join(", "))
  if (f.min_score != null || f.max_score != null) parts.push(`score ${f.min_score ?? 0}–${f.max_score ?? 100}`)
  return parts.length ? parts.join(" · ") : "All open invoices"
}
