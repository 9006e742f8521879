// Reads behind the CFO console charts, one D1 round trip each: exposure (open base-currency balance by owning
// segment, industry and region), promises by week (kept, broken, open; amount promised vs kept) and by day (trend).
import { and, eq, gt, gte, lt, lte, sql } from "drizzle-orm"
import { addDays } from "../domain/dates"
import type { Db } from "./client"
import { customers, invoices, promises, segments } from "./schema"
import { activeSegments, ownedBySegment } from "./segment-filters"

export type ExposureRow = { key: string | null; label: string | null; balanceMinor: number; invoices: number }

/** Open balance in `currency` grouped three ways. A segment's share is the invoices it owns (no invoice counted twice). */
export async function exposure(db: Db, orgId: string, currency: string, today: string) {
  const active = await activeSegments(db, orgId)
  const open = and(eq(invoices.orgId, orgId), eq(invoices.status, "open"), eq(invoices.currency, currency), gt(invoices.balanceMinor, 0))
  const join = and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId))
  const by = (key: ReturnType<typeof sql<string | null>>) =>
    db
      .select({ key, balanceMinor: sql<number>`sum(${invoices.balanceMinor})`, invoices: sql<number>`count(*)` })
      .from(invoices)
      .innerJoin(customers, join)
      .where(open)
      .groupBy(key)
  const [bySegment, byIndustry, byRegion, names] = await db.batch([
    by(ownedBySegment(active, today)),
    by(sql<string | null>`${customers.industry}`),
    by(sql<string | null>`${customers.region}`),
    db.select({ id: segments.id, name: segments.name }).from(segments).where(eq(segments.orgId, orgId)),
  ])
  const label = new Map(names.map((n) => [n.id, n.name]))
  const rows = (list: { key: string | null; balanceMinor: number; invoices: number }[], named?: Map<string, string>): ExposureRow[] =>
    list
      .map((r) => ({
        key: r.key,
        label: r.key === null ? null : (named?.get(r.key) ?? r.key),
        balanceMinor: Number(r.balanceMinor),
        invoices: Number(r.invoices),
      }))
      .sort((a, b) => b.balanceMinor - a.balanceMinor)
  return { segment: rows(bySegment, label), industry: rows(byIndustry), region: rows(byRegion) }
}

export type PromiseWeek = { week: number; kept: number; broken: number; open: number; promisedMinor: number; keptMinor: number }

/** Promises in `currency` by the 7-day week of their promised date, from `weeksBack` weeks ago to `weeksAhead` ahead. */
export async function promiseWeeks(db: Db, orgId: string, currency: string, today: string, weeksBack: number, weeksAhead: number) {
  const start = addDays(today, -7 * weeksBack)
  const week = sql<number>`cast((julianday(${promises.promisedDate}) - julianday(${start})) / 7 as integer)`
  const rows = await db
    .select({
      week,
      kept: sql<number>`sum(${promises.status} = 'kept')`,
      broken: sql<number>`sum(${promises.status} = 'broken')`,
      open: sql<number>`sum(${promises.status} = 'open')`,
      promisedMinor: sql<number>`sum(case when ${promises.status} != 'cancelled' then ${promises.amountMinor} else 0 end)`,
      keptMinor: sql<number>`sum(case when ${promises.status} = 'kept' then ${promises.amountMinor} else 0 end)`,
    })
    .from(promises)
    .where(
      and(
        eq(promises.orgId, orgId),
        eq(promises.currency, currency),
        gte(promises.promisedDate, start),
        lt(promises.promisedDate, addDays(today, 7 * weeksAhead)),
      ),
    )
    .groupBy(week)
  const byWeek = new Map(rows.map((r) => [Number(r.week), r]))
  return Array.from({ length: weeksBack + weeksAhead }, (_, i): PromiseWeek & { weekStart: string } => {
    const r = byWeek.get(i)
    return {
      week: i,
      weekStart: addDays(start, 7 * i),
      kept: Number(r?.kept ?? 0),
      broken: Number(r?.broken ?? 0),
      open: Number(r?.open ?? 0),
      promisedMinor: Number(r?.promisedMinor ?? 0),
      keptMinor: Number(r?.keptMinor ?? 0),
    }
  })
}

/** Promises kept and broken per promised date in (`afterDay`, `today`], every currency (as the adherence tile counts). */
export async function promiseOutcomesByDay(db: Db, orgId: string, afterDay: string, today: string) {
  const rows = await db
    .select({
      day: promises.promisedDate,
      kept: sql<number>`sum(${promises.status} = 'kept')`,
      broken: sql<number>`sum(${promises.status} = 'broken')`,
    })
    .from(promises)
    .where(and(eq(promises.orgId, orgId), gt(promises.promisedDate, afterDay), lte(promises.promisedDate, today)))
    .groupBy(promises.promisedDate)
  return rows.map((r) => ({ day: r.day, kept: Number(r.kept ?? 0), broken: Number(r.broken ?? 0) }))
}
