// The CFO console's KPI tiles: each tile's label, (i) definition and formula come from domain/kpi-definitions, so the
// words a CFO reads are the ones the code computes with. The (i) is a <details> control: keyboard, touch, no script.
import type { Child } from "hono/jsx"
import type { KpiKey } from "../../../domain/kpi-definitions"
import { kpiDefinitions } from "../../../domain/kpi-definitions"
import { type AdherencePoint, formatShare } from "../../../domain/promise-adherence"
import type { CashForecast } from "../../../services/cash-forecast"
import type { CashWindows, Overview, Trends } from "../../../services/metrics"
import { KpiInfo } from "../components/kpi-info"
import { Sparkline } from "../components/svg-chart"
import { fmtDate, money } from "./receivables-parts"

export function KpiTile({ kpi, value, note, extra }: { kpi: KpiKey; value: Child; note?: Child; extra?: Child }) {
  return (
    <div class="kpi cfo-tile" data-kpi={kpi}>
      <div class="kpi-head">
        <span class="kpi-label">{kpiDefinitions[kpi].label}</span>
        <KpiInfo name={kpi} d={kpiDefinitions[kpi]} />
      </div>
      <div class="kpi-value">{value}</div>
      {note ? <div class="kpi-note">{note}</div> : null}
      {extra}
    </div>
  )
}

function Others({ items }: { items: { currency: string; minor: number }[] }) {
  const shown = items.filter((i) => i.minor !== 0)
  if (shown.length === 0) return null
  return (
    <ul class="currency-list" aria-label="Other currencies">
      {shown.map((i) => (
        <li class="num">+ {money(i.minor, i.currency)}</li>
      ))}
    </ul>
  )
}

const change = (now: number, then: number, unit: (n: number) => string) =>
  now === then ? "unchanged" : `${now < then ? "down" : "up"} ${unit(Math.abs(now - then))}`

export type KpiFigures = { overview: Overview; trends: Trends; cash: CashWindows; forecast: CashForecast; adherence: AdherencePoint[] }

/** A share's monthly trend: the line, and its first and last known figures in words. */
function ShareTrend({ points, what }: { points: { day: string; share: number | null }[]; what: string }) {
  const known = points.filter((p) => p.share !== null)
  if (known.length < 2) return <div class="kpi-trend muted small">Trend appears once two months have a figure</div>
  const first = known[0]!
  const last = known.at(-1)!
  return (
    <div class="kpi-trend" data-trend={what}>
      <Sparkline
        points={points.map((p) => p.share)}
        ariaLabel={`${what} by month, ${points.map((p) => formatShare(p.share)).join(", ")}`}
      />
      <div class="kpi-note">
        {formatShare(first.share)} ({fmtDate(first.day)}) → {formatShare(last.share)} ({fmtDate(last.day)})
      </div>
    </div>
  )
}

/** Every tile of the console, in reading order. */
export function KpiTiles({ overview: o, trends, cash, forecast, adherence }: KpiFigures) {
  const base = o.baseCurrency
  const others = o.currencies.filter((c) => c.currency !== base)
  const first = trends.dso.find((d) => d.dsoDays !== null)
  const firstAr = trends.dso[0]
  const cash30 = cash.windows.find((w) => w.days === 30)?.cashMinor ?? o.cashCollected30dMinor
  const expected = forecast.weeks.reduce((s, w) => s + w.expectedMinor, 0)
  const mape = forecast.backtest.mape
  return (
    <div class="grid grid-4 kpis kpi-tiles cfo-tiles">
      <KpiTile
        kpi="open_ar"
        value={money(o.openArMinor, base)}
        note={
          <>
            {o.currencies.find((c) => c.currency === base)?.openInvoices ?? 0} open invoices
            {firstAr ? ` · ${change(o.openArMinor, firstAr.openArMinor, (n) => money(n, base))} since ${fmtDate(firstAr.day)}` : ""}
          </>
        }
        extra={<Others items={others.map((c) => ({ currency: c.currency, minor: c.openArMinor }))} />}
      />
      <KpiTile
        kpi="dso"
        value={o.dsoDays === null ? "—" : `${o.dsoDays} days`}
        note={
          o.dsoDays === null
            ? "No sales in the window yet"
            : first?.dsoDays == null
              ? "Trend appears after the first daily snapshot"
              : `${change(o.dsoDays, first.dsoDays, (n) => `${n} days`)} since ${fmtDate(first.day)}`
        }
      />
      <KpiTile
        kpi="best_dso"
        value={o.bestDsoDays === null ? "—" : `${o.bestDsoDays} days`}
        note={o.dsoDays !== null && o.bestDsoDays !== null ? `${o.dsoDays - o.bestDsoDays} days of DSO are overdue balances` : undefined}
      />
      <KpiTile
        kpi="cash_collected"
        value={money(cash30, base)}
        note={`30 days · ${change(cash30, cash.previous30Minor, (n) => money(n, base))} on the 30 before`}
        extra={
          <ul class="kpi-windows">
            {cash.windows
              .filter((w) => w.days !== 30)
              .map((w) => (
                <li>
                  <span>{w.days} days</span> <span class="num">{money(w.cashMinor, base)}</span>
                </li>
              ))}
          </ul>
        }
      />
      <KpiTile
        kpi="promise_adherence"
        value={formatShare(o.promiseAdherence)}
        note={`${o.promisesKept} kept · ${o.promisesBroken} broken · ${o.promisesOpen} still open`}
        extra={<ShareTrend points={adherence} what="Promise adherence" />}
      />
      <KpiTile
        kpi="at_risk"
        value={formatShare(forecast.atRiskShare)}
        note={`${money(forecast.atRiskMinor, forecast.currency)} of ${money(forecast.openMinor, forecast.currency)} open`}
        extra={<ShareTrend points={forecast.atRiskTrend} what="At-risk rate" />}
      />
      <KpiTile
        kpi="forecast"
        value={money(expected, forecast.currency)}
        note={
          mape === null
            ? "The backtest needs a quarter of payment history"
            : `Last quarter this forecast was within ${Math.round(100 * mape)}% a week on average (MAPE)`
        }
      />
    </div>
  )
}
