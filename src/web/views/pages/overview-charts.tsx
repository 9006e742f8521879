// Chart.js configurations for the CFO console, as JSON for `<canvas data-chart>` (public/app.js draws them).
import { agingBuckets, bucketLabels } from "../../../domain/aging"
import { minorDigits } from "../../../domain/money"
import type { ExposureRow, PromiseWeek } from "../../../db/console-charts"
import type { CashForecast } from "../../../services/cash-forecast"
import type { Overview, Trends } from "../../../services/metrics"

const brand = "#3b4fd8"
const brandSoft = "rgba(59, 79, 216, 0.15)"
const bucketColours = ["#137a4b", "#1d5fa8", "#d99a1e", "#9a6200", "#b42318"]

const major = (minor: number, currency: string) => minor / 10 ** minorDigits(currency)
const monthLabel = (month: string) =>
  new Intl.DateTimeFormat("en-US", { month: "short", year: "2-digit", timeZone: "UTC" }).format(Date.parse(`${month}-01T00:00:00Z`))
const dayLabel = (day: string) =>
  new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(Date.parse(`${day}T00:00:00Z`))

const axis = (title: string) => ({ beginAtZero: true, title: { display: true, text: title }, grid: { color: "#eef1f5" } })
const plain = { grid: { display: false } }

export function cashChart(t: Trends, currency: string) {
  return {
    type: "bar",
    data: {
      labels: t.months.map((m) => monthLabel(m.month)),
      datasets: [
        {
          label: `Cash collected (${currency})`,
          data: t.months.map((m) => major(m.cashMinor, currency)),
          backgroundColor: brand,
          borderRadius: 4,
        },
      ],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: axis(currency), x: plain } },
  }
}

export function dsoChart(t: Trends) {
  return {
    type: "line",
    data: {
      labels: t.dso.map((d) => dayLabel(d.day)),
      datasets: [
        {
          label: "DSO (days)",
          data: t.dso.map((d) => d.dsoDays),
          borderColor: brand,
          backgroundColor: brandSoft,
          fill: true,
          tension: 0.3,
          pointRadius: 0,
          spanGaps: true,
        },
      ],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: axis("days"), x: { ...plain, ticks: { maxTicksLimit: 12 } } } },
  }
}

export function agingChart(o: Overview) {
  return {
    type: "bar",
    data: {
      labels: agingBuckets.map((b) => (b === "current" ? "Current" : `${bucketLabels[b]} days`)),
      datasets: [
        {
          label: `Open balance (${o.baseCurrency})`,
          data: agingBuckets.map((b) => major(o.aging[b].baseMinor, o.baseCurrency)),
          backgroundColor: bucketColours,
          borderRadius: 4,
        },
      ],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: axis(o.baseCurrency), x: plain } },
  }
}

/** Expected cash per week as bars with the low/high band as a shaded area (Chart.js filler between two lines). */
export function forecastChart(f: CashForecast) {
  const band = { type: "line", pointRadius: 0, borderWidth: 0, tension: 0.3 }
  return {
    type: "bar",
    data: {
      labels: f.weeks.map((w) => dayLabel(w.weekStart)),
      datasets: [
        { ...band, label: "Low", data: f.weeks.map((w) => major(w.lowMinor, f.currency)), fill: false, order: 2 },
        {
          ...band,
          label: "80% band",
          data: f.weeks.map((w) => major(w.highMinor, f.currency)),
          fill: "-1",
          backgroundColor: brandSoft,
          order: 2,
        },
        {
          label: `Expected cash in (${f.currency})`,
          data: f.weeks.map((w) => major(w.expectedMinor, f.currency)),
          backgroundColor: brand,
          borderRadius: 4,
          order: 1,
        },
      ],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { y: axis(f.currency), x: plain },
    },
  }
}

/** Horizontal bars of open balance, largest first (the top eight; the rest as "Other"). */
export function exposureChart(rows: ExposureRow[], currency: string, unnamed: string) {
  const top = rows.slice(0, 8)
  const rest = rows.slice(8).reduce((s, r) => s + r.balanceMinor, 0)
  const labels = [...top.map((r) => r.label ?? unnamed), ...(rest > 0 ? ["Other"] : [])]
  const data = [...top.map((r) => major(r.balanceMinor, currency)), ...(rest > 0 ? [major(rest, currency)] : [])]
  return {
    type: "bar",
    data: { labels, datasets: [{ label: `Open balance (${currency})`, data, backgroundColor: brand, borderRadius: 4 }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: axis(currency), y: plain } },
  }
}

/** Promises per week: kept, broken and open as stacked bars; amount promised and amount kept as lines. */
export function promiseChart(weeks: (PromiseWeek & { weekStart: string })[], currency: string) {
  const stack = (label: string, colour: string, pick: (w: PromiseWeek) => number) => ({
    label,
    data: weeks.map(pick),
    backgroundColor: colour,
    stack: "count",
    yAxisID: "y",
    order: 2,
  })
  const line = (label: string, colour: string, pick: (w: PromiseWeek) => number, dash: number[]) => ({
    type: "line",
    label,
    data: weeks.map((w) => major(pick(w), currency)),
    borderColor: colour,
    backgroundColor: colour,
    borderDash: dash,
    pointRadius: 2,
    tension: 0.3,
    yAxisID: "amount",
    order: 1,
  })
  return {
    type: "bar",
    data: {
      labels: weeks.map((w) => dayLabel(w.weekStart)),
      datasets: [
        stack("Kept", bucketColours[0]!, (w) => w.kept),
        stack("Broken", bucketColours[4]!, (w) => w.broken),
        stack("Open", bucketColours[2]!, (w) => w.open),
        line(`Promised (${currency})`, "#1a2233", (w) => w.promisedMinor, [4, 3]),
        line(`Kept (${currency})`, brand, (w) => w.keptMinor, []),
      ],
    },
    options: {
      plugins: { legend: { display: true, position: "bottom", labels: { boxWidth: 12 } } },
      scales: {
        y: { ...axis("promises"), stacked: true },
        amount: { ...axis(currency), position: "right", grid: { display: false } },
        x: { ...plain, stacked: true },
      },
    },
  }
}
