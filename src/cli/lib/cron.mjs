// Five-field cron expressions (as in wrangler.toml `[triggers] crons`): parse, match a UTC minute, find the next fire time.

const ranges = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 7], // day of week (0 and 7 are Sunday)
]

function field(text, [lo, hi], index) {
  const values = new Set()
  for (const part of text.split(",")) {
    const [base, stepText] = part.split("/")
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron field ${index + 1}: bad step in "${part}"`)
    let from = lo
    let to = hi
    if (base !== "*") {
      const [a, b] = base.split("-").map(Number)
      if (!Number.isInteger(a)) throw new Error(`cron field ${index + 1}: "${part}" is not a number, range or *`)
      from = a
      to = b === undefined ? (stepText === undefined ? a : hi) : b
    }
    if (from < lo || to > hi || from > to) throw new Error(`cron field ${index + 1}: "${part}" is outside ${lo}-${hi}`)
    for (let v = from; v <= to; v += step) values.add(index === 4 && v === 7 ? 0 : v)
  }
  return values
}

/** Parses "m h dom mon dow"; throws with the field named when it cannot. */
export function parseCron(expr) {
  const parts = expr.trim().split(/\s+/)
  if (parts.length !== 5) throw new Error(`cron "${expr}" needs 5 fields, has ${parts.length}`)
  const [minute, hour, dom, month, dow] = parts.map((p, i) => field(p, ranges[i], i))
  return { expr, minute, hour, dom, month, dow, domAny: parts[2] === "*", dowAny: parts[4] === "*" }
}

/** True when the cron fires at the UTC minute containing `date` (day-of-month/day-of-week OR-ed as in cron). */
export function cronMatches(cron, date) {
  if (!cron.minute.has(date.getUTCMinutes()) || !cron.hour.has(date.getUTCHours()) || !cron.month.has(date.getUTCMonth() + 1)) return false
  const dom = cron.dom.has(date.getUTCDate())
  const dow = cron.dow.has(date.getUTCDay())
  if (cron.domAny || cron.dowAny) return dom && dow
  return dom || dow
}

/** The first minute strictly after `after` at which the cron fires (searches up to a year ahead). */
export function nextFire(cron, after) {
  const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000)
  for (let i = 0; i < 366 * 24 * 60; i++, t.setTime(t.getTime() + 60_000)) if (cronMatches(cron, t)) return new Date(t)
  return null
}

/** The latest minute at or before `at` at which the cron fires (searches up to a day back), or null. */
export function lastFire(cron, at) {
  const t = new Date(Math.floor(at.getTime() / 60_000) * 60_000)
  for (let i = 0; i <= 24 * 60; i++, t.setTime(t.getTime() - 60_000)) if (cronMatches(cron, t)) return new Date(t)
  return null
}

/** The crons listed under `[triggers]` in a wrangler.toml text. */
export function cronsFromToml(toml) {
  const m = toml.match(/^\s*crons\s*=\s*\[([^\]]*)\]/m)
  if (!m) return []
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1])
}
