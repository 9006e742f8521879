// The dispute status machine: which moves finance may make from each status, and how the SLA timer pauses
// while waiting on the payer (by reason) and restarts on a reopen. Pure, no I/O.
import { disputeSlaDays, type DisputeReason } from "./portal-rules"

export const disputeStatusValues = [
  "open",
  "investigating",
  "waiting_on_payer",
  "escalated",
  "pending_credit",
  "resolved",
  "rejected",
] as const
export type DisputeStatus = (typeof disputeStatusValues)[number]

/** Unresolved: the invoice's cadence stays paused and the dispute counts as active. */
export const activeDisputeStatuses = ["open", "investigating", "waiting_on_payer", "escalated", "pending_credit"] as const
export const closedDisputeStatuses = ["resolved", "rejected"] as const

export function isClosedStatus(status: string): boolean {
  return status === "resolved" || status === "rejected"
}

/** A move finance asks for. "resolved" with a credit lands in pending_credit (the approval decides). */
export type DisputeMove = "investigating" | "waiting_on_payer" | "escalated" | "resolved" | "rejected" | "reopened"

const working = ["investigating", "waiting_on_payer", "escalated", "resolved", "rejected"] as const
const allowed: Record<DisputeStatus, readonly DisputeMove[]> = {
  open: working,
  investigating: working.filter((m) => m !== "investigating"),
  waiting_on_payer: working.filter((m) => m !== "waiting_on_payer"),
  escalated: working.filter((m) => m !== "escalated"),
  pending_credit: [],
  resolved: ["reopened"],
  rejected: ["reopened"],
}

export function allowedMoves(status: DisputeStatus): readonly DisputeMove[] {
  return allowed[status]
}

/** Why a move is refused from this status, or null when it is allowed. */
export function moveRefusal(status: DisputeStatus, move: DisputeMove): string | null {
  if (allowed[status].includes(move)) return null
  if (status === "pending_credit") return "A credit for this dispute is waiting for approval."
  if (isClosedStatus(status)) return `This dispute is already ${status}; reopen it first.`
  if (move === "reopened") return "Only a resolved or rejected dispute can be reopened."
  return `This dispute is already ${status.replaceAll("_", " ")}.`
}

/** Whether waiting on the payer stops the reason's SLA clock: evidence the payer owes us pauses it; a duplicate we check ourselves. */
export const slaPausesWhileWaiting: Record<DisputeReason, boolean> = {
  pricing: true,
  quantity: true,
  quality: true,
  not_received: true,
  duplicate: false,
  other: true,
}

export type SlaClock = { slaDueAt: string; slaPausedAt: string | null }

/**
 * The SLA clock after a move at `now`: entering waiting_on_payer pauses it (if the reason's rule says so),
 * leaving a pause moves the due time later by the paused span, and a reopen starts a fresh SLA.
 */
export function clockAfterMove(reason: DisputeReason, clock: SlaClock, next: DisputeStatus | "reopened", now: Date): SlaClock {
  if (next === "reopened")
    return { slaDueAt: new Date(now.getTime() + disputeSlaDays[reason] * 86_400_000).toISOString(), slaPausedAt: null }
  let due = clock.slaDueAt
  if (clock.slaPausedAt) {
    const paused = Math.max(0, now.getTime() - Date.parse(clock.slaPausedAt))
    due = new Date(Date.parse(due) + paused).toISOString()
  }
  const pause = next === "waiting_on_payer" && slaPausesWhileWaiting[reason]
  return { slaDueAt: due, slaPausedAt: pause ? now.toISOString() : null }
}

/** The active statuses as an SQL list (`'open', 'investigating', ...`) for the raw subqueries that test "still disputed". */
export const activeDisputeStatusSql = activeDisputeStatuses.map((s) => `'${s}'`).join(", ")
