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
