// CFO metrics of one organisation: open A/R, DSO, cash collected, promise adherence, aging, trends, top overdue.
// Money is never added across currencies: headline figures are in the base currency, other currencies listed.
import { and, desc, eq, gt, gte, inArray, lt, lte, ne, sql } from "drizzle-orm"
import type { Db } from "../db/client"
import { agingTotals } from "../db/receivables"
import { customers, dailyMetrics, emailEvents, invoices, organisations, outreach, payments, promises } from "../db/schema"
import { agingBuckets, type AgingBucket } from "../domain/aging"
import { addDays, isoDay } from "../domain/dates"
import { COUNTBACK_MONTHS, countbackDso, countbackMonths, DSO_WINDOW_DAYS, salesByMonth, type SalesMonth } from "../domain/dso"
import { promiseAdherence } from "../domain/promise-adherence"

export type CurrencyFigures = { currency: string; openArMinor: number; cashCollected30dMinor: number; openInvoices: number }

export type Overview = {
  today: string
  baseCurrency: string
  openArMinor: number
  cashCollected30dMinor: number
  dsoDays: number | null
  /** DSO with only the balances not yet due (what DSO would be if every overdue invoice were paid today). */
  bestDsoDays: number | null
  /** Base-currency sales (invoices issued, void excluded) in each countback month, newest first. */
  salesMonths: SalesMonth[]
  promiseAdherence: number | null
  promisesKept: number
  promisesBroken: number
  promisesOpen: number
  aging: Record<AgingBucket, { invoices: number; baseMinor: number; others: { currency: string; balanceMinor: number }[] }>
  /** Every currency with open A/R or recent cash, base currency first. */
  currencies: CurrencyFigures[]
}

const num = (v: unknown) => Number(v ?? 0)

/** Net cash received (refunds and reversals excluded) per currency since `fromIso`. */
function cashSince(db: Db, orgId: string, fromIso: string, toIso: string) {
  return db
    .select({ currency: payments.currency, minor: sql<number>`sum(${payments.amountMinor} - ${payments.refundedMinor})` })
    .from(payments)
    .where(
      and(eq(payments.orgId, orgId), gte(payments.receivedAt, fromIso), lt(payments.receivedAt, toIso), ne(payments.status, "reversed")),
    )
    .groupBy(payments.currency)
}

