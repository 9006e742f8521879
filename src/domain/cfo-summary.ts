// The CFO's weekly summary email: when it is due (Monday 07:00 in the organisation's time zone, DST included) and
// the headline lines it carries. Pure.
import { TZDate } from "@date-fns/tz"
import { formatMoney } from "./money"
import { dayIn, validTimeZone } from "./send-window"

/** The five-minute cron fires once in each slot; the summary goes out in the slot starting Monday 07:00 local. */
export const SUMMARY_SLOT_MINUTES = 5

/** The local day (`YYYY-MM-DD`) of the Monday whose 07:00 slot contains `now`, or null when `now` is outside it. */
export function weeklySummaryDue(now: Date, timeZone: string): string | null {
  const local = new TZDate(now.getTime(), validTimeZone(timeZone) ?? "UTC")
  if (local.getDay() !== 1 || local.getHours() !== 7 || local.getMinutes() >= SUMMARY_SLOT_MINUTES) return null
  return dayIn(now, validTimeZone(timeZone) ?? "UTC")
}

/**
 * The IANA zones (of `zones`, plus UTC) whose Monday 07:00 slot contains `now`: the cron reads only organisations in
 * those zones. Every zone offset is a multiple of 15 minutes, so most five-minute slots have none and cost nothing.
 */
export function zonesDueForSummary(now: Date, zones: readonly string[]): string[] {
  if (now.getUTCMinutes() % 15 >= SUMMARY_SLOT_MINUTES) return []
  return [...new Set(["UTC", ...zones])].filter((z) => weeklySummaryDue(now, z) !== null)
}

export type SummaryFigures = {
  currency: string
  openArMinor: number
  dsoDays: number | null
  cashCollected30dMinor: number
  forecastMinor: number
  forecastWeeks: number
  atRiskShare: number | null
  backtestMape: number | null
  promiseAdherence: number | null
}

const share = (x: number | null) => (x === null ? "—" : `${Math.round(100 * x)}%`)

/** The summary's lines, one figure each, in the console's words. */
export function summaryLines(f: SummaryFigures): string[] {
  const m = (minor: number) => formatMoney(minor, f.currency)
  return [
    `Open A/R: ${m(f.openArMinor)}`,
    `DSO (countback): ${f.dsoDays === null ? "—" : `${f.dsoDays} days`}`,
    `Cash collected, last 30 days: ${m(f.cashCollected30dMinor)}`,
    `Cash forecast, next ${f.forecastWeeks} weeks: ${m(f.forecastMinor)}${f.backtestMape === null ? "" : ` (last quarter within ${share(f.backtestMape)} a week)`}`,
    `At-risk rate: ${share(f.atRiskShare)} of open A/R likely to pass 90 days`,
    `Promise adherence: ${share(f.promiseAdherence)}`,
  ]
}
