// The Data-Ready history: one bar per daily snapshot (score, coloured green/amber/red) and the green streak that
// Autopilot needs (three consecutive days). Drawn by Chart.js from `<canvas data-chart>` (public/app.js).
import { GREEN_DAYS_FOR_AUTOPILOT } from "../../../domain/onboarding"

type Snapshot = { day: string; score: number; status: "green" | "amber" | "red" }

const colour = { green: "#137a4b", amber: "#d99a1e", red: "#b42318" } as const
const dayLabel = (day: string) =>
  new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(Date.parse(`${day}T00:00:00Z`))

export function dataReadyHistoryChart(history: Snapshot[]) {
  return {
    type: "bar",
    data: {
      labels: history.map((h) => dayLabel(h.day)),
      datasets: [
        {
          label: "Data-Ready score",
          data: history.map((h) => h.score),
          backgroundColor: history.map((h) => colour[h.status]),
          borderRadius: 3,
        },
      ],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: "score" }, grid: { color: "#eef1f5" } },
        x: { grid: { display: false }, ticks: { maxTicksLimit: 10 } },
      },
    },
  }
}

export function DataReadyHistory({ history, streak }: { history: Snapshot[]; streak: number }) {
  const left = Math.max(0, GREEN_DAYS_FOR_AUTOPILOT - streak)
  return (
    <section class="card" aria-labelledby="dr-history-title">
      <h2 id="dr-history-title">Data-Ready history</h2>
      {history.length === 0 ? (
        <p class="muted">The first daily snapshot is taken tonight at 00:15 UTC; the history and the green streak start from it.</p>
      ) : (
        <>
          <div class="chart-box chart-box-sm">
            <canvas
              data-chart={JSON.stringify(dataReadyHistoryChart(history))}
              role="img"
              aria-label={`Data-Ready score per day, last ${history.length} days`}
            ></canvas>
          </div>
          <p class="small">
            {streak >= GREEN_DAYS_FOR_AUTOPILOT
              ? `Green ${streak} days in a row: the Data-Ready guardrail for Autopilot is met.`
              : streak > 0
                ? `Green ${streak} day${streak === 1 ? "" : "s"} in a row; ${left} more before Autopilot.`
                : `Not green yet: Autopilot needs ${GREEN_DAYS_FOR_AUTOPILOT} green days in a row.`}
          </p>
        </>
      )}
    </section>
  )
}