/** The headline figures of the CFO overview and GET /api/v1/metrics/overview, in one round trip plus the aging query. */
export async function overviewMetrics(db: Db, orgId: string, now: Date): Promise<Overview> {
  const today = isoDay(now)
  const org = await db.select({ baseCurrency: organisations.baseCurrency }).from(organisations).where(eq(organisations.id, orgId)).limit(1)
  const base = org[0]?.baseCurrency ?? "USD"
  const thirtyAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString()
  const [openRows, cashRows, salesRows, promiseRows] = await db.batch([
    db
      .select({ currency: invoices.currency, minor: sql<number>`sum(${invoices.balanceMinor})`, n: sql<number>`count(*)` })
      .from(invoices)
      .where(and(eq(invoices.orgId, orgId), eq(invoices.status, "open")))
      .groupBy(invoices.currency),
    cashSince(db, orgId, thirtyAgo, now.toISOString()),
    db
      .select({ day: invoices.issueDate, minor: sql<number>`sum(${invoices.amountMinor})` })
      .from(invoices)
      .where(
        and(
          eq(invoices.orgId, orgId),
          eq(invoices.currency, base),
          ne(invoices.status, "void"),
          gt(invoices.issueDate, countbackMonths(today, COUNTBACK_MONTHS).at(-1)!.after),
          lte(invoices.issueDate, today),
        ),
      )
      .groupBy(invoices.issueDate),
    db
      .select({ status: promises.status, n: sql<number>`count(*)` })
      .from(promises)
      .where(and(eq(promises.orgId, orgId), gt(promises.promisedDate, addDays(today, -DSO_WINDOW_DAYS))))
      .groupBy(promises.status),
  ])
  const agingRows = await agingTotals(db, orgId, today)

  const byCurrency = new Map<string, CurrencyFigures>()
  const figures = (currency: string) => {
    let f = byCurrency.get(currency)
    if (!f) byCurrency.set(currency, (f = { currency, openArMinor: 0, cashCollected30dMinor: 0, openInvoices: 0 }))
    return f
  }
  figures(base)
  for (const r of openRows) Object.assign(figures(r.currency), { openArMinor: num(r.minor), openInvoices: num(r.n) })
  for (const r of cashRows) figures(r.currency).cashCollected30dMinor = num(r.minor)
  const currencies = [...byCurrency.values()].sort((a, b) =>
    a.currency === base ? -1 : b.currency === base ? 1 : b.openArMinor - a.openArMinor,
  )
  const headline = byCurrency.get(base)!

  const months = salesByMonth(
    today,
    salesRows.map((r) => ({ day: r.day, minor: num(r.minor) })),
  )
  const counts = Object.fromEntries(promiseRows.map((r) => [r.status, num(r.n)])) as Record<string, number>
  const aging = Object.fromEntries(
    agingBuckets.map((b) => {
      const rows = agingRows.filter((r) => r.bucket === b)
      return [
        b,
        {
          invoices: rows.reduce((s, r) => s + r.invoices, 0),
          baseMinor: rows.find((r) => r.currency === base)?.balanceMinor ?? 0,
          others: rows.filter((r) => r.currency !== base).map((r) => ({ currency: r.currency, balanceMinor: r.balanceMinor })),
        },
      ]
    }),
  ) as Overview["aging"]

  return {
    today,
    baseCurrency: base,
    openArMinor: headline.openArMinor,
    cashCollected30dMinor: headline.cashCollected30dMinor,
    dsoDays: countbackDso(headline.openArMinor, months),
    bestDsoDays: countbackDso(aging.current.baseMinor, months),
    salesMonths: months,
    promiseAdherence: promiseAdherence({ kept: counts.kept ?? 0, broken: counts.broken ?? 0 }),
    promisesKept: counts.kept ?? 0,
    promisesBroken: counts.broken ?? 0,
    promisesOpen: counts.open ?? 0,
    aging,
    currencies,
  }
}

export type CashWindows = Awaited<ReturnType<typeof cashWindows>>

/** Net cash received in the base currency over each window of days ending now, and in the 30 days before the last 30. */
export async function cashWindows(db: Db, orgId: string, baseCurrency: string, now: Date, windows: readonly number[]) {
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString()
  const [previous, ...rows] = await db.batch([
    cashSince(db, orgId, ago(60), ago(30)),
    ...windows.map((days) => cashSince(db, orgId, ago(days), now.toISOString())),
  ] as [ReturnType<typeof cashSince>, ...ReturnType<typeof cashSince>[]])
  const inBase = (r: { currency: string; minor: number }[]) => num(r.find((x) => x.currency === baseCurrency)?.minor)
  return { windows: windows.map((days, i) => ({ days, cashMinor: inBase(rows[i]!) })), previous30Minor: inBase(previous) }
}

export type Trends = {
  months: { month: string; cashMinor: number }[]
  dso: { day: string; dsoDays: number | null; openArMinor: number }[]
}

