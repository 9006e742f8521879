// When a reminder may go out: quiet hours and business days in the payer's IANA time zone (DST-correct), holidays skipped.
import { TZDate } from "@date-fns/tz"

export type QuietWindow = { start: string; end: string }

/** Reminders rest from 18:00 to 08:00 local time unless the cadence or the segment says otherwise. */
export const defaultQuietHours: QuietWindow = { start: "18:00", end: "08:00" }

export type SendRules = {
  quietHours: QuietWindow
  businessDaysOnly: boolean
  /** A public holiday of the payer's country (YYYY-MM-DD in the payer's zone). */
  isHoliday?: (day: string) => boolean
}

export type DeferReason = "quiet_hours" | "non_business_day" | "holiday"

export type SendSlot = { at: Date; deferred: DeferReason | null }

function toMinutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm)
  if (!m) throw new Error(`Not a time of day: ${hhmm}`)
  return Number(m[1]) * 60 + Number(m[2])
}

export function localDay(t: TZDate): string {
  const y = t.getFullYear()
  const mo = String(t.getMonth() + 1).padStart(2, "0")
  const d = String(t.getDate()).padStart(2, "0")
  return `${y}-${mo}-${d}`
}

/** The payer's calendar day at `now` in `timeZone`. */
export function dayIn(now: Date, timeZone: string): string {
  return localDay(new TZDate(now.getTime(), timeZone))
}

/** Local wall-clock time `minutes` after midnight of the local day `offsetDays` after `t`'s day (a DST gap moves it forward). */
function localAt(t: TZDate, offsetDays: number, minutes: number, timeZone: string): TZDate {
  return new TZDate(t.getFullYear(), t.getMonth(), t.getDate() + offsetDays, Math.floor(minutes / 60), minutes % 60, 0, timeZone)
}

/**
 * The first moment at or after `now` when a reminder may be sent to a payer in `timeZone`, and why it was
 * deferred if it is not `now`. Quiet hours may wrap midnight (18:00 -> 08:00).
 */
export function nextSendTime(now: Date, rules: SendRules, timeZone: string): SendSlot {
  const start = toMinutes(rules.quietHours.start)
  const end = toMinutes(rules.quietHours.end)
  const wraps = start > end
  let t = new TZDate(now.getTime(), timeZone)
  let deferred: DeferReason | null = null
  for (let i = 0; i < 60; i++) {
    const dow = t.getDay()
    if (rules.businessDaysOnly && (dow === 0 || dow === 6)) {
      deferred ??= "non_business_day"
      t = localAt(t, 1, wraps ? end : 0, timeZone)
      continue
    }
    if (rules.isHoliday?.(localDay(t))) {
      deferred ??= "holiday"
      t = localAt(t, 1, wraps ? end : 0, timeZone)
      continue
    }
    const m = t.getHours() * 60 + t.getMinutes()
    const quiet = start === end ? false : wraps ? m >= start || m < end : m >= start && m < end
    if (quiet) {
      deferred ??= "quiet_hours"
      t = wraps && m >= start ? localAt(t, 1, end, timeZone) : localAt(t, 0, end, timeZone)
      continue
    }
    return { at: new Date(t.getTime()), deferred }
  }
  throw new Error(`No send time within 60 days for ${timeZone}`)
}

/** A human-like delay of 1 to `maxMinutes` minutes, from a number in [0, 1). */
export function jitterMs(random: number, maxMinutes = 7): number {
  return Math.round((1 + random * (maxMinutes - 1)) * 60_000)
}

/** A valid IANA zone or null (imported data may carry anything). */
export function validTimeZone(tz: string | null | undefined): string | null {
  if (!tz) return null
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return tz
  } catch {
    return null
  }
}
