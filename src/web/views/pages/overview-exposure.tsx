// The CFO console's exposure card (open balance by owning segment, industry and region) and promise card (kept,
// broken and open by week; amount promised vs kept), each with its CSV export.
import type { ExposureRow, PromiseWeek } from "../../../db/console-charts"
import { exposureChart, promiseChart } from "./overview-charts"
import { CsvLink } from "./overview-forecast"

export type Exposure = { segment: ExposureRow[]; industry: ExposureRow[]; region: ExposureRow[] }

const views = [
  ["segment", "By segment", "Not in an active segment"],
  ["industry", "By industry", "No industry"],
  ["region", "By region", "No region"],
] as const

export function ExposureCard({ exposure, currency, exports }: { exposure: Exposure; currency: string; exports: boolean }) {
  return (
    <section class="card" aria-labelledby="exposure-title">
      <div class="card-head">
        <h2 id="exposure-title">Exposure</h2>
        {exports ? <CsvLink href="/admin/overview/exposure.csv" label="CSV" /> : null}
      </div>
      <div class="grid grid-3 exposure-grid">
        {views.map(([key, title, unnamed]) => (
          <div>
            <h3>{title}</h3>
            {exposure[key].length === 0 ? (
              <p class="muted">No open {currency} balance.</p>
            ) : (
              <div class="chart-box chart-box-sm">
                <canvas
                  data-chart={JSON.stringify(exposureChart(exposure[key], currency, unnamed))}
                  role="img"
                  aria-label={`Open ${currency} balance ${title.toLowerCase()}`}
                ></canvas>
              </div>
            )}
          </div>
        ))}
      </div>
      <p class="legend-note">Open {currency} balance. Each invoice counts once, in the active segment that owns it.</p>
    </section>
  )
}

export function PromiseCard({
  weeks,
  currency,
  exports,
}: {
  weeks: (PromiseWeek & { weekStart: string })[]
  currency: string
  exports: boolean
}) {
  const total = weeks.reduce((s, w) => s + w.kept + w.broken + w.open, 0)
  return (
    <section class="card" aria-labelledby="promises-title">
      <div class="card-head">
        <h2 id="promises-title">Promises by week</h2>
        {exports ? <CsvLink href="/admin/overview/promises.csv" label="CSV" /> : null}
      </div>
      {total === 0 ? (
        <p class="muted">No promises to pay in these weeks.</p>
      ) : (
        <div class="chart-box">
          <canvas
            data-chart={JSON.stringify(promiseChart(weeks, currency))}
            role="img"
            aria-label={`Promises to pay per week, kept, broken and open, and the ${currency} amount promised and kept`}
          ></canvas>
        </div>
      )}
      <p class="legend-note">
        By promised date, {currency} promises, the last 13 weeks and the next 4. Kept amount: the promised amount of kept promises.
      </p>
    </section>
  )
}
