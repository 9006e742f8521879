// The CFO console's cash forecast: reads one currency's ledger, fits the pay-date model and its timing curve, forecasts
// the next weeks from the open invoices (promises and plans included) and replays the same forecast from a cutoff in
// the past as its backtest. One D1 round trip; the maths is in domain/cash-forecast.
import { forecastLedger, type LedgerRow } from "../db/cash-forecast"
import type { Db } from "../db/client"
import { addDays, isoDay } from "../domain/dates"
import {
  atRiskAt,
  type Backtest,
  backtestForecast,
  type ForecastInvoice,
  type ForecastWeek,
  chanceStillUnpaid,
  fitPayTiming,
  forecastWeeks,
  type InvoiceRecord,
} from "../domain/cash-forecast"
import { countbackMonths, DSO_WINDOW_DAYS } from "../domain/dso"
import { AT_RISK_DAYS } from "../domain/kpi-definitions"
import { fitPayDateModel } from "../domain/paydate"
import { promiseAdherence } from "../domain/promise-adherence"

/** How far back payments teach the model (as the worklist's pay-date model: 18 months). */
export const HISTORY_DAYS = 540
/** Keep rate assumed for commitments until the organisation has promises that came due. */
export const DEFAULT_KEEP_RATE = 0.75
export const MAX_FORECAST_WEEKS = 26

export type CashForecast = {
  currency: string
  baseCurrency: string
  asOf: string
  weeks: ForecastWeek[]
  keepRate: number
  /** The forecast replayed from `weeks` weeks ago over the weeks since. */
  backtest: Backtest
  openInvoices: number
  openMinor: number
  /** Open balance likely to pass AT_RISK_DAYS days past due unpaid (balance x chance), and its share of the open balance. */
  atRiskMinor: number
  atRiskShare: number | null
  /** The at-risk share replayed at the end of each of the last months (oldest first), then today's; empty unless asked. */
  atRiskTrend: { day: string; share: number | null }[]
}

const paidDay = (r: LedgerRow) => (r.status === "paid" && r.paidAt ? r.paidAt.slice(0, 10) : null)

/** The open invoice with its commitments: the next open promise, else the active plan's unpaid instalments. */
function forecastInvoice(r: LedgerRow): ForecastInvoice {
  const promise = r.openPromise ? (JSON.parse(r.openPromise) as { date: string; amount: number }) : null
  const instalments = r.instalments
    ? (JSON.parse(r.instalments) as { due?: string; amount: number; paid: number }[]).filter((i) => i.due && i.amount > i.paid)
    : []
  const commitments = instalments.length
    ? instalments.map((i) => ({ date: i.due!, amountMinor: i.amount - i.paid }))
    : promise
      ? [{ date: promise.date, amountMinor: promise.amount > 0 ? promise.amount : r.balanceMinor }]
      : []
  return {
    customerId: r.customerId,
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    amountMinor: r.amountMinor,
    balanceMinor: r.balanceMinor,
    commitments,
  }
}

/**
 * The forecast of `weeks` weeks from today in `currency` (the base currency when null), with its backtest; with
 * `trendMonths`, the at-risk share replayed at each of that many month ends before today (the console's tile).
 */
export async function cashForecast(db: Db, orgId: string, now: Date, weeks: number, currency: string | null, trendMonths = 0) {
  const today = isoDay(now)
  const cutoff = addDays(today, -7 * weeks)
  const trendDays = countbackMonths(today, trendMonths)
    .map((m) => m.after)
    .reverse()
  // Each replay (the backtest, every trend point) learns from the same HISTORY_DAYS before its own cutoff.
  const since = (day: string) => addDays(day, -HISTORY_DAYS)
  const earliest = [cutoff, ...trendDays].sort()[0]!
  const ledger = await forecastLedger(db, orgId, currency, today, since(earliest), DSO_WINDOW_DAYS)
  const records = (from: string): InvoiceRecord[] =>
    ledger.rows
      .filter((r) => r.status === "open" || r.issueDate >= from)
      .map((r) => ({
        customerId: r.customerId,
        issueDate: r.issueDate,
        dueDate: r.dueDate,
        amountMinor: r.amountMinor,
        paidDate: paidDay(r),
      }))
  const all = records(since(cutoff))
  const backtest = backtestForecast(all, cutoff, weeks)

  const history = all
    .filter((r) => r.paidDate !== null && r.paidDate >= addDays(today, -HISTORY_DAYS))
    .map((r) => ({ customerId: r.customerId, dueDate: r.dueDate, paidDate: r.paidDate!, amountMinor: r.amountMinor }))
  const open = ledger.rows.filter((r) => r.status === "open" && r.balanceMinor > 0).map(forecastInvoice)
  const model = fitPayDateModel(history, today)
  const timing = fitPayTiming(model, open, today)
  const keepRate = promiseAdherence({ kept: ledger.kept, broken: ledger.broken }) ?? DEFAULT_KEEP_RATE
  const forecast = forecastWeeks(model, timing, open, today, weeks, { keepRate, inflation: backtest.errorRatio ?? 1 })
  const openMinor = open.reduce((s, i) => s + i.balanceMinor, 0)
  const atRiskMinor = Math.round(
    open.reduce((s, i) => s + i.balanceMinor * chanceStillUnpaid(model, timing, i, today, AT_RISK_DAYS + 1), 0),
  )
  const atRiskShare = openMinor > 0 ? atRiskMinor / openMinor : null
  const atRiskTrend = trendDays.map((day) => {
    const r = atRiskAt(records(since(day)), day, AT_RISK_DAYS + 1)
    return { day, share: r.openMinor > 0 ? r.atRiskMinor / r.openMinor : null }
  })
  if (trendMonths > 0) atRiskTrend.push({ day: today, share: atRiskShare })
  return {
    currency: ledger.currency,
    baseCurrency: ledger.baseCurrency,
    asOf: today,
    weeks: forecast,
    keepRate,
    backtest,
    openInvoices: open.length,
    openMinor,
    atRiskMinor,
    atRiskShare,
    atRiskTrend,
  } satisfies CashForecast
}
