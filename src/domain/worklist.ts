// How the Collections worklist ranks an open invoice and what it recommends, with the reasons in words.
// Priority (0-100) approximates the cash a person's touch can move today: the balance (log scale, so a $48k
// invoice outranks a $480 one without burying everything else), how late it is against how late this
// customer usually pays, the customer's risk, and today's signals (a broken promise, a reply waiting, a promise
// due, an escalation, a draft). A live promise lowers it: the right action there is to wait.
import { daysPastDue } from "./aging"
import { formatMoney } from "./money"

export type WorklistFacts = {
  balanceMinor: number
  currency: string
  dueDate: string
  riskScore: number | null
  usualDaysLate: number | null
  predictedDate: string | null
  disputed: boolean
  disputeSlaRisk: boolean
  promiseDueToday: boolean
  promiseBroken: boolean
  lastBrokenPromise: string | null
  openPromiseDate: string | null
  replyWaiting: boolean
  replySuggestsDate: boolean
  escalationDue: boolean
  draftWaiting: boolean
  hasContact: boolean
}

export const recommendedActions = [
  "send_next_step",
  "call",
  "log_promise",
  "offer_plan",
  "escalate",
  "open_dispute",
  "wait_for_promise",
  "review_draft",
  "work_dispute",
  "answer_reply",
] as const
export type RecommendedAction = (typeof recommendedActions)[number]

export const actionLabels: Record<RecommendedAction, string> = {
  send_next_step: "Send the next step now",
  call: "Call the customer",
  log_promise: "Log the promise from the reply",
  offer_plan: "Offer a payment plan",
  escalate: "Escalate to the A/R Manager",
  open_dispute: "Open a dispute",
  wait_for_promise: "Wait for the promise",
  review_draft: "Review the draft",
  work_dispute: "Work the dispute",
  answer_reply: "Answer the reply",
}

export type Ranked = { priorityScore: number; reasons: string[]; action: RecommendedAction; actionReasons: string[] }

const days = (n: number) => `${n} day${Math.abs(n) === 1 ? "" : "s"}`

function whenWords(day: string, today: string): string {
  const ago = daysPastDue(day, today)
  if (ago <= 1) return "yesterday"
  if (ago <= 7) return "last week"
  return `${days(ago)} ago`
}

export function rankInvoice(f: WorklistFacts, today: string): Ranked {
  const late = daysPastDue(f.dueDate, today)
  const major = f.balanceMinor / 100
  let score = 30 * Math.min(1, Math.log10(Math.max(1, major)) / 5)
  score += 25 * Math.min(1, Math.max(0, late) / 90)
  if (f.riskScore !== null) score += 15 * ((100 - f.riskScore) / 100)
  if (f.usualDaysLate !== null && late > f.usualDaysLate + 7) score += 5
  if (f.promiseBroken) score += 15
  if (f.replyWaiting) score += 12
  if (f.promiseDueToday) score += 10
  if (f.escalationDue) score += 10
  if (f.disputeSlaRisk) score += 8
  if (f.draftWaiting) score += 5
  if (f.openPromiseDate && !f.promiseDueToday) score -= 20
  const priorityScore = Math.max(0, Math.min(100, Math.round(score)))

  const reasons = [
    formatMoney(f.balanceMinor, f.currency),
    late > 0 ? `${days(late)} late` : late === 0 ? "due today" : `due in ${days(-late)}`,
  ]
  if (f.usualDaysLate !== null) reasons.push(f.usualDaysLate <= 0 ? "usually pays on time" : `usually pays ${days(f.usualDaysLate)} late`)
  if (f.promiseBroken)
    reasons.push(f.lastBrokenPromise ? `broken promise ${whenWords(f.lastBrokenPromise, today)}` : "broken promise not followed up")
  if (f.promiseDueToday) reasons.push("promised for today")
  else if (f.openPromiseDate) reasons.push(`promised for ${f.openPromiseDate}`)
  if (f.replyWaiting) reasons.push(f.replySuggestsDate ? "reply waiting that names a date" : "reply waiting")
  if (f.escalationDue) reasons.push("escalation due")
  if (f.disputeSlaRisk) reasons.push("dispute near its SLA")
  else if (f.disputed) reasons.push("in dispute")
  if (f.draftWaiting) reasons.push("draft waiting for review")
  if (f.riskScore !== null && f.riskScore < 40) reasons.push(`high risk (score ${f.riskScore})`)
  return { priorityScore, reasons, ...recommend(f, late) }
}

/** The next best action, deterministic: the first rule that applies, with the facts that made it apply. */
export function recommend(f: WorklistFacts, late: number): { action: RecommendedAction; actionReasons: string[] } {
  if (f.disputed)
    return {
      action: "work_dispute",
      actionReasons: [f.disputeSlaRisk ? "The dispute's SLA ends within 48 hours." : "Reminders are paused while the dispute is open."],
    }
  if (f.replyWaiting) {
    return f.replySuggestsDate
      ? { action: "log_promise", actionReasons: ["The payer replied with a date; confirm it as a promise so reminders pause."] }
      : { action: "answer_reply", actionReasons: ["The payer replied and nobody has answered yet."] }
  }
  if (f.openPromiseDate && !f.promiseDueToday)
    return {
      action: "wait_for_promise",
      actionReasons: [`The customer promised to pay by ${f.openPromiseDate}; a reminder now would break trust.`],
    }
  if (f.promiseDueToday)
    return { action: "wait_for_promise", actionReasons: ["The promise falls due today; check tomorrow whether the payment arrived."] }
  const risky = f.riskScore !== null && f.riskScore < 40
  if (f.escalationDue && late > 60 && risky)
    return { action: "escalate", actionReasons: [`${days(late)} late with no response, and the customer is high risk.`] }
  if (f.promiseBroken || f.escalationDue)
    return {
      action: "call",
      actionReasons: [
        f.promiseBroken
          ? "A promise was broken; a call gets a new date faster than an email."
          : "No response to the reminders; call the customer.",
      ],
    }
  if (!f.hasContact) return { action: "call", actionReasons: ["No email contact on file; call to get one."] }
  if (f.draftWaiting) return { action: "review_draft", actionReasons: ["A reminder is drafted and waits for review (Shadow Mode)."] }
  if (late > 60 && f.balanceMinor >= 500_000)
    return { action: "offer_plan", actionReasons: [`${days(late)} late on a large balance; a plan often gets cash moving.`] }
  if (f.usualDaysLate !== null && late <= f.usualDaysLate)
    return {
      action: "send_next_step",
      actionReasons: [`Within this customer's usual ${days(Math.max(0, f.usualDaysLate))}; a friendly next step is enough.`],
    }
  return {
    action: "send_next_step",
    actionReasons: [late > 0 ? `${days(late)} late; the cadence's next step is due.` : "Not yet overdue; the cadence handles it."],
  }
}
