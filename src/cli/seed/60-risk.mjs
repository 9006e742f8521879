// Seed part 60 (risk): each demo customer's risk score as the daily cron would compute it from part 10's payment
// history, promises and disputes (domain/risk-score.ts itself, bundled for node), so the Collections workspace
// and segment score filters show real figures before the first cron run. Only customers not yet scored change.
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { loadTs } from "../eval/_load-ts.mjs"
import { addDays, daysBetween, seededRandom, seedFromName } from "../lib/sql.mjs"
import { rows } from "./10-base.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")

export async function build(ctx) {
  const { scoreCustomers } = await loadTs(join(root, "src", "domain", "risk-score.ts"))
  const base = rows({ ...ctx, rng: seededRandom(seedFromName("10-base.mjs")) })
  const { today, q } = ctx
  const statements = []
  for (const orgId of new Set(base.organisations.map((o) => o.id))) {
    const history = base.invoices
      .filter((i) => i.org_id === orgId && i.status === "paid" && i.paid_at && i.paid_at.slice(0, 10) >= addDays(today, -540))
      .map((i) => ({ customerId: i.customer_id, dueDate: i.due_date, paidDate: i.paid_at.slice(0, 10), amountMinor: i.amount_minor }))
    const signals = new Map()
    const of = (id) =>
      signals.get(id) ?? signals.set(id, { oldestOverdueDays: 0, brokenPromises: 0, keptPromises: 0, disputes: 0, bounces: 0 }).get(id)
    for (const i of base.invoices) {
      if (i.org_id !== orgId || i.status !== "open" || i.balance_minor <= 0 || i.due_date >= today) continue
      of(i.customer_id).oldestOverdueDays = Math.max(of(i.customer_id).oldestOverdueDays, daysBetween(i.due_date, today))
    }
    for (const p of base.promises) {
      if (p.org_id !== orgId || p.promised_date < addDays(today, -180)) continue
      if (p.status === "broken") of(p.customer_id).brokenPromises++
      if (p.status === "kept") of(p.customer_id).keptPromises++
    }
    for (const d of base.disputes) if (d.org_id === orgId && d.created_at.slice(0, 10) >= addDays(today, -365)) of(d.customer_id).disputes++
    for (const r of scoreCustomers(history, signals, today)) {
      if (r.score === null) continue
      statements.push(
        `UPDATE customers SET risk_score = ${r.score}, risk_factors = ${q(JSON.stringify(r.factors))}, risk_scored_at = ${q(ctx.now)} WHERE org_id = ${q(orgId)} AND id = ${q(r.customerId)} AND risk_scored_at IS NULL;`,
      )
    }
  }
  return statements
}
