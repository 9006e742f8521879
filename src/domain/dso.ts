// Days Sales Outstanding by the countback method: open A/R is matched against the most recent credit sales, month by
// month back from today. Every month whose sales the A/R fully absorbs counts all its days; the month where the A/R
// runs out counts the share of its sales still covered. Unlike the average method it does not swing with one big month.
// (The seed replays the same rule in src/cli/lib/demo-metrics.mjs to fill a year of daily_metrics.)
import { addMonths, daysBetween } from "./dates"

/** Months the countback walks back at most; A/R older than every sale in them counts as all their days. */
export const COUNTBACK_MONTHS = 12
/** Window (days) of the console's other trailing figures (promise adherence, the forecast's keep rate). */
export const DSO_WINDOW_DAYS = 90

/** One countback month: sales issued after `after` up to and including `through`, `days` long. */
export type SalesMonth = { after: string; through: string; days: number; salesMinor: number }

/** The countback months ending today, newest first: (today - 1 month, today], (today - 2 months, today - 1 month], ... */
export function countbackMonths(today: string, months: number = COUNTBACK_MONTHS): Omit<SalesMonth, "salesMinor">[] {
  return Array.from({ length: months }, (_, k) => {
    const after = addMonths(today, -(k + 1))
    const through = addMonths(today, -k)
    return { after, through, days: daysBetween(after, through) }
  })
}

/** Sums sales (issue day, amount) into the countback months ending today. */
export function salesByMonth(today: string, sales: { day: string; minor: number }[], months: number = COUNTBACK_MONTHS): SalesMonth[] {
  return countbackMonths(today, months).map((m) => ({
    ...m,
    salesMinor: sales.filter((s) => s.day > m.after && s.day <= m.through).reduce((sum, s) => sum + s.minor, 0),
  }))
}

/**
 * Whole days, or null when there were no sales in any month (DSO is undefined, not zero). A/R larger than all the
 * months' sales counts every day of them (the DSO is at least that).
 */
export function countbackDso(openArMinor: number, months: SalesMonth[]): number | null {
  if (!months.some((m) => m.salesMinor > 0)) return null
  let left = openArMinor
  let days = 0
  for (const m of months) {
    if (left <= 0) break
    if (left >= m.salesMinor) {
      days += m.days
      left -= m.salesMinor
    } else {
      days += (left / m.salesMinor) * m.days
      left = 0
    }
  }
  return Math.round(days)
}

/** Change from `before` to `now` in days, for "down 4 days vs 90 days ago"; null when either is unknown. */
export function dsoChange(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : now - before
}
