// A segment's live preview: totals, coverage, a page of invoices with their owner, overlaps with other segments.
import type { Db } from "../db/client"
import { listSegments, overlapCounts, previewPage, previewTotals } from "../db/segments"
import type { Filters, OwnerCandidate } from "../domain/segment-rules"

export const PREVIEW_PAGE = 25

/** `selfId` null for an unsaved segment (the editor as you type); `priority` decides ownership against the others. */
export async function segmentPreview(
  db: Db,
  orgId: string,
  self: { id: string | null; priority: number; createdAt?: string },
  filters: Filters,
  today: string,
  page = 1,
) {
  const all = await listSegments(db, orgId)
  const selfId = self.id ?? "__this_segment__"
  const others: OwnerCandidate[] = all
    .filter((s) => s.id !== self.id)
    .map((s) => ({ id: s.id, priority: s.priority, createdAt: s.createdAt, filters: s.filters as Filters }))
  const me: OwnerCandidate = { id: selfId, priority: self.priority, createdAt: self.createdAt ?? "9999", filters }
  // Ownership among active segments, with this one counted as if active (what publishing it would do).
  const owners = [...others.filter((o) => all.find((s) => s.id === o.id)?.status === "active"), me]
  const [totals, rows, overlap] = await Promise.all([
    previewTotals(db, orgId, filters, today),
    previewPage(db, orgId, filters, today, owners, (page - 1) * PREVIEW_PAGE, PREVIEW_PAGE + 1),
    overlapCounts(db, orgId, selfId, filters, today, others, owners),
  ])
  const names = new Map(all.map((s) => [s.id, { name: s.name, priority: s.priority, status: s.status }]))
  return {
    ...totals,
    page,
    hasNext: rows.length > PREVIEW_PAGE,
    rows: rows
      .slice(0, PREVIEW_PAGE)
      .map((r) => ({ ...r, owner: r.owner === selfId ? self.id : r.owner, ownedBySelf: r.owner === selfId })),
    owned: overlap.owned,
    overlaps: overlap.overlaps.map((o) => ({ ...o, ...names.get(o.segmentId)!, takes: overlap.ownedBy.get(o.segmentId) ?? 0 })),
    names,
  }
}
