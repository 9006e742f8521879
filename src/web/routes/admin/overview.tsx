// GET /admin/overview: the CFO console; GET /admin/overview/*.csv: each of its figures as CSV (the one CSV writer).
import { type Context, Hono } from "hono"
import { agingBuckets } from "../../../domain/aging"
import { isoDay } from "../../../domain/dates"
import { CASH_WINDOWS, CONSOLE_FORECAST_WEEKS, kpiDefinitions, type KpiKey, TREND_MONTHS } from "../../../domain/kpi-definitions"
import { countbackMonths } from "../../../domain/dso"
import { adherenceByMonth } from "../../../domain/promise-adherence"
import { toDecimalString } from "../../../domain/money"
import { toCsv } from "../../../integrations/csv"
import { exposure, promiseOutcomesByDay, promiseWeeks } from "../../../db/console-charts"
import { cashForecast } from "../../../services/cash-forecast"
import { computeDataReady, greenStreakDays } from "../../../services/data-ready"
import { cashWindows, overviewMetrics, topOverdueCustomers, trends } from "../../../services/metrics"
import { parseQuery } from "../../api-schemas"
import type { AppEnv } from "../../env"
import { DataReadyWidget } from "../../views/components/data-ready"
import { OverviewPage } from "../../views/pages/overview"
import { forecastQuery } from "../api/metrics"

type C = Context<AppEnv>

const PROMISE_WEEKS_BACK = 13
const PROMISE_WEEKS_AHEAD = 4

/** Eight overdue customers in the base currency, three in each other currency. */
async function overdueOf(c: C, now: Date, base: string, others: string[]) {
  const { db, member } = c.var
  const lists = await Promise.all([
    topOverdueCustomers(db, member.orgId, isoDay(now), 8, [base]),
    topOverdueCustomers(db, member.orgId, isoDay(now), 3, others),
  ])
  return lists.flat()
}

/** The console's headline figures: overview, cash windows, the 13-week forecast and the tiles' monthly trends. */
async function headline(c: C, now: Date) {
  const { db, member } = c.var
  const overview = await overviewMetrics(db, member.orgId, now)
  const months = countbackMonths(overview.today, TREND_MONTHS)
  const [cash, forecast, outcomes] = await Promise.all([
    cashWindows(db, member.orgId, overview.baseCurrency, now, CASH_WINDOWS),
    cashForecast(db, member.orgId, now, CONSOLE_FORECAST_WEEKS, overview.baseCurrency, TREND_MONTHS - 1),
    promiseOutcomesByDay(db, member.orgId, months.at(-1)!.after, overview.today),
  ])
  return { overview, cash, forecast, adherence: adherenceByMonth(months, outcomes) }
}

function csvFile(c: C, name: string, header: string[], rows: unknown[][]) {
  c.header("Content-Type", "text/csv; charset=utf-8")
  c.header("Content-Disposition", `attachment; filename="${name}-${isoDay(new Date())}.csv"`)
  return c.body(toCsv(header, rows))
}

