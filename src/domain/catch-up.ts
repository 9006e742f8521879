// Which step a cadence sends for an invoice today, as a person would choose it: no "due today" after the due date, no
// final notice as an invoice's first email unless the organisation says so (catch_up_start), one step at a time.
import type { CadenceStep } from "./cadence-schedule"
import { daysBetween } from "./dates"
import type { CatchUpStart } from "./org-settings"

/**
 * The step due on `today` (the payer's day) for an invoice whose cadence is anchored on `anchor` (the due date or a
 * plan instalment's date), or null.
 * - A step on or before the anchor (a pre-due notice, Day 0 "due today") goes only on its own day: its words say so.
 * - With earlier reminders (`hasHistory`), the latest past-due step reached, so a gap in ticks never sends a burst.
 * - An invoice's first reminder, once past due, follows `mode`:
 *   `first_past_due` the first past-due step once its day is reached; `by_age` the latest step its age has reached,
 *   but not the final notice; `final_only` the latest step its age has reached, final notice included.
 */
export function stepForToday(
  steps: readonly CadenceStep[],
  anchor: string,
  today: string,
  o: { hasHistory: boolean; mode: CatchUpStart },
): CadenceStep | null {
  const elapsed = daysBetween(anchor, today)
  if (elapsed <= 0) return steps.find((s) => s.offsetDays === elapsed) ?? null
  const pastDue = steps.filter((s) => s.offsetDays > 0 && s.offsetDays <= elapsed).sort((a, b) => a.offsetDays - b.offsetDays)
  if (pastDue.length === 0) return null
  const latest = pastDue[pastDue.length - 1]!
  if (o.hasHistory || o.mode === "final_only") return latest
  if (o.mode === "first_past_due") return pastDue[0]!
  const final = [...steps].sort((a, b) => a.offsetDays - b.offsetDays).at(-1)!
  // by_age: the final notice only when it is the cadence's one past-due step (then there is nothing gentler to send).
  return latest === final && pastDue.length > 1 ? pastDue[pastDue.length - 2]! : latest
}

/** True when the invoice already had a reminder of this anchor (`tag`: "" for the due date, `planN` for an instalment). */
export function hasReminderHistory(existingKeys: readonly string[], invoiceId: string, anchorTag: string): boolean {
  const prefix = `rem:${invoiceId}:`
  return existingKeys.some((k) => k.startsWith(prefix) && (k.slice(prefix.length).split(":")[2] ?? "") === anchorTag)
}
