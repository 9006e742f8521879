// Which step a cadence sends for an invoice today, as a person would choose it: no "due today" after the due date, no
// final notice as an invoice's first email unless the organisation says so (catch_up_start), one step at a time.
import type { CadenceStep } from "./cadence-schedule"
import { addDays, daysBetween } from "./dates"
import type { CatchUpStart } from "./org-settings"

/**
 * The step due on `today` (the payer's day) for an invoice whose cadence is anchored on `anchor` (the due date or a
 * plan instalment's date), or null.
 * - A step on or before the anchor (a pre-due notice, Day 0 "due today") goes only on its own day: its words say so.
 * - With earlier reminders (`reached`: the highest step position sent, `lastSentDay`), the next step after it, once its
 *   day is reached and as many days have passed since the last reminder as the cadence puts between the two steps:
 *   after a catch-up or a gap in ticks the payer gets the cadence's own rhythm, never a burst.
 * - An invoice's first reminder, once past due, follows `mode`:
 *   `first_past_due` the first past-due step once its day is reached; `by_age` the latest step its age has reached,
 *   but not the final notice; `final_only` the latest step its age has reached, final notice included.
 */
export function stepForToday(
  steps: readonly CadenceStep[],
  anchor: string,
  today: string,
  o: { reached: number | null; lastSentDay?: string | null; mode: CatchUpStart },
): CadenceStep | null {
  const elapsed = daysBetween(anchor, today)
  const ordered = [...steps].sort((a, b) => a.offsetDays - b.offsetDays)
  if (o.reached !== null) {
    const from = ordered.find((s) => s.position === o.reached)
    const next = ordered.find((s) => s.position !== o.reached && (!from || s.offsetDays > from.offsetDays))
    if (!next) return null
    if (next.offsetDays <= 0) return next.offsetDays === elapsed ? next : null
    if (next.offsetDays > elapsed) return null
    const gap = from ? next.offsetDays - Math.max(0, from.offsetDays) : 0
    // No sent reminder yet (a Shadow draft in review): the cadence's own day decides, as it did before.
    return !o.lastSentDay || daysBetween(o.lastSentDay, today) >= gap ? next : null
  }
  if (elapsed <= 0) return steps.find((s) => s.offsetDays === elapsed) ?? null
  const pastDue = ordered.filter((s) => s.offsetDays > 0 && s.offsetDays <= elapsed)
  if (pastDue.length === 0) return null
  const latest = pastDue[pastDue.length - 1]!
  if (o.mode === "final_only") return latest
  if (o.mode === "first_past_due") return pastDue[0]!
  const final = ordered.at(-1)!
  // by_age: the final notice only when it is the cadence's one past-due step (then there is nothing gentler to send).
  return latest === final && pastDue.length > 1 ? pastDue[pastDue.length - 2]! : latest
}

/** The highest step position already sent for this anchor (`tag`: "" for the due date, `planN` an instalment), or null. */
export function reachedStep(existingKeys: readonly string[], invoiceId: string, anchorTag: string): number | null {
  const prefix = `rem:${invoiceId}:`
  let reached: number | null = null
  for (const k of existingKeys) {
    if (!k.startsWith(prefix)) continue
    const [, pos, tag = ""] = k.slice(prefix.length).split(":")
    if (tag === anchorTag && (reached === null || Number(pos) > reached)) reached = Number(pos)
  }
  return reached
}

/**
 * The payer's day on which `stepForToday` next returns a step after `reached` (the highest step sent or drafted),
 * and that step; null when the cadence has nothing more to send. `lastSentDay` as for `stepForToday`. A step on or
 * before the anchor only goes on its own day, so a past one is never sent.
 */
export function nextStepAfter(
  steps: readonly CadenceStep[],
  anchor: string,
  today: string,
  o: { reached: number; lastSentDay: string | null },
): { step: CadenceStep; day: string } | null {
  const ordered = [...steps].sort((a, b) => a.offsetDays - b.offsetDays)
  const from = ordered.find((s) => s.position === o.reached)
  const next = ordered.find((s) => s.position !== o.reached && (!from || s.offsetDays > from.offsetDays))
  if (!next) return null
  const own = addDays(anchor, next.offsetDays)
  if (next.offsetDays <= 0) return own >= today ? { step: next, day: own } : null
  const gap = from ? next.offsetDays - Math.max(0, from.offsetDays) : 0
  const rhythm = o.lastSentDay ? addDays(o.lastSentDay, gap) : own
  return { step: next, day: rhythm > own ? rhythm : own }
}