export const overviewRoutes = new Hono<AppEnv>()
  .get("/admin/overview", async (c) => {
    const { db, member } = c.var
    const now = new Date()
    const { overview, cash, forecast, adherence } = await headline(c, now)
    const others = overview.currencies.filter((x) => x.currency !== overview.baseCurrency).map((x) => x.currency)
    const [trend, overdue, dataReady, streak, exposed, promised] = await Promise.all([
      trends(db, member.orgId, overview.baseCurrency, now),
      overdueOf(c, now, overview.baseCurrency, others),
      computeDataReady(db, member.orgId, now),
      greenStreakDays(db, member.orgId, now),
      exposure(db, member.orgId, overview.baseCurrency, isoDay(now)),
      promiseWeeks(db, member.orgId, overview.baseCurrency, isoDay(now), PROMISE_WEEKS_BACK, PROMISE_WEEKS_AHEAD),
    ])
    return c.html(
      <OverviewPage
        member={member}
        overview={overview}
        trends={trend}
        overdue={overdue}
        cash={cash}
        forecast={forecast}
        adherence={adherence}
        exposure={exposed}
        promiseWeeks={promised}
        dataReady={<DataReadyWidget result={dataReady} streakDays={streak} compact />}
      />,
    )
  })
  .get("/admin/overview/kpis.csv", async (c) => {
    const { overview: o, cash, forecast: f, adherence } = await headline(c, new Date())
    const base = o.baseCurrency
    const m = (minor: number) => [minor, toDecimalString(minor, base), base]
    const values: Record<KpiKey, unknown[][]> = {
      open_ar: [["", ...m(o.openArMinor)]],
      dso: [["days", o.dsoDays, "", ""]],
      best_dso: [["days", o.bestDsoDays, "", ""]],
      cash_collected: cash.windows.map((w) => [`${w.days} days`, ...m(w.cashMinor)]),
      promise_adherence: [["share", o.promiseAdherence, "", ""], ...adherence.map((p) => [`month to ${p.day}`, p.share, "", ""])],
      at_risk: [
        ["share", f.atRiskShare, "", ""],
        ["amount", ...m(f.atRiskMinor)],
        ...f.atRiskTrend.map((p) => [`share at ${p.day}`, p.share, "", ""]),
      ],
      forecast: [
        [`${f.weeks.length} weeks expected`, ...m(f.weeks.reduce((s, w) => s + w.expectedMinor, 0))],
        ["backtest MAPE", f.backtest.mape, "", ""],
      ],
    }
    const rows = (Object.keys(values) as KpiKey[]).flatMap((k) =>
      values[k].map(([measure, value, decimal, currency]) => [
        k,
        kpiDefinitions[k].label,
        measure,
        value,
        decimal,
        currency,
        kpiDefinitions[k].formula,
        o.today,
      ]),
    )
    return csvFile(c, "cfo-kpis", ["kpi", "label", "measure", "value", "amount", "currency", "formula", "as_of"], rows)
  })
  .get("/admin/overview/forecast.csv", async (c) => {
    const q = parseQuery(c, forecastQuery)
    const f = await cashForecast(c.var.db, c.var.member.orgId, new Date(), q.weeks, q.currency ?? null)
    const d = (minor: number) => toDecimalString(minor, f.currency)
    const rows = f.weeks.map((w) => [
      w.weekStart,
      w.expectedMinor,
      w.lowMinor,
      w.highMinor,
      d(w.expectedMinor),
      d(w.lowMinor),
      d(w.highMinor),
      f.currency,
    ])
    const header = ["week_start", "expected_minor", "low_minor", "high_minor", "expected", "low", "high", "currency"]
    return csvFile(c, "cash-forecast", header, rows)
  })
  .get("/admin/overview/cash-by-month.csv", async (c) => {
    const now = new Date()
    const o = await overviewMetrics(c.var.db, c.var.member.orgId, now)
    const t = await trends(c.var.db, c.var.member.orgId, o.baseCurrency, now)
    const rows = t.months.map((m) => [m.month, m.cashMinor, toDecimalString(m.cashMinor, o.baseCurrency), o.baseCurrency])
    return csvFile(c, "cash-by-month", ["month", "cash_collected_minor", "cash_collected", "currency"], rows)
  })
  .get("/admin/overview/dso-trend.csv", async (c) => {
    const now = new Date()
    const o = await overviewMetrics(c.var.db, c.var.member.orgId, now)
    const t = await trends(c.var.db, c.var.member.orgId, o.baseCurrency, now)
    const rows = t.dso.map((p) => [p.day, p.dsoDays, p.openArMinor, toDecimalString(p.openArMinor, o.baseCurrency), o.baseCurrency])
    return csvFile(c, "dso-trend", ["day", "dso_days", "open_ar_minor", "open_ar", "currency"], rows)
  })
  .get("/admin/overview/aging.csv", async (c) => {
    const o = await overviewMetrics(c.var.db, c.var.member.orgId, new Date())
    const rows = agingBuckets.flatMap((b) => [
      [b, o.aging[b].invoices, o.aging[b].baseMinor, toDecimalString(o.aging[b].baseMinor, o.baseCurrency), o.baseCurrency],
      ...o.aging[b].others.map((x) => [b, "", x.balanceMinor, toDecimalString(x.balanceMinor, x.currency), x.currency]),
    ])
    return csvFile(c, "aging", ["bucket", "invoices_all_currencies", "balance_minor", "balance", "currency"], rows)
  })
  .get("/admin/overview/top-overdue.csv", async (c) => {
    const now = new Date()
    const o = await overviewMetrics(c.var.db, c.var.member.orgId, now)
    const others = o.currencies.filter((x) => x.currency !== o.baseCurrency).map((x) => x.currency)
    const rows = (await overdueOf(c, now, o.baseCurrency, others)).map((r) => [
      r.customerId,
      r.name,
      r.currency,
      r.overdueMinor,
      toDecimalString(r.overdueMinor, r.currency),
      r.invoices,
      r.oldestDue,
    ])
    return csvFile(c, "top-overdue", ["customer_id", "customer", "currency", "overdue_minor", "overdue", "invoices", "oldest_due"], rows)
  })
  .get("/admin/overview/exposure.csv", async (c) => {
    const o = await overviewMetrics(c.var.db, c.var.member.orgId, new Date())
    const e = await exposure(c.var.db, c.var.member.orgId, o.baseCurrency, o.today)
    const rows = (["segment", "industry", "region"] as const).flatMap((by) =>
      e[by].map((r) => [
        by,
        r.key ?? "",
        r.label ?? "",
        r.invoices,
        r.balanceMinor,
        toDecimalString(r.balanceMinor, o.baseCurrency),
        o.baseCurrency,
      ]),
    )
    return csvFile(c, "exposure", ["by", "key", "label", "invoices", "balance_minor", "balance", "currency"], rows)
  })
  .get("/admin/overview/promises.csv", async (c) => {
    const o = await overviewMetrics(c.var.db, c.var.member.orgId, new Date())
    const weeks = await promiseWeeks(c.var.db, c.var.member.orgId, o.baseCurrency, o.today, PROMISE_WEEKS_BACK, PROMISE_WEEKS_AHEAD)
    const rows = weeks.map((w) => [w.weekStart, w.kept, w.broken, w.open, w.promisedMinor, w.keptMinor, o.baseCurrency])
    return csvFile(c, "promises-by-week", ["week_start", "kept", "broken", "open", "promised_minor", "kept_minor", "currency"], rows)
  })
