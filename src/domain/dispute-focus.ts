// Today's Focus on the Disputes workspace: the five cards (breaching today, waiting on evidence, credit awaiting
// approval, new since yesterday, escalated to Legal) and which active disputes each one holds. Pure.
import { dayStart } from "./cadence-next"
import { addDays } from "./dates"
import { missingRequired } from "./dispute-evidence"
import type { DisputeReason } from "./portal-rules"
import { dayIn } from "./send-window"

export const focusKeys = ["breaching_today", "waiting_on_evidence", "credit_awaiting", "new_since_yesterday", "escalated"] as const
export type FocusKey = (typeof focusKeys)[number]
export const focusLabels: Record<FocusKey, string> = {
  breaching_today: "Breaching today",
  waiting_on_evidence: "Waiting on evidence",
  credit_awaiting: "Credit awaiting approval",
  new_since_yesterday: "New since yesterday",
  escalated: "Escalated to Legal",
}

export type FocusRow = {
  id: string
  reason: DisputeReason
  status: string
  createdAt: string
  slaDueAt: string
  slaPausedAt: string | null
}

/** Whether an active dispute belongs on a card: breaching today = running clock due before the end of today (or past). */
export function inFocus(key: FocusKey, r: FocusRow, slots: readonly { slot: string | null }[], now: Date, timeZone: string): boolean {
  switch (key) {
    case "breaching_today":
      return !r.slaPausedAt && Date.parse(r.slaDueAt) < dayStart(addDays(dayIn(now, timeZone), 1), timeZone).getTime()
    case "waiting_on_evidence":
      return missingRequired(r.reason, slots).length > 0
    case "credit_awaiting":
      return r.status === "pending_credit"
    case "new_since_yesterday":
      return Date.parse(r.createdAt) >= now.getTime() - 86_400_000
    case "escalated":
      return r.status === "escalated"
  }
}
