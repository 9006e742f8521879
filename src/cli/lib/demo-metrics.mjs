// daily_metrics for the past 12 months, replayed from the seeded invoices and payments in the base currency.
// Same definitions as src/domain/dso.ts and src/services/metrics.ts: open A/R at the end of the day, cash
// received that day, DSO = open A/R / credit sales of the trailing 90 days x 90.
import { addDays, daysBetween } from "./sql.mjs"

const DSO_WINDOW_DAYS = 90

export function demoDailyMetrics({ orgId, currency, invoices, payments, today, days = 365, createdAt }) {
  const inBase = invoices.filter((i) => i.currency === currency && i.status !== "void")
  const paidBy = new Map() // invoice id -> [{ day, amount }]
  const cashByDay = new Map()
  for (const pay of payments) {
    if (pay.currency !== currency) continue
    const day = pay.received_at.slice(0, 10)
    cashByDay.set(day, (cashByDay.get(day) ?? 0) + pay.amount_minor)
    if (!paidBy.has(pay.invoice_id)) paidBy.set(pay.invoice_id, [])
    paidBy.get(pay.invoice_id).push({ day, amount: pay.amount_minor })
  }
  const rows = []
  for (let back = days; back >= 0; back--) {
    const day = addDays(today, -back)
    let openAr = 0
    let open = 0
    let sales = 0
    for (const inv of inBase) {
      if (inv.issue_date > day) continue
      if (daysBetween(inv.issue_date, day) < DSO_WINDOW_DAYS) sales += inv.amount_minor
      const paid = (paidBy.get(inv.id) ?? []).reduce((s, x) => (x.day <= day ? s + x.amount : s), 0)
      const remaining = inv.amount_minor - paid
      if (remaining > 0) {
        openAr += remaining
        open += 1
      }
    }
    rows.push({
      org_id: orgId,
      day,
      currency,
      open_ar_minor: openAr,
      cash_collected_minor: cashByDay.get(day) ?? 0,
      dso_days: sales > 0 ? Math.round((openAr / sales) * DSO_WINDOW_DAYS) : null,
      invoices_open: open,
      sends: 0,
      bounces: 0,
      complaints: 0,
      created_at: createdAt,
    })
  }
  return rows
}
