// The cadence editor's dry-run chart: sends per day (Autopilot) and drafts (Shadow Mode) over the coming days, and
// what the caps hold back, drawn as SVG from the dry-run's figures (classes only: the CSP forbids style attributes).
import type { DryRun } from "../../../tenant/dry-run"

const weekday = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString("en-US", { weekday: "short", timeZone: "UTC" })
const longDay = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString("en-US", { weekday: "long", month: "short", day: "numeric", timeZone: "UTC" })
const n = (v: number) => v.toLocaleString("en-US")
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0)

/** One bar per day: sends and drafts stacked, the capped count on top as a hatched cap. */
export function DryRunChart({ run, version }: { run: DryRun; version: number }) {
  const { days, totals } = run
  const width = 640
  const height = 180
  const top = 12
  const bottom = 28
  const left = 36
  const slot = (width - left) / Math.max(1, days.length)
  const bar = Math.max(2, slot * 0.7)
  const peak = Math.max(1, ...days.map((d) => d.sends + d.drafts + d.capped))
  const scale = (v: number) => (v / peak) * (height - top - bottom)
  const busiest = days.reduce((a, d) => (d.sends + d.drafts > a.sends + a.drafts ? d : a), days[0]!)
  const labelEvery = days.length > 31 ? 7 : days.length > 14 ? 3 : 1
  if (run.segments.length === 0)
    return (
      <div id="dry-run" class="muted">
        No segment uses this cadence yet, so v{version} would send nothing. Assign it to a segment when you publish, then run this again.
      </div>
    )
  return (
    <div id="dry-run" class="stack">
      <p>
        Over the next {days.length} days v{version} would send <strong>{n(totals.sends)}</strong>
        {totals.drafts > 0 && (
          <>
            {" "}
            and draft <strong>{n(totals.drafts)}</strong> for review
          </>
        )}
        {totals.capped > 0 && <>; the caps hold back {n(totals.capped)}</>}.
      </p>
      {busiest && busiest.sends + busiest.drafts > 0 && (
        <p class="muted small">
          Busiest day: {longDay(busiest.date)}, {n(busiest.sends)} sends
          {busiest.drafts > 0 && `, ${n(busiest.drafts)} drafts`}
          {busiest.capped > 0 && `, ${n(busiest.capped)} held by the cap`}.
        </p>
      )}
      <svg class="dry-run-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Sends per day over ${days.length} days`}>
        <line class="axis" x1={left} y1={height - bottom} x2={width} y2={height - bottom} />
        <text class="tick" x={left - 6} y={top + 4} text-anchor="end">
          {n(peak)}
        </text>
        <text class="tick" x={left - 6} y={height - bottom} text-anchor="end">
          0
        </text>
        {days.map((d, i) => {
          const x = left + i * slot + (slot - bar) / 2
          const base = height - bottom
          const hSends = scale(d.sends)
          const hDrafts = scale(d.drafts)
          const hCapped = scale(d.capped)
          return (
            <g>
              <title>
                {`${longDay(d.date)}: ${n(d.sends)} sends, ${n(d.drafts)} drafts, ${n(d.capped)} held by the cap, ${n(sum(d.deferred))} deferred`}
              </title>
              {hSends > 0 && <rect class="sends" x={x} y={base - hSends} width={bar} height={hSends} />}
              {hDrafts > 0 && <rect class="drafts" x={x} y={base - hSends - hDrafts} width={bar} height={hDrafts} />}
              {hCapped > 0 && <rect class="capped" x={x} y={base - hSends - hDrafts - hCapped} width={bar} height={hCapped} />}
              {i % labelEvery === 0 && (
                <text class="tick" x={x + bar / 2} y={height - 10} text-anchor="middle">
                  {labelEvery === 1 ? weekday(d.date) : d.date.slice(5)}
                </text>
              )}
            </g>
          )
        })}
      </svg>
      <ul class="dry-run-legend small">
        <li>
          <span class="swatch sends" /> Sends (Autopilot)
        </li>
        <li>
          <span class="swatch drafts" /> Drafts (Shadow Mode)
        </li>
        <li>
          <span class="swatch capped" /> Held by a cap
        </li>
      </ul>
    </div>
  )
}
