// Demo invoices and payments: each customer is billed on its own rhythm and pays by its own habit (score, size, trend, pay-run day), so
// every aging bucket fills, DSO and cash-collected trends are real, and some invoices are partly paid or void.
import { addDays, at, daysBetween } from "./sql.mjs"

const methodsByCurrency = {
  USD: [
    ["ach", 5],
    ["card", 3],
    ["wire", 2],
    ["check", 1],
  ],
  CAD: [
    ["eft", 3],
    ["card", 2],
    ["wire", 1],
  ],
  GBP: [
    ["bacs_debit", 3],
    ["wire", 2],
    ["card", 1],
  ],
  EUR: [
    ["sepa_debit", 3],
    ["wire", 2],
    ["card", 1],
  ],
}

/**
 * Each customer's own paying habit, so the history has the structure real ledgers show: a usual delay set by the
 * customer's score (with its own spread), bigger invoices waiting longer for approval, some customers sliding
 * (or improving) over the year, and AP teams that pay only on their weekly payment-run day.
 */
function payingHabit(score, p) {
  const [lo, hi, spread] = score >= 80 ? [-4, 3, 2] : score >= 60 ? [2, 16, 5] : score >= 40 ? [12, 38, 9] : [30, 75, 16]
  return {
    usual: p.int(lo, hi),
    spread: p.int(Math.max(1, spread - 2), spread + 2),
    sizeDays: p.int(0, score >= 80 ? 2 : 7),
    driftPerYear: p.weighted([
      [0, 6],
      [p.int(8, 30), 3],
      [-p.int(5, 15), 1],
    ]),
    payRunDay: p.chance(0.4) ? p.int(1, 5) : null,
    stuck: score >= 80 ? 0.01 : score >= 60 ? 0.03 : score >= 40 ? 0.08 : 0.22,
  }
}

/** Days between due date and payment for this invoice, or null when it is stuck unpaid. */
function payDelay(habit, { amountMinor, typicalMinor, yearsAgo }, p) {
  if (p.chance(habit.stuck)) return null
  // A triangular draw (sum of two uniforms) around the usual delay: most payments land near it, a few far off.
  const noise = Math.round((p.rng() + p.rng() - 1) * habit.spread * 1.7)
  const size = Math.round(habit.sizeDays * Math.log2(Math.max(0.25, amountMinor / typicalMinor)))
  const drift = Math.round(-habit.driftPerYear * yearsAgo)
  return habit.usual + noise + size + drift
}

/** The customer's next payment-run weekday (1 = Monday) on or after `date`. */
function onPayRun(date, weekday) {
  if (weekday === null) return date
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay()
  return addDays(date, (weekday - dow + 7) % 7)
}

export function demoLedger({ orgId, key, numberPrefix, profiles, today, spanDays, p }) {
  const drafts = []
  const habits = new Map(profiles.map((cust) => [cust.id, payingHabit(cust.score, p)]))
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
    const habit = habits.get(cust.id)
    const delay = payDelay(habit, { amountMinor, typicalMinor: cust.typicalMajor * 100, yearsAgo: age / 365 }, p)
    const paidOn = delay === null ? null : onPayRun([addDays(due, delay), addDays(issue, 1)].sort().pop(), habit.payRunDay)
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
    applications.push({
      id: `pa_${key}_${n}`,
      org_id: orgId,
      payment_id: id,
      invoice_id: inv.id,
      amount_minor: amount,
      applied_by: null,
      created_at: receivedAt,
    })
    if (inv.status === "paid" && (!inv.paid_at || inv.paid_at < receivedAt)) {
      inv.paid_at = receivedAt
      inv.updated_at = receivedAt
    } else if (inv.status === "open") {
      inv.updated_at = receivedAt
    }
  })
  return { invoices, payments: paymentRows, applications }
}