/** Cash collected per calendar month (12 months, base currency) and the weekly DSO / open A/R trend from daily_metrics. */
export async function trends(db: Db, orgId: string, baseCurrency: string, now: Date): Promise<Trends> {
  const today = isoDay(now)
  const firstMonth = `${addMonths(today.slice(0, 7), -11)}-01`
  const [cashRows, metricRows] = await db.batch([
    db
      .select({
        month: sql<string>`substr(${payments.receivedAt}, 1, 7)`,
        minor: sql<number>`sum(${payments.amountMinor} - ${payments.refundedMinor})`,
      })
      .from(payments)
      .where(
        and(
          eq(payments.orgId, orgId),
          eq(payments.currency, baseCurrency),
          gte(payments.receivedAt, firstMonth),
          ne(payments.status, "reversed"),
        ),
      )
      .groupBy(sql`substr(${payments.receivedAt}, 1, 7)`),
    db
      .select({ day: dailyMetrics.day, dsoDays: dailyMetrics.dsoDays, openArMinor: dailyMetrics.openArMinor })
      .from(dailyMetrics)
      .where(and(eq(dailyMetrics.orgId, orgId), eq(dailyMetrics.currency, baseCurrency), gte(dailyMetrics.day, addDays(today, -364))))
      .orderBy(dailyMetrics.day),
  ])
  const cash = new Map(cashRows.map((r) => [r.month, num(r.minor)]))
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = addMonths(today.slice(0, 7), i - 11)
    return { month, cashMinor: cash.get(month) ?? 0 }
  })
  // One point a week ending today, so the line reads at a glance and the last point is the current figure.
  const dso = metricRows.filter((r) => (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.day}T00:00:00Z`)) % (7 * 86_400_000) === 0)
  return { months, dso }
}

export type OverdueCustomer = {
  customerId: string
  name: string
  currency: string
  overdueMinor: number
  invoices: number
  oldestDue: string
}

/** Customers with the most overdue money, ranked within each currency (amounts in different currencies are not compared). */
export async function topOverdueCustomers(
  db: Db,
  orgId: string,
  today: string,
  perCurrency: number,
  currencies: string[],
): Promise<OverdueCustomer[]> {
  if (currencies.length === 0) return []
  const [first, ...rest] = currencies.map((currency) =>
    db
      .select({
        customerId: invoices.customerId,
        name: customers.name,
        currency: invoices.currency,
        overdueMinor: sql<number>`sum(${invoices.balanceMinor})`,
        invoices: sql<number>`count(*)`,
        oldestDue: sql<string>`min(${invoices.dueDate})`,
      })
      .from(invoices)
      .innerJoin(customers, and(eq(customers.id, invoices.customerId), eq(customers.orgId, orgId)))
      .where(and(eq(invoices.orgId, orgId), eq(invoices.status, "open"), eq(invoices.currency, currency), lt(invoices.dueDate, today)))
      .groupBy(invoices.customerId, customers.name, invoices.currency)
      .orderBy(desc(sql`sum(${invoices.balanceMinor})`))
      .limit(perCurrency),
  )
  const results = await db.batch([first, ...rest])
  return results.flat().map((r) => ({ ...r, overdueMinor: num(r.overdueMinor), invoices: num(r.invoices) }))
}

/** Writes (or rewrites) today's daily_metrics row for the base currency: the daily cron calls it for every organisation. */
export async function snapshotDailyMetrics(db: Db, orgId: string, now: Date) {
  const today = isoDay(now)
  const o = await overviewMetrics(db, orgId, now)
  const dayStart = `${today}T00:00:00.000Z`
  const dayEnd = `${addDays(today, 1)}T00:00:00.000Z`
  const [cashRows, sendRows, eventRows] = await db.batch([
    cashSince(db, orgId, dayStart, dayEnd),
    db
      .select({ n: sql<number>`count(*)` })
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "sent"), gte(outreach.sentAt, dayStart), lt(outreach.sentAt, dayEnd))),
    db
      .select({ type: emailEvents.type, n: sql<number>`count(*)` })
      .from(emailEvents)
      .where(
        and(
          eq(emailEvents.orgId, orgId),
          inArray(emailEvents.type, ["bounce", "complaint"]),
          gte(emailEvents.createdAt, dayStart),
          lt(emailEvents.createdAt, dayEnd),
        ),
      )
      .groupBy(emailEvents.type),
  ])
  const base = o.currencies.find((c) => c.currency === o.baseCurrency)
  const row = {
    orgId,
    day: today,
    currency: o.baseCurrency,
    openArMinor: o.openArMinor,
    cashCollectedMinor: num(cashRows.find((r) => r.currency === o.baseCurrency)?.minor),
    dsoDays: o.dsoDays,
    invoicesOpen: base?.openInvoices ?? 0,
    sends: num(sendRows[0]?.n),
    bounces: num(eventRows.find((r) => r.type === "bounce")?.n),
    complaints: num(eventRows.find((r) => r.type === "complaint")?.n),
    createdAt: now.toISOString(),
  }
  const { orgId: _o, day: _d, createdAt: _c, ...update } = row
  await db
    .insert(dailyMetrics)
    .values(row)
    .onConflictDoUpdate({ target: [dailyMetrics.orgId, dailyMetrics.day], set: update })
  return row
}

/** `2026-11` + 2 -> `2027-01`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number)
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`
}
