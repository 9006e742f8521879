// The CFO console's cash forecast: reads one currency's ledger, fits the pay-date model and its timing curve, forecasts
// the next weeks from the open invoices (promises and plans included) and replays the same forecast from a cutoff in
// the past as its backtest. One D1 round trip; the maths is in domain/cash-forecast.
import { forecastLedger, type LedgerRow } from "../db/cash-forecast"
import type { Db } from "../db/client"
import { addDays, isoDay } from "../domain/dates"
import {
  type Backtest,
  backtestForecast,
  type ForecastInvoice,
  type ForecastWeek,
  chanceStillUnpaid,
  fitPayTiming,
  forecastWeeks,
  type InvoiceRecord,
} from "../domain/cash-forecast"
import { DSO_WINDOW_DAYS } from "../domain/dso"
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

/** The forecast of `weeks` weeks from today in `currency` (the base currency when null), with its backtest. */
export async function cashForecast(db: Db, orgId: string, now: Date, weeks: number, currency: string | null) {
  const today = isoDay(now)
  const cutoff = addDays(today, -7 * weeks)
  const ledger = await forecastLedger(db, orgId, currency, today, addDays(cutoff, -HISTORY_DAYS), DSO_WINDOW_DAYS)
  const records: InvoiceRecord[] = ledger.rows.map((r) => ({
    customerId: r.customerId,
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    amountMinor: r.amountMinor,
    paidDate: paidDay(r),
  }))
  const backtest = backtestForecast(records, cutoff, weeks)

  const history = records
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
    atRiskShare: openMinor > 0 ? atRiskMinor / openMinor : null,
  } satisfies CashForecast
}
