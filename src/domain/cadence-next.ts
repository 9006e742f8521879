// When an invoice's cadence next needs a look, and why: the next step's day, a promise's end, a cap's reset, or never
// (until a fact changes). The TenantDO stores the answer so a tick reads only invoices whose time has come.
import { TZDate } from "@date-fns/tz"
import { type CadenceStep } from "./cadence-schedule"
import { nextStepAfter } from "./catch-up"
import { addDays, daysBetween } from "./dates"
import { dayIn } from "./send-window"

export type NextAction = { at: Date | null; why: string }

/** Midnight of `day` (YYYY-MM-DD) in `timeZone`, as an instant. */
export function dayStart(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number)
  return new Date(new TZDate(y!, m! - 1, d!, 0, 0, 0, timeZone).getTime())
}

/**
 * What the cadence does next after `today` (the payer's day). With no step reached yet, the first step whose day is
 * after today. Once a step is reached (`progress`), the next step on the day the catch-up rule will take it: after a
 * late start that day may already have passed by the calendar, and the rule then spaces it from the last reminder.
 */
export function nextStep(
  steps: readonly CadenceStep[],
  anchor: string,
  today: string,
  timeZone: string,
  progress?: { reached: number | null; lastSentDay: string | null },
): NextAction {
  if (progress && progress.reached !== null) {
    const next = nextStepAfter(steps, anchor, today, { reached: progress.reached, lastSentDay: progress.lastSentDay })
    if (!next) return { at: null, why: "cadence complete" }
    // Not today: this tick has already taken (or declined) today's step.
    const day = next.day > today ? next.day : addDays(today, 1)
    return { at: dayStart(day, timeZone), why: `step ${next.step.position} due ${day}` }
  }
  const elapsed = daysBetween(anchor, today)
  let next: CadenceStep | null = null
  for (const s of steps) if (s.offsetDays > elapsed && (!next || s.offsetDays < next.offsetDays)) next = s
  if (!next) return { at: null, why: "cadence complete" }
  return { at: dayStart(addDays(anchor, next.offsetDays), timeZone), why: `step ${next.position} due ${addDays(anchor, next.offsetDays)}` }
}

/** Facts that stop the cadence until someone changes them: no time-based wake-up, a notification re-opens the invoice. */
const waitsForChange: Record<string, string> = {
  disputed: "disputed: waits for the dispute to close",
  no_contact: "no contact with an email address",
  suppressed: "contact suppressed",
  no_cadence: "segment has no published cadence",
}

/** The next look after a tick skipped an invoice for `reason`. `null` means the invoice leaves the cadence. */
export function afterSkip(
  reason: string,
  o: { now: Date; today: string; timeZone: string; orgTimeZone: string; promisedDate: string | null },
): NextAction | null {
  if (reason === "paid") return null
  if (waitsForChange[reason]) return { at: null, why: waitsForChange[reason]! }
  if (reason === "promise_active" && o.promisedDate) {
    const end = addDays(o.promisedDate, 2)
    return { at: dayStart(end, o.timeZone), why: `promise to pay by ${o.promisedDate}: resumes ${end} if unpaid` }
  }
  if (reason === "payment_plan_on_track")
    return { at: dayStart(addDays(o.today, 1), o.timeZone), why: "payment plan on track: checked daily" }
  if (reason === "maintenance" || reason === "autopilot_paused")
    return { at: o.now, why: `${reason.replace("_", " ")}: retried every tick` }
  // A send cap: budgets reset with the organisation's next day.
  return {
    at: dayStart(addDays(dayIn(o.now, o.orgTimeZone), 1), o.orgTimeZone),
    why: `held by the ${reason.replaceAll("_", " ")} until tomorrow`,
  }
}

/** The earlier of two next actions (an escalation check may come before the next step). */
export function earlier(a: NextAction, b: NextAction | null): NextAction {
  if (!b || !b.at) return a
  if (!a.at || b.at.getTime() < a.at.getTime()) return b
  return a
}
