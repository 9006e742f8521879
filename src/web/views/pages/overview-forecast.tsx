// The CFO console's cash forecast card: expected cash per week with its band (chart and figures), the backtest line
// ("last quarter this forecast was within X%") and the CSV export.
import type { CashForecast } from "../../../services/cash-forecast"
import { kpiDefinitions } from "../../../domain/kpi-definitions"
import { KpiInfo } from "../components/kpi-info"
import { forecastChart } from "./overview-charts"
import { fmtDate, money } from "./receivables-parts"

export function CsvLink({ href, label, small = true }: { href: string; label: string; small?: boolean }) {
  return (
    <a class={small ? "btn btn-small csv-link" : "btn csv-link"} href={href} download>
      {label}
    </a>
  )
}

export function ForecastCard({ forecast: f, exports }: { forecast: CashForecast; exports: boolean }) {
  const bt = f.backtest
  const pct = (x: number | null) => (x === null ? "—" : `${Math.round(100 * x)}%`)
  return (
    <section class="card forecast-card" aria-labelledby="forecast-title">
      <div class="card-head">
        <h2 id="forecast-title">
          Cash forecast · {f.weeks.length} weeks <KpiInfo name="forecast" d={kpiDefinitions.forecast} />
        </h2>
        {exports ? <CsvLink href={`/admin/overview/forecast.csv?weeks=${f.weeks.length}`} label="CSV" /> : null}
      </div>
      {f.openInvoices === 0 ? (
        <p class="muted">No open {f.currency} invoices: nothing to forecast.</p>
      ) : (
        <div class="chart-box">
          <canvas
            data-chart={JSON.stringify(forecastChart(f))}
            role="img"
            aria-label={`Expected cash in per week in ${f.currency} for ${f.weeks.length} weeks, with an 80% band`}
          ></canvas>
        </div>
      )}
      <p class="legend-note">
        <span class="swatch swatch-brand"></span> expected · <span class="swatch swatch-band"></span> 80% band. From{" "}
        {f.openInvoices.toLocaleString("en-US")} open invoices ({money(f.openMinor, f.currency)}); promises kept {pct(f.keepRate)} of the
        time. New invoices are not included.
      </p>
      <p class="backtest-line">
        {bt.mape === null ? (
          "Not enough history yet for a backtest."
        ) : (
          <>
            Last quarter this forecast was within <strong>{pct(bt.mape)}</strong> a week on average (MAPE; {pct(bt.wape)} of the cash
            weighted by size), against {pct(bt.naiveMape)} for due date + average delay. Replayed from {fmtDate(bt.cutoff)} on{" "}
            {bt.invoices.toLocaleString("en-US")} invoices open then.
          </>
        )}
      </p>
      <details class="figures">
        <summary>Weekly figures</summary>
        <table class="table-plain">
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col" class="num">
                Low
              </th>
              <th scope="col" class="num">
                Expected
              </th>
              <th scope="col" class="num">
                High
              </th>
            </tr>
          </thead>
          <tbody>
            {f.weeks.map((w) => (
              <tr>
                <td>{fmtDate(w.weekStart)}</td>
                <td class="num">{money(w.lowMinor, f.currency)}</td>
                <td class="num strong">{money(w.expectedMinor, f.currency)}</td>
                <td class="num">{money(w.highMinor, f.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  )
}
