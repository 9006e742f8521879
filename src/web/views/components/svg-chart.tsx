// Small charts drawn on the server as SVG (no chart library on the page, no inline style under the CSP): stacked
// bars for a page whose one chart does not justify Chart.js, and the sparkline that shows a KPI tile's trend.
import type { Child } from "hono/jsx"

export type BarSeries = { label: string; tone: string; values: number[] }

const W = 600
const H = 200
const PAD = { left: 28, bottom: 22, top: 6 }

/** Columns of stacked bars, one per label; the y axis starts at zero with its maximum printed. */
export function StackedBars({
  labels,
  series,
  ariaLabel,
  tickLabel,
}: {
  labels: string[]
  series: BarSeries[]
  ariaLabel: string
  tickLabel?: (label: string) => string
}) {
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0))
  const most = Math.max(1, ...totals)
  const plotH = H - PAD.bottom - PAD.top
  const slot = (W - PAD.left) / Math.max(1, labels.length)
  const bar = Math.max(2, slot * 0.7)
  const bars: Child[] = []
  labels.forEach((label, i) => {
    let y = H - PAD.bottom
    for (const s of series) {
      const v = s.values[i] ?? 0
      if (v <= 0) continue
      const h = (v / most) * plotH
      y -= h
      bars.push(
        <rect
          class={`svg-${s.tone}`}
          x={(PAD.left + i * slot + (slot - bar) / 2).toFixed(1)}
          y={y.toFixed(1)}
          width={bar.toFixed(1)}
          height={h.toFixed(1)}
        >
          <title>{`${tickLabel ? tickLabel(label) : label}: ${v} ${s.label.toLowerCase()}`}</title>
        </rect>,
      )
    }
  })
  const every = Math.ceil(labels.length / 8)
  return (
    <figure class="svg-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={ariaLabel}>
        <line class="svg-axis" x1={PAD.left} y1={H - PAD.bottom} x2={W} y2={H - PAD.bottom} />
        <text class="svg-tick" x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
          {most}
        </text>
        <text class="svg-tick" x={PAD.left - 4} y={H - PAD.bottom} text-anchor="end">
          0
        </text>
        {bars}
        {labels.map((label, i) =>
          i % every === 0 ? (
            <text class="svg-tick" x={(PAD.left + i * slot + slot / 2).toFixed(1)} y={H - 6} text-anchor="middle">
              {tickLabel ? tickLabel(label) : label}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption class="svg-legend">
        {series.map((s) => (
          <span>
            <svg class="svg-key" viewBox="0 0 10 10" aria-hidden="true">
              <rect class={`svg-${s.tone}`} width="10" height="10" rx="2" />
            </svg>{" "}
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  )
}

/** A tile's trend line: points (null = no figure that period) scaled between their own min and max. */
export function Sparkline({ points, ariaLabel }: { points: (number | null)[]; ariaLabel: string }) {
  const known = points.filter((p): p is number => p !== null)
  if (known.length < 2) return null
  const lo = Math.min(...known)
  const hi = Math.max(...known)
  const span = hi - lo || 1
  const step = 100 / Math.max(1, points.length - 1)
  const coords = points
    .map((p, i) => (p === null ? null : `${(i * step).toFixed(1)},${(18 - ((p - lo) / span) * 16).toFixed(1)}`))
    .filter((c): c is string => c !== null)
  return (
    <svg class="sparkline" viewBox="0 0 100 20" preserveAspectRatio="none" role="img" aria-label={ariaLabel}>
      <polyline points={coords.join(" ")} />
    </svg>
  )
}
