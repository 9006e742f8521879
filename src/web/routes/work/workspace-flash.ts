// What the Collections workspace says after an action: one wording for the htmx answer (in the inspector) and for
// the redirect without JavaScript (`?done=<code>&v=<value>` on /work/queue). Codes, not free text, travel in URLs.
export const noticeCodes = [
  "promised",
  "noted",
  "plan_active",
  "plan_pending",
  "disputed",
  "link_sent",
  "draft_approved",
  "draft_refused",
  "draft_rejected",
  "owner_set",
  "owner_cleared",
  "nudged",
] as const
export type NoticeCode = (typeof noticeCodes)[number]
export type Notice = { kind: "good" | "warn" | "bad"; text: string }

const wording: Record<NoticeCode, (v: string) => Notice> = {
  promised: (v) => ({ kind: "good", text: `Promise logged for ${v}; reminders for this invoice pause until then.` }),
  noted: () => ({ kind: "good", text: "Note saved." }),
  plan_active: (v) => ({ kind: "good", text: `Payment plan set up: ${v} instalments. Reminders now follow its dates.` }),
  plan_pending: (v) => ({
    kind: "warn",
    text: `The plan of ${v} instalments is beyond the policy's limit, so it waits for approval. Reminders go on until it is approved.`,
  }),
  disputed: () => ({ kind: "good", text: "Dispute opened. Reminders for this invoice pause until it is resolved." }),
  link_sent: (v) => ({ kind: "good", text: `The payer link is on its way to ${v}.` }),
  draft_approved: () => ({ kind: "good", text: "Draft approved and queued." }),
  draft_refused: () => ({ kind: "warn", text: "Draft not approved: the send rule refused it (see why Plixo will not send now)." }),
  draft_rejected: () => ({ kind: "good", text: "Draft rejected." }),
  owner_set: () => ({ kind: "good", text: "Owner saved; the account is in their My accounts." }),
  owner_cleared: () => ({ kind: "good", text: "The account has no owner now." }),
  nudged: () => ({ kind: "good", text: "Nudge requested: it waits as a draft for an Operator to review. Nothing is sent until then." }),
}

/** A value safe to carry in a URL and show back (a date, a count, an address). */
const safeValue = (v: string) => v.replace(/[^\w@.+\- ]/g, "").slice(0, 80)

export function notice(code: NoticeCode, value = ""): Notice {
  return wording[code](safeValue(value))
}

/** The notice a `/work/queue?done=...&v=...` URL asks for, or null. */
export function noticeFromQuery(q: Record<string, string>): Notice | null {
  const code = q.done
  return code && (noticeCodes as readonly string[]).includes(code) ? notice(code as NoticeCode, q.v ?? "") : null
}
