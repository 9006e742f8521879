// Which invoices a tick looks at: the claim plus the watermark reconcile in one round trip, the due rows from the
// TenantDO's cadence state read from D1 by id, and the next action each invoice gets after the tick decided.
import { tickRuns } from "../db/schema"
import type { Db } from "../db/client"
import { changeLimit, changesSince, type FactChange } from "../db/cadence-changes"
import { addDays } from "../domain/dates"
import { afterSkip, earlier, nextStep, type NextAction } from "../domain/cadence-next"
import { reachedStep } from "../domain/catch-up"
import { dayIn } from "../domain/send-window"
import { CadenceState } from "./cadence-state"
import type { SendLedger } from "./ledger"
import type { SegmentPlan, TickContext } from "./tick-context"
import { tickPage, type TickRow } from "./tick-query"
import { payerZone } from "./send-facts"

/** Send ledger rows older than this are pruned (the widest budget is the contact's ISO week). */
export const ledgerKeepDays = 14
/** Writers' clocks and the tick's may differ a little: the reconcile looks back this much further. */
const clockSkewMs = 5_000

/** Claims the tick key and, in the same D1 batch, lists what changed since the last tick; false for a duplicate tick. */
export async function claimAndReconcile(
  db: Db,
  state: CadenceState,
  orgId: string,
  tickKey: string,
  now: Date,
  started: number,
): Promise<boolean> {
  const since = state.meta("watermark")
  const claim = db
    .insert(tickRuns)
    .values({ orgId, tickKey, startedAt: now.toISOString() })
    .onConflictDoNothing()
    .returning({ key: tickRuns.tickKey })
  let claimed: { key: string }[]
  let changes: FactChange[] = []
  if (since) {
    const [a, b] = changesSince(db, orgId, since)
    const [c, x, y] = await db.batch([claim, a, b])
    claimed = c
    changes = [...x, ...y]
  } else claimed = await claim
  if (claimed.length === 0) return false
  state.reconcile(changes, changeLimit)
  state.setMeta("watermark", new Date(started - clockSkewMs).toISOString())
  return true
}

export type DuePage = { rows: TickRow[]; gone: string[]; more: boolean; last: string | null; queried: boolean }

/**
 * The next page of due invoices, read from D1 by id in one statement (not a batch: D1 batches key rows by column
 * name, which mixes up the invoice's and the contact's id); `gone` are due ids D1 no longer has open and owned.
 */
export async function dueRows(
  db: Db,
  state: CadenceState,
  orgId: string,
  ctx: TickContext,
  orgToday: string,
  nowIso: string,
  after: string | null,
  pageSize: number,
): Promise<DuePage> {
  const ids = state.due(nowIso, pageSize, after)
  if (ids.length === 0) return { rows: [], gone: [], more: false, last: after, queried: false }
  const rows = await tickPage(db, orgId, ctx.candidates, orgToday, null, ids.length, ids)
  const seen = new Set(rows.map((r) => r.id))
  return { rows, gone: ids.filter((id) => !seen.has(id)), more: ids.length === pageSize, last: ids[ids.length - 1]!, queried: true }
}

/** `stepped` names the step this tick took (its key is not in the row's reminder keys yet). */
export type Outcome = { kind: "waiting" } | { kind: "stepped"; position: number } | { kind: "skipped"; reason: string }

/** What the invoice waits for after this tick; null when it leaves the cadence (paid). */
export function nextActionFor(row: TickRow, seg: SegmentPlan | null, ctx: TickContext, outcome: Outcome, now: Date): NextAction | null {
  const tz = payerZone(row.contactTz, row.customerTz, ctx.org.timeZone)
  const today = dayIn(now, tz)
  if (outcome.kind === "skipped")
    return afterSkip(outcome.reason, { now, today, timeZone: tz, orgTimeZone: ctx.org.timeZone, promisedDate: row.promisedDate })
  if (!seg) return null
  const [planDate, planSeq] = row.planActive && row.planNext ? row.planNext.split("|") : []
  const anchor = planDate ?? row.dueDate
  const lastSentDay = row.lastSent ? dayIn(new Date(row.lastSent.split("|")[0]!), tz) : null
  const reached = reachedStep((row.reminderKeys ?? "").split(" "), row.id, planDate ? `plan${planSeq}` : "")
  const progress =
    outcome.kind === "stepped"
      ? // An Autopilot send goes today (or in the next window); a Shadow draft is not a sent reminder.
        { reached: outcome.position, lastSentDay: seg.mode === "autopilot" ? today : lastSentDay }
      : { reached, lastSentDay }
  let action = nextStep(seg.steps, anchor, today, tz, progress)
  if (seg.escalateAfterDays) {
    const wait = seg.escalateAfterDays * 86_400_000
    let at: number | null = null
    if (outcome.kind === "stepped") at = now.getTime() + wait
    else if (row.lastSent) {
      const [sentAt] = row.lastSent.split("|")
      const answered = row.lastResponseAt && sentAt && row.lastResponseAt >= sentAt
      const due = sentAt ? Date.parse(sentAt) + wait : NaN
      if (!answered && due > now.getTime()) at = due
    }
    action = earlier(
      action,
      at ? { at: new Date(at), why: `no-response check ${seg.escalateAfterDays} days after the last reminder` } : null,
    )
  }
  return action
}

/** After a full derivation: remember the day (aging moves ownership daily) and prune the send ledger once a day. */
export function rebuildDone(state: CadenceState, ledger: SendLedger, ctx: TickContext, now: Date, startedIso: string): void {
  const today = dayIn(now, ctx.org.timeZone)
  state.setMeta("built_day", today)
  state.setMeta("built_at", startedIso)
  state.setMeta("time_zone", ctx.org.timeZone)
  if (state.meta("pruned_day") !== today) {
    ledger.prune(addDays(today, -ledgerKeepDays))
    state.setMeta("pruned_day", today)
  }
}
