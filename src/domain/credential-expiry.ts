// When to remind Controllers that a connector credential expires: 14 days before, then 3 days before. Pure rules.

export const REMINDER_DAYS = [14, 3] as const
export type ReminderStage = (typeof REMINDER_DAYS)[number]

/** Whole days from `now` to the expiry (negative once expired). */
export function daysUntil(expiresAt: string, now: Date): number {
  return Math.floor((Date.parse(expiresAt) - now.getTime()) / 86_400_000)
}

/** The reminder due now, or null: the 3-day one from 3 days left, the 14-day one from 14; none once expired. */
export function reminderStage(expiresAt: string, now: Date): ReminderStage | null {
  const days = daysUntil(expiresAt, now)
  if (days < 0) return null
  if (days <= 3) return 3
  if (days <= 14) return 14
  return null
}

/**
 * When to hold the re-authentication: the working day before expiry at 15:00 UTC, or the next hour when that has
 * passed already (a 3-day reminder for a credential that expires tomorrow).
 */
export function reauthSlot(expiresAt: string, now: Date): Date {
  const expiry = new Date(expiresAt)
  const slot = new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth(), expiry.getUTCDate() - 1, 15))
  while (slot.getUTCDay() === 0 || slot.getUTCDay() === 6) slot.setUTCDate(slot.getUTCDate() - 1)
  if (slot.getTime() > now.getTime() + 3_600_000) return slot
  const next = new Date(now.getTime() + 3_600_000)
  next.setUTCMinutes(0, 0, 0)
  return next
}
