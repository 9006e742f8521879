// Which step of a cadence is due for an invoice: only the latest due step, so a catch-up never sends a burst.
import { daysBetween } from "./dates"

export type CadenceStep = { position: number; offsetDays: number; subject: string; body: string }

// Day arithmetic lives in ./dates; re-exported for the callers that import it from here.

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
export function alreadyReached(
  existingKeys: readonly string[],
  invoiceId: string,
  versionId: string,
  position: number,
  anchorTag: string,
): boolean {
  const prefix = `rem:${invoiceId}:${versionId}:`
  for (const k of existingKeys) {
    if (!k.startsWith(prefix)) continue
    const [pos, tag = ""] = k.slice(prefix.length).split(":")
    if (tag === anchorTag && Number(pos) >= position) return true
  }
  return false
}
