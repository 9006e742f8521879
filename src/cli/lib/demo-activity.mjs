// Demo collections activity on the seeded ledger: promises to pay (open, kept, broken, cancelled), disputes in
// every status with SLA dates, and notes on customers. Mutates `invoices` to flag unresolved disputes.
import { addDays, at, daysBetween } from "./sql.mjs"

const disputeMessages = {
  pricing: "The unit price does not match our signed quote; please reissue at the contracted rate.",
  quantity: "We were billed for 120 units but received 100.",
  quality: "Part of the shipment arrived damaged; photos sent to your account manager.",
  not_received: "We have no record of receiving these services this month.",
  duplicate: "This looks like a duplicate of an invoice we already paid.",
  other: "Our PO number is missing, so AP cannot match this invoice.",
}
const noteBodies = [
  "Spoke with AP: payment run is every second Thursday.",
  "Customer is switching ERPs this quarter; expect slower approvals.",
  "Renewal conversation scheduled next month. Keep reminders friendly.",
  "CFO asked for a consolidated statement before paying.",
  "Prefers email over phone. Send remittance details with every reminder.",
  "New AP contact after reorganisation; old mailbox may bounce.",
]

export function demoActivity({ orgId, key, invoices, payments, profiles, today, p }) {
  const lastPayment = new Map()
  for (const pay of payments) lastPayment.set(pay.invoice_id, pay.received_at.slice(0, 10))
  const overdueOpen = invoices.filter((i) => i.status === "open" && daysBetween(i.due_date, today) > 3)
  const paidLate = invoices.filter(
    (i) => i.status === "paid" && daysBetween(lastPayment.get(i.id), today) < 300 && daysBetween(i.due_date, lastPayment.get(i.id)) > 3,
  )
  // Kept promises sit in the last quarter, where promise adherence is measured, next to the broken ones.
  const paidLateRecently = paidLate.filter((i) => daysBetween(lastPayment.get(i.id), today) < 85)
  const used = new Set()
  const take = (list) => {
    for (let tries = 0; tries < 200; tries++) {
      const inv = p.pick(list)
      if (!used.has(inv.id)) {
        used.add(inv.id)
        return inv
      }
    }
    return null
  }

  const promises = []
  const promise = (inv, status, promisedDate, createdDay, resolvedAt) => {
    const n = String(promises.length + 1).padStart(4, "0")
    promises.push({
      id: `prm_${key}_${n}`,
      org_id: orgId,
      invoice_id: inv.id,
      customer_id: inv.customer_id,
      amount_minor: inv.balance_minor > 0 ? inv.balance_minor : inv.amount_minor,
      currency: inv.currency,
      promised_date: promisedDate,
      status,
      source: p.pick(["portal", "operator", "email"]),
      created_by: null,
      reminder_sent_at: null,
      created_at: at(createdDay, p),
      resolved_at: resolvedAt,
    })
  }
  for (let i = 0; i < 14; i++) {
    const inv = take(overdueOpen)
    if (inv) promise(inv, "open", addDays(today, p.int(1, 14)), addDays(today, -p.int(1, 8)), null)
  }
  for (let i = 0; i < 12; i++) {
    const inv = take(overdueOpen)
    if (!inv) continue
    const promised = addDays(today, -p.int(3, 60))
    promise(inv, "broken", promised, addDays(promised, -p.int(5, 12)), `${addDays(promised, 1)}T05:15:00.000Z`)
  }
  for (let i = 0; i < 34; i++) {
    const inv = take(paidLateRecently)
    if (!inv) continue
    const paidOn = lastPayment.get(inv.id)
    const promised = addDays(paidOn, p.int(0, 4))
    promise(inv, "kept", promised, addDays(paidOn, -p.int(4, 14)), `${paidOn}T23:00:00.000Z`)
  }
  for (let i = 0; i < 3; i++) {
    const inv = take(overdueOpen)
    if (inv)
      promise(
        inv,
        "cancelled",
        addDays(today, -p.int(5, 30)),
        addDays(today, -p.int(31, 45)),
        `${addDays(today, -p.int(1, 4))}T16:00:00.000Z`,
      )
  }

  const disputes = []
  const reasons = Object.keys(disputeMessages)
  const plan = [
    ["open", 7],
    ["investigating", 6],
    ["pending_credit", 3],
    ["resolved", 7],
    ["rejected", 3],
  ]
  for (const [status, count] of plan) {
    for (let i = 0; i < count; i++) {
      const unresolved = status === "open" || status === "investigating" || status === "pending_credit"
      const inv = take(unresolved ? overdueOpen : paidLate)
      if (!inv) continue
      const reason = reasons[disputes.length % reasons.length]
      const createdDay = unresolved ? addDays(today, -p.int(1, 24)) : addDays(lastPayment.get(inv.id), -p.int(8, 30))
      const createdAt = at(createdDay, p)
      const resolvedDay = unresolved ? null : addDays(createdDay, p.int(3, 12))
      disputes.push({
        id: `dsp_${key}_${String(disputes.length + 1).padStart(4, "0")}`,
        org_id: orgId,
        invoice_id: inv.id,
        customer_id: inv.customer_id,
        reason,
        message: disputeMessages[reason],
        status,
        source: p.pick(["portal", "operator"]),
        stripe_dispute_id: null,
        sla_due_at: `${addDays(createdDay, 10)}${createdAt.slice(10)}`,
        resolution:
          status === "resolved"
            ? "Confirmed the billed amount with the customer; paid in full."
            : status === "rejected"
              ? "Delivery confirmed by signed proof of delivery."
              : null,
        credit_minor: null,
        created_at: createdAt,
        updated_at: resolvedDay ? `${resolvedDay}T17:00:00.000Z` : createdAt,
        resolved_at: resolvedDay ? `${resolvedDay}T17:00:00.000Z` : null,
      })
      if (unresolved) inv.disputed = 1
    }
  }

  const notes = []
  const authors = ["usr_acme_operator", "usr_acme_sales", "usr_acme_csm", "usr_acme_ar_manager"]
  for (let i = 0; i < 28; i++) {
    const cust = p.pick(profiles)
    notes.push({
      id: `note_${key}_${String(i + 1).padStart(4, "0")}`,
      org_id: orgId,
      customer_id: cust.id,
      author_id: p.pick(authors),
      body: p.pick(noteBodies),
      created_at: at(addDays(today, -p.int(1, 120)), p),
    })
  }
  return { promises, disputes, notes }
}
