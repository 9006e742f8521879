// Demo invoices and payments: each customer is billed on its own rhythm and pays as its score suggests, so
// every aging bucket fills, DSO and cash-collected trends are real, and some invoices are partly paid or void.
import { addDays, at, daysBetween } from "./sql.mjs"

const methodsByCurrency = {
  USD: [["ach", 5], ["card", 3], ["wire", 2], ["check", 1]],
  CAD: [["eft", 3], ["card", 2], ["wire", 1]],
  GBP: [["bacs_debit", 3], ["wire", 2], ["card", 1]],
  EUR: [["sepa_debit", 3], ["wire", 2], ["card", 1]],
}

/** Days between due date and payment for a customer's score, or null when this invoice is stuck unpaid. */
function payDelay(score, p) {
  if (score >= 80) return p.chance(0.01) ? null : p.int(-6, 6)
  if (score >= 60) return p.chance(0.03) ? null : p.int(-2, 28)
  if (score >= 40) return p.chance(0.08) ? null : p.int(5, 70)
  return p.chance(0.22) ? null : p.int(20, 140)
}

export function demoLedger({ orgId, key, numberPrefix, profiles, today, spanDays, p }) {
  const drafts = []
  for (const cust of profiles) {
    let issue = addDays(today, -spanDays + p.int(0, cust.interval))
    while (daysBetween(issue, today) >= 0) {
      drafts.push({ cust, issue })
      issue = addDays(issue, cust.interval + p.int(-3, 3))
    }
  }
  drafts.sort((a, b) => (a.issue === b.issue ? a.cust.id.localeCompare(b.cust.id) : a.issue.localeCompare(b.issue)))

  const invoices = []
  const payments = []
  const pay = (inv, cust, amount, date) => payments.push({ inv, cust, amount, date })
  drafts.forEach(({ cust, issue }, i) => {
    const n = i + 1
    const due = addDays(issue, cust.terms)
    const amountMinor = Math.max(5_000, Math.round(cust.typicalMajor * (0.7 + p.int(0, 600) / 1000)) * 100 + p.pick([0, 0, 0, 50, 99]))
    const inv = {
      id: `inv_${key}_${String(n).padStart(5, "0")}`,
      org_id: orgId,
      customer_id: cust.id,
      invoice_number: `${numberPrefix}${10000 + n}`,
      stripe_invoice_id: null,
      currency: cust.currency,
      amount_minor: amountMinor,
      balance_minor: amountMinor,
      issue_date: issue,
      due_date: due,
      status: "open",
      disputed: 0,
      source: "seed",
      paid_at: null,
      created_at: `${issue}T12:00:00.000Z`,
      updated_at: `${issue}T12:00:00.000Z`,
    }
    invoices.push(inv)
    const age = daysBetween(issue, today)
    if (age > 20 && p.chance(0.015)) {
      inv.status = "void"
      inv.balance_minor = 0
      inv.updated_at = `${addDays(issue, p.int(2, 15))}T15:00:00.000Z`
      return
    }
    const delay = payDelay(cust.score, p)
    const paidOn = delay === null ? null : [addDays(due, delay), addDays(issue, 1)].sort().pop()
    if (paidOn && daysBetween(paidOn, today) > 0) {
      if (p.chance(0.07) && daysBetween(issue, paidOn) > 12) {
        const first = Math.round(amountMinor * (0.4 + p.int(0, 30) / 100))
        pay(inv, cust, first, addDays(paidOn, -p.int(7, Math.min(25, daysBetween(issue, paidOn) - 1))))
        pay(inv, cust, amountMinor - first, paidOn)
      } else {
        pay(inv, cust, amountMinor, paidOn)
      }
      inv.status = "paid"
      inv.balance_minor = 0
      return
    }
    const overdue = daysBetween(due, today)
    if ((overdue >= 5 && p.chance(0.12)) || (overdue < 0 && age > 3 && p.chance(0.03))) {
      const part = Math.round(amountMinor * (0.25 + p.int(0, 35) / 100))
      const from = overdue >= 5 ? due : issue
      pay(inv, cust, part, addDays(from, p.int(1, Math.max(1, daysBetween(from, today) - 1))))
      inv.balance_minor = amountMinor - part
    }
  })

  payments.sort((a, b) => (a.date === b.date ? a.inv.id.localeCompare(b.inv.id) : a.date.localeCompare(b.date)))
  const paymentRows = []
  const applications = []
  payments.forEach(({ inv, cust, amount, date }, i) => {
    const n = String(i + 1).padStart(5, "0")
    const id = `pay_${key}_${n}`
    const method = p.weighted(methodsByCurrency[inv.currency] ?? methodsByCurrency.USD)
    const receivedAt = at(date, p)
    paymentRows.push({
      id,
      org_id: orgId,
      customer_id: cust.id,
      invoice_id: inv.id,
      amount_minor: amount,
      unapplied_minor: 0,
      refunded_minor: 0,
      currency: inv.currency,
      received_at: receivedAt,
      method,
      reference: method === "check" ? `Check ${p.int(1000, 9999)}` : `Remittance ${inv.invoice_number}`,
      payer_name: cust.name,
      status: "succeeded",
      source: "seed",
      stripe_payment_intent_id: method === "card" ? `pi_demo_${key}_${n}` : null,
      created_at: receivedAt,
    })
    applications.push({ id: `pa_${key}_${n}`, org_id: orgId, payment_id: id, invoice_id: inv.id, amount_minor: amount, applied_by: null, created_at: receivedAt })
    if (inv.status === "paid" && (!inv.paid_at || inv.paid_at < receivedAt)) {
      inv.paid_at = receivedAt
      inv.updated_at = receivedAt
    } else if (inv.status === "open") {
      inv.updated_at = receivedAt
    }
  })
  return { invoices, payments: paymentRows, applications }
}
