// The one send rule: may this outreach go now, and if not, every reason why (a stable code and a sentence) and when.
import { addDays } from "./dates"
import { capsExceeded, type Budget, type CapKind } from "./send-caps"
import { dayIn, jitterMs, nextSendTime, type DeferReason, type QuietWindow } from "./send-window"

/**
 * What is being sent decides which checks apply:
 * - cadence: a reminder of a segment's cadence (drafted or queued by the tick, approved by a person);
 * - manual: a message a person wrote for one invoice (compose);
 * - notification: a payer email caused by the payer's own action (promise confirmation, dispute or plan
 *   acknowledgement): only the address matters, so a promise confirmation is never held by the promise.
 */
export type Purpose = "cadence" | "manual" | "notification"

/** A promise holds reminders until the day after its date; they resume the day after that. */
export const promiseGraceDays = 1

export type SendFacts = {
  purpose: Purpose
  /** Queued by Autopilot, not approved or written by a person: a switch back to Shadow Mode cancels it. */
  automatic: boolean
  /** A person sends a draft of a segment that is not active, as an audited override. */
  override?: boolean
  invoice: { status: "open" | "paid" | "void" | "uncollectible"; balanceMinor: number; disputed: boolean } | null
  /** The latest date of the invoice's open promises (YYYY-MM-DD), if any. */
  promisedDate: string | null
  /** The invoice's active payment plan: the due date of its next unpaid instalment (null when all are paid). */
  plan: { nextDue: string | null } | null
  contactEmail: string | null
  /** A notification that only makes sense while the invoice is open (the day-before promise reminder). */
  needsOpenInvoice?: boolean
  suppression: "bounce" | "complaint" | "unsubscribe" | "manual" | null
  segment: { name: string; status: "draft" | "active" | "paused"; mode: "shadow" | "autopilot"; hasCadence: boolean } | null
  org: { maintenance: boolean; globalMaintenance: boolean; autopilotPaused: boolean; pausedReason: string | null }
  /** The payer's IANA zone: "today" for promises and plans, quiet hours and business days. */
  timeZone: string
  /** Absent: no calendar applies (notifications go at once). */
  calendar?: { quietHours: QuietWindow; businessDaysOnly: boolean; isHoliday: (day: string) => boolean }
  /** The TenantDO's send budgets for a send at that moment; absent where caps are not decided (delivery, notifications). */
  budgetOn?: (at: Date) => Budget
  /** In [0, 1): spreads sends over a few minutes so a batch does not leave at one instant. */
  random?: number
}

export type BlockerCode =
  | "paid"
  | "void"
  | "disputed"
  | "promise_active"
  | "payment_plan_on_track"
  | "no_contact"
  | "suppressed"
  | "unsubscribed"
  | "no_cadence"
  | "segment_not_active"
  | "segment_in_shadow"
  | "maintenance"
  | "autopilot_paused"
  | "reputation_pause"
  | CapKind

/** Every code the rule can answer, in the order it reports them. */
export const blockerCodes: readonly BlockerCode[] = [
  "paid",
  "void",
  "disputed",
  "promise_active",
  "payment_plan_on_track",
  "no_contact",
  "suppressed",
  "unsubscribed",
  "no_cadence",
  "segment_not_active",
  "segment_in_shadow",
  "maintenance",
  "autopilot_paused",
  "reputation_pause",
  "cap_org_day",
  "cap_segment_day",
  "cap_contact_week",
  "cap_domain_warmup",
]

export type Blocker = {
  code: BlockerCode
  message: string /** Local day from which this reason no longer holds, when known. */
  until?: string
}
export type Wait = { code: DeferReason; message: string }

export type RuleAnswer = {
  /** Every reason the outreach may not go; empty means it may go at `sendAt`. */
  blockers: Blocker[]
  /** Why `sendAt` is later than now (quiet hours, weekend, holiday). */
  waits: Wait[]
  /** The earliest allowed moment by the calendar, jitter included. */
  sendAt: Date
}

/** Caps are not a verdict on the invoice: a capped send may go on a later day. */
export const capCodes: readonly BlockerCode[] = ["cap_org_day", "cap_segment_day", "cap_contact_week", "cap_domain_warmup"]
/** Reasons that clear by themselves (the operator switches them back): delivery keeps such a send queued. */
export const holdCodes: readonly BlockerCode[] = ["maintenance"]

const waitText: Record<DeferReason, string> = {
  quiet_hours: "It is within the quiet hours in the payer's time zone.",
  non_business_day: "It is not a business day in the payer's time zone.",
  holiday: "It is a public holiday in the payer's country.",
}

/** A reputation pause is written by the bounce and complaint guard with this prefix (services/email-events). */
export const reputationPausePrefix = "Paused automatically:"

const segmentName = (f: SendFacts) => (f.segment?.name ? `The ${f.segment.name} segment` : "The segment")

