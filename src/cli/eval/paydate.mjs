// `npm run eval -- paydate`: backtests the predicted payment date on the demo seed's payment history. At each
// cutoff the model is fitted on invoices paid by then and predicts the invoices open at the cutoff that were paid
// later; it prints the mean absolute error in days against the naive baseline "due date + the organisation's
// average delay" (also shown clamped to the cutoff, a fairer naive rival). `--today YYYY-MM-DD` fixes the clock.
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { rows } from "../seed/10-base.mjs"
import { addDays, daysBetween, insert, q, seededRandom, seedFromName } from "../lib/sql.mjs"
import { loadTs } from "./_load-ts.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")
const ORG = "org_acme_demo"

export default async function paydate(args) {
  const i = args.indexOf("--today")
  const today = i >= 0 ? args[i + 1] : new Date().toISOString().slice(0, 10)
  const { fitPayDateModel, predictPaymentDate, naivePaymentDate } = await loadTs(join(root, "src", "domain", "paydate.ts"))
  const seed = rows({ today, now: `${today}T12:00:00.000Z`, rng: seededRandom(seedFromName("10-base.mjs")), q, insert })
  const invoices = seed.invoices.filter((inv) => inv.org_id === ORG && inv.status === "paid" && inv.paid_at)
  const history = invoices.map((inv) => ({
    customerId: inv.customer_id,
    dueDate: inv.due_date,
    paidDate: inv.paid_at.slice(0, 10),
    amountMinor: inv.amount_minor,
  }))

  console.log(`Pay-date backtest on the Acme Demo seed (today ${today}, ${history.length} paid invoices)`)
  console.log("cutoff      predicted  model MAE  naive MAE  naive (clamped) MAE")
  let n = 0
  let model = 0
  let naive = 0
  let clamped = 0
  for (const back of [180, 135, 90, 45]) {
    const cutoff = addDays(today, -back)
    const fitted = fitPayDateModel(history, cutoff)
    const test = invoices.filter((inv) => inv.issue_date <= cutoff && inv.paid_at.slice(0, 10) > cutoff)
    let m = 0
    let b = 0
    let c = 0
    for (const inv of test) {
      const actual = inv.paid_at.slice(0, 10)
      const facts = {
        customerId: inv.customer_id,
        issueDate: inv.issue_date,
        dueDate: inv.due_date,
        balanceMinor: inv.amount_minor,
        amountMinor: inv.amount_minor,
      }
      m += Math.abs(daysBetween(predictPaymentDate(fitted, facts, cutoff).date, actual))
      const base = naivePaymentDate(history, cutoff, inv.due_date)
      b += Math.abs(daysBetween(base, actual))
      c += Math.abs(daysBetween(base < cutoff ? cutoff : base, actual))
    }
    console.log(
      `${cutoff}  ${String(test.length).padStart(9)}  ${(m / test.length).toFixed(1).padStart(9)}  ${(b / test.length).toFixed(1).padStart(9)}  ${(c / test.length).toFixed(1).padStart(19)}`,
    )
    n += test.length
    model += m
    naive += b
    clamped += c
  }
  const mae = model / n
  const base = naive / n
  console.log(
    `overall     ${String(n).padStart(9)}  ${mae.toFixed(1).padStart(9)}  ${base.toFixed(1).padStart(9)}  ${(clamped / n).toFixed(1).padStart(19)}`,
  )
  console.log(
    `Model MAE ${mae.toFixed(1)} days vs naive ${base.toFixed(1)} days: ${mae < base ? `beats the baseline by ${(100 * (1 - mae / base)).toFixed(0)}%` : "DOES NOT beat the baseline"}`,
  )
  if (mae >= base) process.exitCode = 1
}
