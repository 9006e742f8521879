// Payer rules: promise outcomes, payment plan schedules, dispute SLAs and evidence limits. Pure, no I/O.
import { addDays, addMonths, calendarDateError, dayWindowError } from "./dates"

export const disputeReasonLabels = {
  pricing: "Pricing is wrong",
  quantity: "Quantity is wrong",
  quality: "Quality problem",
  not_received: "Not received",
  duplicate: "Duplicate invoice",
  other: "Something else",
} as const
export type DisputeReason = keyof typeof disputeReasonLabels

/** Days the finance team has to answer a dispute, by reason: quick checks are quick, quality needs a review. */
export const disputeSlaDays: Record<DisputeReason, number> = {
  duplicate: 2,
  not_received: 3,
  pricing: 5,
  quantity: 5,
  quality: 10,
  other: 7,
}

export function slaDueAt(reason: DisputeReason, openedAt: Date): string {
  return new Date(openedAt.getTime() + disputeSlaDays[reason] * 86_400_000).toISOString()
}

export type SlaState = "due" | "at_risk" | "breached" | "paused" | "closed"

/** A dispute is at risk in its last 24 hours and breached past its due time; closed ones have no timer, paused ones a stopped one. */
export function slaState(slaDue: string, status: string, now: Date, pausedAt: string | null = null): SlaState {
  if (status === "resolved" || status === "rejected") return "closed"
  if (pausedAt) return "paused"
  const left = Date.parse(slaDue) - now.getTime()
  if (left < 0) return "breached"
  if (left < 86_400_000) return "at_risk"
  return "due"
}

export type Frequency = "weekly" | "biweekly" | "monthly"
export const frequencyLabels: Record<Frequency, string> = { weekly: "Every week", biweekly: "Every two weeks", monthly: "Every month" }

// Day arithmetic lives in ./dates; re-exported for the callers that import it from here.

export type Instalment = { seq: number; dueDate: string; amountMinor: number }

/** Splits a balance into `count` instalments; the first ones carry the remainder so the sum is exact. */
export function planInstalments(totalMinor: number, count: number, frequency: Frequency, firstDate: string): Instalment[] {
  const base = Math.floor(totalMinor / count)
  const remainder = totalMinor - base * count
  return Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    dueDate: frequency === "monthly" ? addMonths(firstDate, i) : addDays(firstDate, i * (frequency === "weekly" ? 7 : 14)),
    amountMinor: base + (i < remainder ? 1 : 0),
  }))
}

/**
 * The date reminders count from: under an active plan, the first instalment not yet fully paid;
 * otherwise (no plan, or every instalment paid) the invoice's own due date.
 */
export function reminderAnchorDate(
  invoiceDueDate: string,
  instalments: { dueDate: string; amountMinor: number; paidMinor: number }[],
): string {
  const next = [...instalments].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).find((i) => i.paidMinor < i.amountMinor)
  return next ? next.dueDate : invoiceDueDate
}

export type PromiseOutcome = "open" | "kept" | "broken"

/** Kept once the payments since the promise cover the promised amount (or the invoice is paid); broken the day after the date. */
export function promiseOutcome(
  p: { promisedDate: string; amountMinor: number; paidSinceMinor: number; invoicePaid: boolean },
  today: string,
): PromiseOutcome {
  if (p.invoicePaid || p.paidSinceMinor >= p.amountMinor) return "kept"
  if (today > p.promisedDate) return "broken"
  return "open"
}

/** A promise date must be after today and at most `maxDays` ahead (the policy's promiseMaxDays). */
export function promiseDateError(date: string, today: string, maxDays: number): string | null {
  return calendarDateError(date) ?? dayWindowError(date, today, maxDays, "date")
}

/** How far ahead a payer's plan may start, and the most instalments a plan may have whatever the policy says. */
export const PLAN_FIRST_DATE_MAX_DAYS = 30
export const PLAN_ABSOLUTE_MAX = 24
/** The last instalment of a payer-made plan falls within a year of today, whatever the frequency and count. */
export const PLAN_MAX_SPAN_DAYS = 366

export type PlanRefusal = { field: "first_date" | "count"; message: string }

/** Why a plan's count and first date are refused (the first problem, naming its field), or null when they are fine. */
export function planTermsError(count: number, frequency: Frequency, firstDate: string, today: string): PlanRefusal | null {
  if (!Number.isInteger(count) || count < 2 || count > PLAN_ABSOLUTE_MAX)
    return { field: "count", message: `Choose from 2 to ${PLAN_ABSOLUTE_MAX} instalments.` }
  const dateError = calendarDateError(firstDate) ?? dayWindowError(firstDate, today, PLAN_FIRST_DATE_MAX_DAYS, "first payment date")
  if (dateError) return { field: "first_date", message: dateError }
  const last = planInstalments(count, count, frequency, firstDate).at(-1)!.dueDate
  const latest = addDays(today, PLAN_MAX_SPAN_DAYS)
  if (last > latest)
    return {
      field: "count",
      message: `The last instalment would fall on ${last}; a plan must end by ${latest}. Choose fewer instalments or pay more often.`,
    }
  return null
}

/** Monday of the ISO week of a day, for the weekly adherence report. */
export function weekStart(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`)
  const offset = (d.getUTCDay() + 6) % 7
  return addDays(d.toISOString().slice(0, 10), -offset)
}

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
export const evidenceTypes: Record<string, { label: string; ext: string[] }> = {
  "application/pdf": { label: "PDF", ext: ["pdf"] },
  "image/png": { label: "PNG", ext: ["png"] },
  "image/jpeg": { label: "JPEG", ext: ["jpg", "jpeg"] },
  "text/csv": { label: "CSV", ext: ["csv"] },
}

function startsWith(head: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => head[i] === b)
}

/**
 * Why an evidence file is refused, or null when it is accepted: the size limit, then the declared type and
 * extension, then the file's first bytes (a renamed executable is not a PDF).
 */
export function evidenceError(file: { name: string; type: string; size: number; head: Uint8Array }): string | null {
  if (file.size === 0) return "The file is empty."
  if (file.size > EVIDENCE_MAX_BYTES) return `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`
  const allowed = Object.values(evidenceTypes)
    .map((t) => t.label)
    .join(", ")
  const type = file.type.split(";")[0].trim().toLowerCase()
  const ext = file.name.toLowerCase().split(".").pop() ?? ""
  const rule = evidenceTypes[type] ?? (type === "application/vnd.ms-excel" || type === "" ? evidenceTypes["text/csv"] : undefined)
  if (!rule || !rule.ext.includes(ext)) return `Files of this type are not accepted. Attach a ${allowed} file.`
  const h = file.head
  const ok =
    rule.label === "PDF"
      ? startsWith(h, [0x25, 0x50, 0x44, 0x46])
      : rule.label === "PNG"
        ? startsWith(h, [0x89, 0x50, 0x4e, 0x47])
        : rule.label === "JPEG"
          ? startsWith(h, [0xff, 0xd8, 0xff])
          : !h.slice(0, 512).includes(0)
  return ok ? null : `The file does not look like a ${rule.label} file. Attach a ${allowed} file.`
}

/** The content type stored for accepted evidence (CSV from spreadsheets may arrive as vnd.ms-excel). */
export function evidenceContentType(name: string): string {
  const ext = name.toLowerCase().split(".").pop() ?? ""
  return Object.entries(evidenceTypes).find(([, t]) => t.ext.includes(ext))?.[0] ?? "application/octet-stream"
}
