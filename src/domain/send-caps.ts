// Send budgets: per organisation per day, per segment per day, per contact per week, and a new domain's warmup.
import { plans, planTiers } from "./plan-tiers"

/** A new sending domain's daily volume doubles every two days from 50 until it reaches the domain's cap. */
export const warmupSchedule = [50, 100, 200, 400, 800] as const

export function warmupCap(warmupStartedAt: string | null, now: Date, dailyCap: number): number {
  if (!warmupStartedAt) return dailyCap
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(warmupStartedAt)) / 86_400_000))
  const level = Math.floor(days / 2)
  const cap =
    level < warmupSchedule.length
      ? warmupSchedule[level]!
      : warmupSchedule[warmupSchedule.length - 1]! * 2 ** (level - warmupSchedule.length + 1)
  return Math.min(cap, dailyCap)
}

/** The organisation's daily send ceiling by plan (the plan table's `sends_per_day`). */
export const orgDailyCapByPlan: Record<string, number> = Object.fromEntries(
  planTiers.map((t) => [t, plans[t].limits.sends_per_day ?? Number.MAX_SAFE_INTEGER]),
)

export const defaultTouchesPerContactWeek = 3

export type CapKind = "cap_org_day" | "cap_segment_day" | "cap_contact_week" | "cap_domain_warmup"

export type Budget = {
  orgDay: { used: number; cap: number }
  segmentDay: { used: number; cap: number | null }
  contactWeek: { used: number; cap: number }
  domainDay: { used: number; cap: number | null }
}

/** The first cap a send would exceed, or null when it fits every budget. */
export function capExceeded(b: Budget): CapKind | null {
  return capsExceeded(b)[0] ?? null
}

/** ISO week label (2026-W47) of a YYYY-MM-DD day: the per-contact budget period. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  const dow = (d.getUTCDay() + 6) % 7
  d.setUTCDate(d.getUTCDate() - dow + 3)
  const year = d.getUTCFullYear()
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7)
  return `${year}-W${String(week).padStart(2, "0")}`
}

/** Every cap a send would exceed (the send rule reports them all, not only the first). */
export function capsExceeded(b: Budget): CapKind[] {
  const out: CapKind[] = []
  if (b.orgDay.used >= b.orgDay.cap) out.push("cap_org_day")
  if (b.segmentDay.cap !== null && b.segmentDay.used >= b.segmentDay.cap) out.push("cap_segment_day")
  if (b.contactWeek.used >= b.contactWeek.cap) out.push("cap_contact_week")
  if (b.domainDay.cap !== null && b.domainDay.used >= b.domainDay.cap) out.push("cap_domain_warmup")
  return out
}
