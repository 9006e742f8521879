// Is the Autopilot cron on time? From its last heartbeat and its interval: not run yet, on time, or late (and by how much).

export type CronHealth = { state: "not_run" | "on_time" | "late"; nextAt: Date | null; lateMinutes: number }

/** A cron that fires every `everyMinutes` is late once two slots passed without a heartbeat. */
export function cronHealth(lastAt: string | null | undefined, now: Date, everyMinutes = 5): CronHealth {
  if (!lastAt || Number.isNaN(Date.parse(lastAt))) return { state: "not_run", nextAt: null, lateMinutes: 0 }
  const interval = everyMinutes * 60_000
  const next = new Date(Date.parse(lastAt) + interval)
  const overdue = now.getTime() - next.getTime()
  if (overdue <= interval) return { state: "on_time", nextAt: next, lateMinutes: 0 }
  return { state: "late", nextAt: next, lateMinutes: Math.floor(overdue / 60_000) }
}
