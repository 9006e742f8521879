// `npm run eval -- forecast`: backtests the 13-week cash forecast on the demo seed. At each cutoff the forecast is
// fitted on what was known then and compared week by week with when the invoices open at the cutoff were paid; it
// prints MAPE per week horizon and overall against the naive baseline (each balance on due date + the organisation's
// average delay). `--today YYYY-MM-DD` fixes the clock, `--weeks N` the horizon.
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { rows } from "../seed/10-base.mjs"
import { addDays, insert, q, seededRandom, seedFromName } from "../lib/sql.mjs"
import { loadTs } from "./_load-ts.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")
const ORG = "org_acme_demo"
const pct = (x) => (x === null ? "   —" : `${(100 * x).toFixed(1)}%`.padStart(6))

export default async function forecast(args) {
  const flag = (name, fallback) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : fallback)
  const today = flag("--today", new Date().toISOString().slice(0, 10))
  const weeks = Number(flag("--weeks", "13"))
  const { backtestForecast } = await loadTs(join(root, "src", "domain", "cash-forecast.ts"))
  const seed = rows({ today, now: `${today}T12:00:00.000Z`, rng: seededRandom(seedFromName("10-base.mjs")), q, insert })
  const base = seed.invoices.filter((inv) => inv.org_id === ORG && inv.currency === "USD" && inv.status !== "void")
  const records = base.map((inv) => ({
    customerId: inv.customer_id,
    issueDate: inv.issue_date,
    dueDate: inv.due_date,
    amountMinor: inv.amount_minor,
    paidDate: inv.status === "paid" && inv.paid_at ? inv.paid_at.slice(0, 10) : null,
  }))
  console.log(`Cash forecast backtest on the Acme Demo seed, USD (today ${today}, ${records.length} invoices, ${weeks}-week horizon)`)
  const cutoffs = [4, 3, 2, 1].map((k) => addDays(today, -7 * weeks * k)).filter((c) => c >= addDays(today, -400))
  const horizon = Array.from({ length: weeks }, () => ({ model: [], naive: [] }))
  let model = 0
  let naive = 0
  let modelW = 0
  let naiveW = 0
  let n = 0
  console.log("cutoff      open inv  model MAPE  naive MAPE  model WAPE  naive WAPE  error ratio")
  for (const cutoff of cutoffs) {
    const bt = backtestForecast(records, cutoff, weeks)
    console.log(
      `${cutoff}  ${String(bt.invoices).padStart(8)}  ${pct(bt.mape).padStart(10)}  ${pct(bt.naiveMape).padStart(10)}  ${pct(bt.wape).padStart(10)}  ${pct(bt.naiveWape).padStart(10)}  ${bt.errorRatio?.toFixed(2).padStart(11)}`,
    )
    bt.weeks.forEach((w, i) => {
      if (w.actualMinor <= 0) return
      horizon[i].model.push(Math.abs(w.actualMinor - w.expectedMinor) / w.actualMinor)
      horizon[i].naive.push(Math.abs(w.actualMinor - w.naiveMinor) / w.actualMinor)
    })
    if (bt.mape !== null && bt.naiveMape !== null) {
      model += bt.mape
      naive += bt.naiveMape
      modelW += bt.wape
      naiveW += bt.naiveWape
      n++
    }
  }
  const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null)
  console.log("week  model MAPE  naive MAPE   (mean over cutoffs)")
  horizon.forEach((h, i) =>
    console.log(`${String(i + 1).padStart(4)}  ${pct(mean(h.model)).padStart(10)}  ${pct(mean(h.naive)).padStart(10)}`),
  )
  const m = model / n
  const b = naive / n
  console.log(`Overall WAPE ${pct(modelW / n).trim()} vs naive ${pct(naiveW / n).trim()}`)
  console.log(
    `Overall MAPE ${pct(m).trim()} vs naive ${pct(b).trim()}: ${m < b ? `beats the baseline by ${(100 * (1 - m / b)).toFixed(0)}%` : "DOES NOT beat the baseline"}`,
  )
  if (!(m < b)) process.exitCode = 1
}
