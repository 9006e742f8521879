// Dev-only: wrangler dev never fires Cron Triggers, so this calls its `/__scheduled` route (--test-scheduled) on the
// crons' own schedule, naming the cron (and the slot's time, which some wrangler versions ignore; the fan-out keys
// ticks by the minute, so a late dispatch still lands on its slot's key).
import { lastFire, nextFire, parseCron } from "./cron.mjs"

/**
 * Starts firing `crons` against `origin`. The Autopilot cron also fires once as soon as the server answers,
 * for the current slot, so a fresh `npm run dev` shows drafts without waiting five minutes.
 * Returns a stop function.
 */
export function startDevTicker({
  origin,
  crons,
  immediate = [],
  log = console.log,
  fetchImpl = fetch,
  now = () => new Date(),
  setTimer = setTimeout,
  clearTimer = clearTimeout,
}) {
  const parsed = crons.map(parseCron)
  let timer = null
  let stopped = false

  async function fire(cron, at) {
    const url = `${origin}/__scheduled?cron=${encodeURIComponent(cron.expr)}&time=${at.getTime()}`
    try {
      const res = await fetchImpl(url)
      log(`dev ticker: ${cron.expr} for ${at.toISOString()} -> ${res.status}`)
    } catch (err) {
      log(`dev ticker: ${cron.expr} for ${at.toISOString()} failed: ${err instanceof Error ? err.message : err}`)
    }
  }

  function schedule() {
    if (stopped) return
    const t = now()
    const next = parsed.map((c) => ({ c, at: nextFire(c, t) })).filter((x) => x.at)
    if (next.length === 0) return
    const soonest = Math.min(...next.map((x) => x.at.getTime()))
    timer = setTimer(
      async () => {
        for (const x of next) if (x.at.getTime() === soonest) await fire(x.c, x.at)
        schedule()
      },
      Math.max(0, soonest - t.getTime()),
    )
  }

  async function start() {
    for (const expr of immediate) {
      const cron = parsed.find((c) => c.expr === expr)
      if (!cron) continue
      // The slot the cron last fired for: the same tick key production would have used.
      const last = lastFire(cron, now())
      if (last) await fire(cron, last)
    }
    schedule()
  }

  const started = start()
  return {
    started,
    stop() {
      stopped = true
      if (timer) clearTimer(timer)
    },
  }
}
