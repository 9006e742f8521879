// Promise adherence: of the promises to pay that came due, the share the payer kept.
// Open promises (not yet due) and cancelled ones do not count either way.

export type PromiseCounts = { kept: number; broken: number }

/** 0..1, or null when no promise has come due yet. */
export function promiseAdherence({ kept, broken }: PromiseCounts): number | null {
  const due = kept + broken
  return due === 0 ? null : kept / due
}

/** `0.8125` -> `81%`; `null` -> an em dash. */
export function formatShare(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`
}

export type AdherencePoint = { day: string; kept: number; broken: number; share: number | null }

/** Adherence month by month (oldest first): the promises that came due in each month, each point dated its last day. */
export function adherenceByMonth(
  months: { after: string; through: string }[],
  outcomes: { day: string; kept: number; broken: number }[],
): AdherencePoint[] {
  return [...months]
    .sort((a, b) => a.through.localeCompare(b.through))
    .map((m) => {
      const inMonth = outcomes.filter((o) => o.day > m.after && o.day <= m.through)
      const counts = { kept: inMonth.reduce((s, o) => s + o.kept, 0), broken: inMonth.reduce((s, o) => s + o.broken, 0) }
      return { day: m.through, ...counts, share: promiseAdherence(counts) }
    })
}
