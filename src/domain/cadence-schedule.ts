// Which step of a cadence is due for an invoice: only the latest due step, so a catch-up never sends a burst.

export type CadenceStep = { position: number; offsetDays: number; subject: string; body: string }

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The latest step whose offset (days after the anchor: the due date, or a plan instalment's date) has
 * been reached on `today`, or null when none is due yet. Steps missed during an outage are not replayed.
 */
export function latestDueStep(steps: readonly CadenceStep[], anchor: string, today: string): CadenceStep | null {
  const elapsed = daysBetween(anchor, today)
  let due: CadenceStep | null = null
  for (const s of steps) if (s.offsetDays <= elapsed && (!due || s.position > due.position)) due = s
  return due
}

/** One reminder per (invoice, cadence version, step, anchor): the outreach dedupe key. */
export function reminderKey(invoiceId: string, versionId: string, position: number, anchorTag: string): string {
  return `rem:${invoiceId}:${versionId}:${position}${anchorTag ? `:${anchorTag}` : ""}`
}

/** True when this step, or a later one of the same anchor, already has an outreach. */
export function alreadyReached(existingKeys: readonly string[], invoiceId: string, versionId: string, position: number, anchorTag: string): boolean {
  const prefix = `rem:${invoiceId}:${versionId}:`
  for (const k of existingKeys) {
    if (!k.startsWith(prefix)) continue
    const [pos, tag = ""] = k.slice(prefix.length).split(":")
    if (tag === anchorTag && Number(pos) >= position) return true
  }
  return false
}
