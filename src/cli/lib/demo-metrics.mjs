// daily_metrics for the past 12 months, replayed from the seeded invoices and payments in the base currency.
// Same definitions as src/domain/dso.ts and src/services/metrics.ts: open A/R at the end of the day, cash
// received that day, DSO by the countback method over calendar months ending that day (at most 12).
import { addDays, daysBetween } from "./sql.mjs"

const COUNTBACK_MONTHS = 12

/** src/domain/dates addMonths: calendar months, clamped to the month's last day. */
function addMonths(day, months) {
  const [y, m, d] = day.split("-").map(Number)
  const target = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d, last))
  return target.toISOString().slice(0, 10)
}

/** src/domain/dso countbackDso over the months ending `day`; `salesOn(from, to)` sums sales issued in (from, to]. */
function countback(openAr, day, salesOn) {
  const months = Array.from({ length: COUNTBACK_MONTHS }, (_, k) => {
    const after = addMonths(day, -(k + 1))
    const through = addMonths(day, -k)
    return { days: daysBetween(after, through), sales: salesOn(after, through) }
  })
  if (!months.some((m) => m.sales > 0)) return null
  let left = openAr
  let days = 0
  for (const m of months) {
    if (left <= 0) break
    if (left >= m.sales) {
      days += m.days
      left -= m.sales
    } else {
      days += (left / m.sales) * m.days
      left = 0
    }
  }
  return Math.round(days)
}

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
  const salesByDay = new Map()
  for (const inv of inBase) salesByDay.set(inv.issue_date, (salesByDay.get(inv.issue_date) ?? 0) + inv.amount_minor)
  const salesOn = (after, through) => {
    let sum = 0
    for (let d = addDays(after, 1); d <= through; d = addDays(d, 1)) sum += salesByDay.get(d) ?? 0
    return sum
  }
  const rows = []
  for (let back = days; back >= 0; back--) {
    const day = addDays(today, -back)
    let openAr = 0
    let open = 0
    for (const inv of inBase) {
      if (inv.issue_date > day) continue
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
      dso_days: countback(openAr, day, salesOn),
      invoices_open: open,
      sends: 0,
      bounces: 0,
      complaints: 0,
      created_at: createdAt,
    })
  }
  return rows
}