function describe(code: BlockerCode, f: SendFacts, today: string): Blocker {
  switch (code) {
    case "paid":
      return { code, message: "The invoice is paid: nothing is left to collect." }
    case "void":
      return { code, message: `The invoice is ${f.invoice?.status === "uncollectible" ? "written off" : "void"}: it is no longer chased.` }
    case "disputed":
      return { code, message: "The invoice is disputed: reminders wait until the dispute is resolved." }
    case "promise_active": {
      const until = addDays(f.promisedDate!, promiseGraceDays + 1)
      return { code, until, message: `The customer promised to pay by ${f.promisedDate}: reminders resume on ${until} if it is not paid.` }
    }
    case "payment_plan_on_track":
      return f.plan?.nextDue
        ? { code, until: f.plan.nextDue, message: `A payment plan is on track: the next instalment is due ${f.plan.nextDue}.` }
        : { code, message: "A payment plan covers the invoice and every instalment is paid." }
    case "no_contact":
      return { code, message: "The customer has no contact email to send to." }
    case "suppressed":
      return {
        code,
        message: `${f.contactEmail ? `The address ${f.contactEmail}` : "The address"} is on the suppression list (${f.suppression ?? "manual"}).`,
      }
    case "unsubscribed":
      return { code, message: `The payer unsubscribed ${f.contactEmail ?? "this address"} from these emails.` }
    case "no_cadence":
      return { code, message: `${segmentName(f)} has no published cadence to send from.` }
    case "segment_not_active":
      return {
        code,
        message: `${segmentName(f)} is ${f.segment!.status === "paused" ? "paused" : "a draft"}: its drafts are not sent until it is active again (or sent as an audited override).`,
      }
    case "segment_in_shadow":
      return { code, message: `${segmentName(f)} is back in Shadow Mode: reminders wait for review instead of going out automatically.` }
    case "maintenance":
      return {
        code,
        message: f.org.globalMaintenance
          ? "Plixo is in maintenance: nothing is sent until it ends."
          : "The organisation is in maintenance: nothing is sent until it ends.",
      }
    case "autopilot_paused":
      return { code, message: `Autopilot is paused for the organisation${f.org.pausedReason ? ` (${f.org.pausedReason})` : ""}.` }
    case "reputation_pause":
      return {
        code,
        message: `Autopilot is paused to protect the sender's reputation: ${(f.org.pausedReason ?? "").slice(reputationPausePrefix.length).trim() || "bounces or complaints"}.`,
      }
    case "cap_org_day":
      return { code, until: addDays(today, 1), message: "The organisation's daily send cap is reached." }
    case "cap_segment_day":
      return { code, until: addDays(today, 1), message: `${segmentName(f)}'s daily send cap is reached.` }
    case "cap_contact_week":
      return { code, message: "This contact has had the most reminders a week allows." }
    case "cap_domain_warmup":
      return { code, until: addDays(today, 1), message: "The sending domain's warm-up volume for today is reached." }
  }
}

/** The reasons that hold for the facts, without caps (they need the send day). */
function reasons(f: SendFacts, today: string): BlockerCode[] {
  const out: BlockerCode[] = []
  const inv = f.invoice
  const payerEmail = f.purpose === "notification"
  if (inv && (!payerEmail || f.needsOpenInvoice)) {
    if (inv.status === "void" || inv.status === "uncollectible") out.push("void")
    else if (inv.status !== "open" || inv.balanceMinor <= 0) out.push("paid")
  }
  if (!payerEmail && inv) {
    if (inv.disputed) out.push("disputed")
    if (f.promisedDate && today <= addDays(f.promisedDate, promiseGraceDays)) out.push("promise_active")
    if (f.plan && (f.plan.nextDue === null || f.plan.nextDue > today)) out.push("payment_plan_on_track")
  }
  if (!f.contactEmail) out.push("no_contact")
  if (f.suppression === "unsubscribe") out.push("unsubscribed")
  else if (f.suppression) out.push("suppressed")
  if (f.purpose === "cadence" && f.segment) {
    if (!f.segment.hasCadence) out.push("no_cadence")
    if (f.segment.status !== "active" && !f.override) out.push("segment_not_active")
    if (f.automatic && f.segment.mode === "shadow") out.push("segment_in_shadow")
  }
  if (f.org.maintenance || f.org.globalMaintenance) out.push("maintenance")
  if (f.purpose === "cadence" && f.automatic && f.org.autopilotPaused)
    out.push(f.org.pausedReason?.startsWith(reputationPausePrefix) ? "reputation_pause" : "autopilot_paused")
  return out
}

/** Answers "may this outreach go now, and if not, why and when" for every entry point with the same facts. */
export function sendRule(f: SendFacts, now: Date): RuleAnswer {
  const today = dayIn(now, f.timeZone)
  const codes = reasons(f, today)
  let sendAt = now
  const waits: Wait[] = []
  if (f.calendar) {
    const slot = nextSendTime(now, f.calendar, f.timeZone)
    sendAt = slot.at
    if (slot.deferred) waits.push({ code: slot.deferred, message: `${waitText[slot.deferred]} It may go at ${slot.at.toISOString()}.` })
  }
  if (f.random !== undefined) sendAt = new Date(sendAt.getTime() + jitterMs(f.random))
  if (f.budgetOn) codes.push(...capsExceeded(f.budgetOn(sendAt)))
  return { blockers: codes.map((c) => describe(c, f, today)), waits, sendAt }
}

/** Every reason the outreach may not go (the brief's name for the rule's verdict). */
export function sendBlockers(f: SendFacts, now: Date): Blocker[] {
  return sendRule(f, now).blockers
}

/** The sentence for a code when only the code is known (a stored skip reason, an old refusal). */
export function blockerSentence(code: string): string {
  const f: SendFacts = {
    purpose: "cadence",
    automatic: true,
    invoice: { status: "open", balanceMinor: 1, disputed: false },
    promisedDate: "1970-01-01",
    plan: null,
    contactEmail: null,
    suppression: null,
    segment: { name: "", status: "paused", mode: "shadow", hasCadence: false },
    org: { maintenance: false, globalMaintenance: false, autopilotPaused: true, pausedReason: null },
    timeZone: "UTC",
  }
  if (code === "promise_active") return "The customer promised to pay: reminders wait until the promised date has passed."
  return (blockerCodes as readonly string[]).includes(code) ? describe(code as BlockerCode, f, "1970-01-01").message : code
}
