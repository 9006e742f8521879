// Aging buckets (Current, 1-30, 31-60, 61-90, 90+) and days past due, counted in calendar days.
import { addDays, daysBetween } from "./dates"

export const agingBuckets = ["current", "1-30", "31-60", "61-90", "90+"] as const
export type AgingBucket = (typeof agingBuckets)[number]

export const bucketLabels: Record<AgingBucket, string> = {
  current: "Current",
  "1-30": "1-30",
  "31-60": "31-60",
  "61-90": "61-90",
  "90+": "90+",
}

/** Whole days from `dueDate` to `today` (both `YYYY-MM-DD`); negative while not yet due. */
export function daysPastDue(dueDate: string, today: string): number {
  return daysBetween(dueDate, today)
}

export function agingBucket(dueDate: string, today: string): AgingBucket {
  const days = daysPastDue(dueDate, today)
  if (days <= 0) return "current"
  if (days <= 30) return "1-30"
  if (days <= 60) return "31-60"
  if (days <= 90) return "61-90"
  return "90+"
}

/** The due-date range (inclusive, `YYYY-MM-DD`) that puts an invoice in `bucket` on `today`, for SQL filters. */
export function dueDateRange(bucket: AgingBucket, today: string): { from?: string; to?: string } {
  const shift = (days: number) => addDays(today, -days)
  switch (bucket) {
    case "current":
      return { from: today }
    case "1-30":
      return { from: shift(30), to: shift(1) }
    case "31-60":
      return { from: shift(60), to: shift(31) }
    case "61-90":
      return { from: shift(90), to: shift(61) }
    case "90+":
      return { to: shift(91) }
  }
}

// Day arithmetic lives in ./dates; re-exported for the callers that import it from here.
