// Policy dry-run: a cadence version tried over the live portfolio day by day with the tick's own planning (decide,
// nextActionFor), the one send rule, the calendar and the caps (a copy of the ledger in memory). It writes nothing.
import { and, asc, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { cadenceSteps, cadenceVersions, segments } from "../db/schema"
import { dayStart } from "../domain/cadence-next"
import { addDays } from "../domain/dates"
import { capCodes, type BlockerCode } from "../domain/send-rule"
import { dayIn } from "../domain/send-window"
import { MemoryLedger, type Reservation } from "./ledger"
import { decide } from "./tick"
import { loadTickContext, segmentPlan, type TickContext } from "./tick-context"
import { tickPage, type Cursor, type TickRow } from "./tick-query"
import { nextActionFor, type Outcome } from "./tick-scope"

export type Counts = Record<string, number>
export type DryRunDay = { date: string; sends: number; drafts: number; deferred: Counts; capped: number; skipped: Counts }
export type DryRun = {
  days: DryRunDay[]
  totals: {
    sends: number
    drafts: number
    deferred: Counts
    capped: number
    skipped: Counts
    /** Sends decided inside the window that go out after its last day (deferred past it). */
    sends_after_window: number
    /** Distinct invoices of the cadence's segments the simulated ticks looked at. */
    invoices: number
  }
  segments: { id: string; name: string; status: string; mode: string }[]
}

/** The cron's first run of a local day ("*∕5 * * * *" in wrangler.toml): the tick that derives the day's portfolio. */
const firstTickMs = 5 * 60_000
const tickEveryMs = 5 * 60_000
/** A row is looked at again within the same day at most this often (a guard: each look moves its next action on). */
const looksPerDay = 6
const pageSize = 1000

const bump = (m: Counts, k: string) => (m[k] = (m[k] ?? 0) + 1)

/**
 * Version `version` of cadence `cadenceId` on every segment that uses the cadence, from `now` for `days` local days of
 * the organisation. Every segment is simulated (they share the organisation's caps); only the cadence's segments are
 * counted. `seed` is the TenantDO's current reservations. Null when the organisation has no such version.
 */
export async function dryRunVersion(
  db: Db,
  seed: Reservation[],
  orgId: string,
  cadenceId: string,
  version: number,
  days: number,
  now: Date,
): Promise<DryRun | null> {
  const [versionRows, segRows] = await db.batch([
    db
      .select()
      .from(cadenceVersions)
      .where(and(eq(cadenceVersions.orgId, orgId), eq(cadenceVersions.cadenceId, cadenceId), eq(cadenceVersions.version, version)))
      .limit(1),
    db
      .select()
      .from(segments)
      .where(and(eq(segments.orgId, orgId), eq(segments.cadenceId, cadenceId)))
      .orderBy(asc(segments.priority), asc(segments.createdAt)),
  ])
  const v = versionRows[0]
  if (!v) return null
  const stepRows = await db
    .select()
    .from(cadenceSteps)
    .where(and(eq(cadenceSteps.orgId, orgId), eq(cadenceSteps.versionId, v.id)))
    .orderBy(asc(cadenceSteps.position))
  const tried = new Map(segRows.map((s) => [s.id, segmentPlan(s, v, stepRows)]))

  const ledger = new MemoryLedger(seed)
  const keys = new Map<string, string[]>()
  const seen = new Set<string>()
  const random = () => 0
  const first = await loadTickContext(db, orgId, now)
  if (!first) return null
  const tz = first.org.timeZone
  const startDay = dayIn(now, tz)
  const out: DryRunDay[] = Array.from({ length: days }, (_, i) => ({
    date: addDays(startDay, i),
    sends: 0,
    drafts: 0,
    deferred: {},
    capped: 0,
    skipped: {},
  }))
  const byDate = new Map(out.map((d) => [d.date, d]))
  let sendsAfter = 0

  for (const [i, day] of out.entries()) {
    const dayNow = i === 0 ? now : new Date(dayStart(day.date, tz).getTime() + firstTickMs)
    const dayEnd = dayStart(addDays(day.date, 1), tz).getTime()
    const loaded = i === 0 ? first : await loadTickContext(db, orgId, dayNow)
    if (!loaded) return null
    const ctx: TickContext = { ...loaded, segments: new Map([...loaded.segments, ...tried]) }

    /** One look at one invoice by a tick at `at`, as runTick takes it; returns when it wants the next look. */
    const look = (row: TickRow, at: Date): Date | null => {
      const seg = ctx.segments.get(row.segmentId)
      if (!seg) return null
      const counted = tried.has(seg.id)
      if (counted) seen.add(row.id)
      const r = { ...row, reminderKeys: [row.reminderKeys ?? "", ...(keys.get(row.id) ?? [])].join(" ") }
      const d = decide(r, seg, ctx, at, random, ledger)
      let outcome: Outcome = { kind: "waiting" }
      if (d.kind === "skip") {
        outcome = { kind: "skipped", reason: d.reason }
        if (counted) (capCodes as readonly string[]).includes(d.reason as BlockerCode) ? day.capped++ : bump(day.skipped, d.reason)
      } else if (d.kind === "send") {
        outcome = { kind: "stepped", position: d.step.position }
        keys.set(row.id, [...(keys.get(row.id) ?? []), d.key])
        if (counted && d.deferred) bump(day.deferred, d.deferred)
        if (seg.mode === "autopilot") {
          const sendDay = dayIn(d.at, tz)
          ledger.reserve({ outreachId: d.key, day: sendDay, segmentId: seg.id, contact: row.contactEmail! })
          if (counted) {
            const target = byDate.get(sendDay)
            if (target) target.sends++
            else sendsAfter++
          }
        } else if (counted) day.drafts++
      }
      return nextActionFor(r, seg, ctx, outcome, at)?.at ?? null
    }

    // The day's first tick derives the whole portfolio (ownership moves with aging), then later ticks take what falls due.
    const later: { row: TickRow; at: number; looks: number }[] = []
    let cursor: Cursor = null
    for (;;) {
      const rows = await tickPage(db, orgId, ctx.candidates, dayIn(dayNow, tz), cursor, pageSize)
      for (const row of rows) {
        const next = look(row, dayNow)
        if (next && next.getTime() > dayNow.getTime() && next.getTime() < dayEnd) later.push({ row, at: next.getTime(), looks: 1 })
      }
      if (rows.length < pageSize) break
      cursor = { dueDate: rows[rows.length - 1]!.dueDate, id: rows[rows.length - 1]!.id }
    }
    while (later.length) {
      later.sort((a, b) => a.at - b.at)
      const item = later.shift()!
      const at = new Date(Math.ceil(item.at / tickEveryMs) * tickEveryMs)
      if (at.getTime() >= dayEnd) continue
      const next = look(item.row, at)
      if (next && next.getTime() > at.getTime() && next.getTime() < dayEnd && item.looks < looksPerDay)
        later.push({ row: item.row, at: next.getTime(), looks: item.looks + 1 })
    }
  }

  const sum = (pick: (d: DryRunDay) => Counts) =>
    out.reduce<Counts>((acc, d) => {
      for (const [k, n] of Object.entries(pick(d))) acc[k] = (acc[k] ?? 0) + n
      return acc
    }, {})
  return {
    days: out,
    totals: {
      sends: out.reduce((n, d) => n + d.sends, 0) + sendsAfter,
      drafts: out.reduce((n, d) => n + d.drafts, 0),
      deferred: sum((d) => d.deferred),
      capped: out.reduce((n, d) => n + d.capped, 0),
      skipped: sum((d) => d.skipped),
      sends_after_window: sendsAfter,
      invoices: seen.size,
    },
    segments: segRows.map((s) => ({ id: s.id, name: s.name, status: s.status, mode: s.mode })),
  }
}
