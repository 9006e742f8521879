// Calendar dates (`YYYY-MM-DD`, a day with no time zone): the one schema every date from outside is parsed with
// (portal, API, forms, CSV), and the day arithmetic the rest of the product uses. Pure; UTC midnight underneath.
import { z } from "zod"

const DAY_MS = 86_400_000
const shape = /^(\d{4})-(\d{2})-(\d{2})$/

/** The day as `YYYY-MM-DD` when y-m-d is a day on the calendar (no 31 April, 29 February only in leap years), else null. */
export function calendarDateOf(y: number, m: number, d: number): string | null {
  if (![y, m, d].every(Number.isInteger) || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null
  const date = new Date(Date.UTC(y, m - 1, d))
  date.setUTCFullYear(y) // Date.UTC maps years 0-99 to 1900-1999
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
}

/** True for a `YYYY-MM-DD` string that round-trips as a real date (`2026-02-29`, `2026-13-01`, `2026-99-99` do not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") return false
  const m = shape.exec(value)
  return !!m && calendarDateOf(Number(m[1]), Number(m[2]), Number(m[3])) === value
}

/** Why a value is not a calendar date, in words a person can act on, or null when it is one. */
export function calendarDateError(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return "Choose a date."
  if (!shape.test(value)) return "Write the date as YYYY-MM-DD, for example 2026-10-31."
  if (!isCalendarDate(value)) return `${value} is not a date on the calendar.`
  return null
}

/** The shared zod schema for a calendar date field: `YYYY-MM-DD` that is a real day. Messages name the problem. */
export const calendarDate = z.string().superRefine((value, ctx) => {
  const error = calendarDateError(value)
  if (error) ctx.addIssue({ code: "custom", message: error })
})

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number)
  const target = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d, last))
  return target.toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** The UTC calendar day of an instant. */
export function isoDay(instant: Date): string {
  return instant.toISOString().slice(0, 10)
}

/**
 * Why `day` is outside the window (after `today`, at most `maxDays` ahead), or null when inside. `what` names the
 * date in the message ("first payment date"). The caller has checked that `day` is a calendar date.
 */
export function dayWindowError(day: string, today: string, maxDays: number, what: string): string | null {
  if (day <= today) return `Choose a ${what} after today.`
  const latest = addDays(today, maxDays)
  if (day > latest) return `Choose a ${what} on or before ${latest} (at most ${maxDays} days from today).`
  return null
}
