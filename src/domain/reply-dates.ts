// The promise date a payer's reply names ("our next payment run on Friday", "we will pay on the 15th", "end of
// month"), read with chrono-node relative to when the reply arrived in the payer's time zone. Subject lines and
// quoted text are ignored, and so are dates that cannot be a promise (already past, or months away, or an
// invoice's own date: "dated 3 Oct").
import * as chrono from "chrono-node"
import { TZDate } from "@date-fns/tz"

/** Promises further out than this are not read as promises (a policy decides the real limit when logging). */
export const maxPromiseDaysAhead = 120

const pad = (n: number) => String(n).padStart(2, "0")

/** The payer's wall-clock time at `instant`, written as if it were UTC (the invalid zone falls back to UTC). */
function wallClock(instant: Date, timeZone: string | null): Date {
  try {
    const d = new TZDate(instant.getTime(), timeZone ?? "UTC")
    return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()))
  } catch {
    return instant
  }
}

function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** The reply's own words: no "Re:" subject line, no quoted lines, no signature-separated original message. */
export function replyBody(text: string): string {
  const lines = text.split(/\r?\n/)
  const out: string[] = []
  for (const line of lines) {
    if (/^\s*(-----\s*Original Message|On .+ wrote:\s*$)/i.test(line)) break
    if (/^\s*>/.test(line) || (out.length === 0 && /^\s*(re|fwd?|aw):/i.test(line))) continue
    out.push(line)
  }
  return out.join("\n").trim()
}

/** "the 15th" / "on the 3rd": the next such day of the month on or after the reply's day. */
function dayOfMonth(text: string, replyDay: string): { index: number; day: string }[] {
  const out: { index: number; day: string }[] = []
  for (const m of text.matchAll(/\b(?:on|by|before)?\s*the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\s+[a-z])/gi)) {
    const n = Number(m[1])
    if (n < 1 || n > 31) continue
    let [y, mo] = replyDay.split("-").map(Number) as [number, number]
    for (let tries = 0; tries < 3; tries++) {
      const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
      const candidate = `${y}-${pad(mo)}-${pad(Math.min(n, last))}`
      if (n <= last && candidate >= replyDay) {
        out.push({ index: m.index ?? 0, day: candidate })
        break
      }
      mo = mo === 12 ? 1 : mo + 1
      if (mo === 1) y++
    }
  }
  return out
}

/** The promise date a reply names, or null when it names none that could be one. */
export function suggestedPromiseDate(text: string, receivedAt: Date, timeZone: string | null): string | null {
  const body = replyBody(text)
  if (!body) return null
  const replyDay = wallClock(receivedAt, timeZone).toISOString().slice(0, 10)
  const found: { index: number; day: string }[] = []
  // chrono counts "tomorrow" from its reference in UTC, so the reference is the payer's wall clock as UTC.
  const parsed = chrono.parse(body, { instant: wallClock(receivedAt, timeZone), timezone: "UTC" }, { forwardDate: true })
  for (const r of parsed) {
    if (/\b(dated|issued|invoice\s+date)\s*$/i.test(body.slice(Math.max(0, r.index - 16), r.index))) continue
    const s = r.start
    found.push({ index: r.index, day: `${s.get("year")}-${pad(s.get("month") ?? 1)}-${pad(s.get("day") ?? 1)}` })
  }
  found.push(...dayOfMonth(body, replyDay))
  found.sort((a, b) => a.index - b.index)
  const ok = found.find((f) => dayDiff(replyDay, f.day) >= 0 && dayDiff(replyDay, f.day) <= maxPromiseDaysAhead)
  return ok?.day ?? null
}
