// Public holidays of a payer's country, so reminders never land on them. A compact rule table for the countries
// Plixo's customers bill into: the well-known npm calendar (date-holidays) depends on moment-timezone, a
// CommonJS bundle with its own copy of the zone database that workerd cannot load as an ES module, while
// @date-fns/tz and Intl already cover time zones. Rules: fixed dates (with the country's weekend
// substitution), nth/last weekday of a month, and days relative to Western Easter.

type Rule =
  | { fixed: [month: number, day: number]; observed?: boolean }
  | { nth: [month: number, weekday: number, n: number] } // n = -1: the last one
  | { easter: number }

const newYear: Rule = { fixed: [1, 1], observed: true }
const christmas: Rule = { fixed: [12, 25], observed: true }
const boxing: Rule = { fixed: [12, 26], observed: true }
const goodFriday: Rule = { easter: -2 }
const easterMonday: Rule = { easter: 1 }

const rules: Record<string, Rule[]> = {
  US: [
    newYear,
    { nth: [1, 1, 3] },
    { nth: [2, 1, 3] },
    { nth: [5, 1, -1] },
    { fixed: [6, 19], observed: true },
    { fixed: [7, 4], observed: true },
    { nth: [9, 1, 1] },
    { nth: [10, 1, 2] },
    { fixed: [11, 11], observed: true },
    { nth: [11, 4, 4] },
    christmas,
  ],
  CA: [newYear, goodFriday, { fixed: [7, 1], observed: true }, { nth: [9, 1, 1] }, { nth: [10, 1, 2] }, christmas, boxing],
  GB: [newYear, goodFriday, easterMonday, { nth: [5, 1, 1] }, { nth: [5, 1, -1] }, { nth: [8, 1, -1] }, christmas, boxing],
  IE: [
    newYear,
    { fixed: [3, 17], observed: true },
    easterMonday,
    { nth: [5, 1, 1] },
    { nth: [6, 1, 1] },
    { nth: [8, 1, 1] },
    { nth: [10, 1, -1] },
    christmas,
    boxing,
  ],
  DE: [
    { fixed: [1, 1] },
    goodFriday,
    easterMonday,
    { fixed: [5, 1] },
    { easter: 39 },
    { easter: 50 },
    { fixed: [10, 3] },
    { fixed: [12, 25] },
    { fixed: [12, 26] },
  ],
  FR: [
    { fixed: [1, 1] },
    easterMonday,
    { fixed: [5, 1] },
    { fixed: [5, 8] },
    { easter: 39 },
    { easter: 50 },
    { fixed: [7, 14] },
    { fixed: [8, 15] },
    { fixed: [11, 1] },
    { fixed: [11, 11] },
    { fixed: [12, 25] },
  ],
  NL: [
    { fixed: [1, 1] },
    goodFriday,
    easterMonday,
    { fixed: [4, 27] },
    { easter: 39 },
    { easter: 50 },
    { fixed: [12, 25] },
    { fixed: [12, 26] },
  ],
  ES: [
    { fixed: [1, 1] },
    { fixed: [1, 6] },
    goodFriday,
    { fixed: [5, 1] },
    { fixed: [8, 15] },
    { fixed: [10, 12] },
    { fixed: [11, 1] },
    { fixed: [12, 6] },
    { fixed: [12, 8] },
    { fixed: [12, 25] },
  ],
  IT: [
    { fixed: [1, 1] },
    { fixed: [1, 6] },
    easterMonday,
    { fixed: [4, 25] },
    { fixed: [5, 1] },
    { fixed: [6, 2] },
    { fixed: [8, 15] },
    { fixed: [11, 1] },
    { fixed: [12, 8] },
    { fixed: [12, 25] },
    { fixed: [12, 26] },
  ],
  AU: [newYear, { fixed: [1, 26], observed: true }, goodFriday, easterMonday, { fixed: [4, 25] }, christmas, boxing],
  NZ: [
    newYear,
    { fixed: [1, 2], observed: true },
    { fixed: [2, 6], observed: true },
    goodFriday,
    easterMonday,
    { fixed: [4, 25], observed: true },
    { nth: [6, 1, 1] },
    { nth: [10, 1, 4] },
    christmas,
    boxing,
  ],
  IN: [{ fixed: [1, 26] }, { fixed: [8, 15] }, { fixed: [10, 2] }],
  SG: [{ fixed: [1, 1] }, goodFriday, { fixed: [5, 1] }, { fixed: [8, 9], observed: true }, { fixed: [12, 25], observed: true }],
}

const iso = (d: Date) => d.toISOString().slice(0, 10)
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))

/** Western Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): Date {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return utc(year, month, day)
}

function nthWeekday(year: number, month: number, weekday: number, n: number): Date {
  if (n === -1) {
    const last = utc(year, month + 1, 0)
    return utc(year, month, last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7))
  }
  const first = utc(year, month, 1)
  return utc(year, month, 1 + ((weekday - first.getUTCDay() + 7) % 7) + (n - 1) * 7)
}

/** A holiday on a weekend is observed on the nearest weekday (US: Friday/Monday; elsewhere the next Monday). */
function observedDay(d: Date, country: string, taken: Set<string>): Date {
  const dow = d.getUTCDay()
  if (dow !== 0 && dow !== 6) return d
  if (country === "US") return new Date(d.getTime() + (dow === 6 ? -1 : 1) * 86_400_000)
  let next = new Date(d.getTime() + (dow === 6 ? 2 : 1) * 86_400_000)
  while (taken.has(iso(next))) next = new Date(next.getTime() + 86_400_000)
  return next
}

const cache = new Map<string, Set<string>>()

/** The public holidays (national, as observed) of `country` (ISO 3166-1 alpha-2) in `year`. */
export function publicHolidays(country: string, year: number): Set<string> {
  const code = country.toUpperCase()
  const key = `${code}:${year}`
  const hit = cache.get(key)
  if (hit) return hit
  const days = new Set<string>()
  for (const r of rules[code] ?? []) {
    if ("easter" in r) days.add(iso(new Date(easterSunday(year).getTime() + r.easter * 86_400_000)))
    else if ("nth" in r) days.add(iso(nthWeekday(year, r.nth[0], r.nth[1], r.nth[2])))
    else {
      const d = utc(year, r.fixed[0], r.fixed[1])
      days.add(iso(d))
      if (r.observed) days.add(iso(observedDay(d, code, days)))
    }
  }
  cache.set(key, days)
  return days
}

export function isPublicHoliday(country: string | null | undefined, day: string): boolean {
  if (!country) return false
  return publicHolidays(country, Number(day.slice(0, 4))).has(day)
}

export const holidayCountries = Object.keys(rules)
