// Days Sales Outstanding: how many days of recent credit sales are still unpaid.
// Standard period method: DSO = open A/R at the end of the day / credit sales of the trailing window x window days.
// (The seed replays the same rule in src/cli/lib/demo-metrics.mjs to fill a year of daily_metrics.)

export const DSO_WINDOW_DAYS = 90

/** Whole days, or null when there were no sales in the window (DSO is undefined, not zero). */
export function dsoDays(openArMinor: number, salesInWindowMinor: number, windowDays: number = DSO_WINDOW_DAYS): number | null {
  if (salesInWindowMinor <= 0) return null
  if (openArMinor <= 0) return 0
  return Math.round((openArMinor / salesInWindowMinor) * windowDays)
}

/** Change from `before` to `now` in days, for "down 4 days vs 90 days ago"; null when either is unknown. */
export function dsoChange(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : now - before
}
