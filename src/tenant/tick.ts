// The Autopilot tick for one organisation: due steps -> guardrails -> Shadow drafts or queued sends, escalations.
import { and, eq } from "drizzle-orm"
import { chunk, createDb, rowsPerInsert, type Db } from "../db/client"
import { newId } from "../db/ids"
import { outreach, tasks, tickRuns } from "../db/schema"
import { reachedStep, stepForToday } from "../domain/catch-up"
import { alreadyReached, reminderKey } from "../domain/cadence-schedule"
import { sendRule } from "../domain/send-rule"
import { dayIn, type DeferReason } from "../domain/send-window"
import type { BudgetBook, SendLedger } from "./ledger"
import { payerZone, tickRowSendFacts } from "./send-facts"
import { loadTickContext, type SegmentPlan, type TickContext } from "./tick-context"
import { tickPage, type Cursor, type TickRow } from "./tick-query"
import { enqueueSafely, type Delivery } from "./enqueue"
import { CadenceState, type StateRow } from "./cadence-state"
import { claimAndReconcile, dueRows, nextActionFor, rebuildDone, type DuePage } from "./tick-scope"

export type TickSummary = {
  tick_key: string
  duplicate: boolean
  drafted: number
  queued: number
  escalated: number
  skipped: Record<string, number>
  deferred: Partial<Record<DeferReason, number>>
  invoices_seen: number
  /** Rows the tick had to look at: the due ones, or the whole portfolio when it is derived again. */
  due: number
  /** D1 round trips. */
  queries: number
  ms: number
}

export type TickOptions = { pageSize?: number; random?: () => number }

type OutreachInsert = typeof outreach.$inferInsert
type TaskInsert = typeof tasks.$inferInsert

export { limitsFor, payerZone } from "./send-facts"

export async function runTick(
  env: Env,
  ledger: SendLedger,
  state: CadenceState,
  orgId: string,
  tickKey: string,
  now: Date,
  opts: TickOptions = {},
): Promise<TickSummary> {
  const started = Date.now()
  const startedIso = new Date(started).toISOString()
  const db = createDb(env.DB)
  const random = opts.random ?? Math.random
  const pageSize = opts.pageSize ?? 1000
  const summary: TickSummary = {
    tick_key: tickKey,
    duplicate: false,
    drafted: 0,
    queued: 0,
    escalated: 0,
    skipped: {},
    deferred: {},
    invoices_seen: 0,
    due: 0,
    queries: 0,
    ms: 0,
  }
  const skip = (reason: string) => (summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1)
  const nowIso = now.toISOString()

  summary.queries++
  if (!(await claimAndReconcile(db, state, orgId, tickKey, now, started))) return { ...summary, duplicate: true, ms: Date.now() - started }
  const rebuild = state.needsRebuild((tz) => dayIn(now, tz))
  // Nothing due and nothing to re-derive: the tick costs the claim and its closing update.
  if (!rebuild && state.due(nowIso, 1, null).length === 0) return finish(db, summary, orgId, tickKey, started)

  summary.queries += 2
  const ctx = await loadTickContext(db, orgId, now)
  if (!ctx || ctx.candidates.length === 0) {
    state.clear()
    if (ctx) rebuildDone(state, ledger, ctx, now, startedIso)
    return finish(db, summary, orgId, tickKey, started)
  }
  const orgToday = dayIn(now, ctx.org.timeZone)
  if (rebuild) state.clear()

  let cursor: Cursor = null
  let afterId: string | null = null
  // One email per customer per day: the first Autopilot send to a contact reserves the budget and sets the time; the
  // customer's other reminders of this tick ride with it (delivery sends them as one email), so caps count one email.
  const leadSend = new Map<string, Date>()
  for (;;) {
    const page: DuePage = rebuild
      ? {
          rows: await tickPage(db, orgId, ctx.candidates, orgToday, cursor, pageSize),
          gone: [] as string[],
          more: false,
          last: null,
          queried: true,
        }
      : await dueRows(db, state, orgId, ctx, orgToday, nowIso, afterId, pageSize)
    if (page.queried) summary.queries++
    const rows = page.rows
    if (rebuild && rows.length === 0) break
    if (!rebuild) {
      state.forget(page.gone, startedIso)
      if (rows.length === 0 && !page.more) break
      afterId = page.last
    }
    summary.invoices_seen += rows.length
    summary.due += rows.length
    if (rows.length) cursor = { dueDate: rows[rows.length - 1]!.dueDate, id: rows[rows.length - 1]!.id }
    const next: StateRow[] = []
    const left: string[] = []
    const remember = (row: TickRow, seg: SegmentPlan | null, outcome: Parameters<typeof nextActionFor>[3], step: number | null) => {
      const action = nextActionFor(row, seg, ctx, outcome, now)
      if (!action) left.push(row.id)
      else
        next.push({
          invoiceId: row.id,
          customerId: row.customerId,
          segmentId: seg?.id ?? null,
          step,
          nextAt: action.at?.toISOString() ?? null,
          why: action.why,
        })
    }

    const drafts: OutreachInsert[] = []
    const taskRows: TaskInsert[] = []
    const deliveries: Delivery[] = []
    const reserved: string[] = []
    for (const row of rows) {
      const seg = ctx.segments.get(row.segmentId)
      if (!seg) {
        left.push(row.id)
        continue
      }
      const esc = escalationFor(row, seg, orgId, now)
      if (esc) taskRows.push(esc)
      const contactKey = row.contactEmail ? `${row.customerId}|${row.contactEmail.toLowerCase()}` : null
      const riding = seg.mode === "autopilot" && contactKey ? leadSend.get(contactKey) : undefined
      const decision = decide(row, seg, ctx, now, random, ledger, riding !== undefined)
      if (decision.kind === "none") {
        remember(row, seg, { kind: "waiting" }, null)
        continue
      }
      if (decision.kind === "skip") {
        skip(decision.reason)
        remember(row, seg, { kind: "skipped", reason: decision.reason }, null)
        continue
      }
      const { step, key, deferred, reason } = decision
      const at = riding ?? decision.at
      const id = newId("out")
      const status = seg.mode === "autopilot" ? "queued" : "draft"
      if (status === "queued") {
        if (!riding) {
          ledger.reserve({ outreachId: id, day: dayIn(at, ctx.org.timeZone), segmentId: seg.id, contact: row.contactEmail! })
          reserved.push(id)
          if (contactKey) leadSend.set(contactKey, at)
        }
        deliveries.push({ outreachId: id, orgId, at })
        summary.queued++
      } else summary.drafted++
      if (deferred) summary.deferred[deferred] = (summary.deferred[deferred] ?? 0) + 1
      remember(row, seg, { kind: "stepped", position: step.position }, step.position)
      drafts.push({
        id,
        orgId,
        invoiceId: row.id,
        customerId: row.customerId,
        contactId: row.contactId,
        segmentId: seg.id,
        cadenceVersionId: seg.versionId,
        stepPosition: step.position,
        kind: "reminder",
        dedupeKey: key,
        status,
        reason,
        toEmail: row.contactEmail!.toLowerCase(),
        subject: step.subject,
        bodyText: step.body,
        scheduledFor: at.toISOString(),
        tickKey,
        createdAt: nowIso,
        updatedAt: nowIso,
      })
    }
    try {
      summary.escalated += await writePage(db, drafts, taskRows, summary)
    } catch (err) {
      ledger.release(reserved)
      throw err
    }
    await enqueueSafely(env, deliveries, now)
    // Only after the page's outreach landed: a failed write leaves these invoices due for the next tick.
    state.record(next, startedIso)
    state.forget(left, startedIso)
    if (rebuild ? rows.length < pageSize : !page.more) break
  }
  if (rebuild) rebuildDone(state, ledger, ctx, now, startedIso)
  return finish(db, summary, orgId, tickKey, started)
}

export type Decision =
  | { kind: "none" }
  | { kind: "skip"; reason: string }
  | {
      kind: "send"
      step: { position: number; subject: string; body: string }
      key: string
      at: Date
      deferred: DeferReason | null
      reason: string
    }

/**
 * Which step is due (cadence or plan instalment), then the one send rule decides whether and when it goes. `riding`:
 * the contact already has a send in this tick that this one joins as one email, so no further budget is checked.
 */
export function decide(
  row: TickRow,
  seg: SegmentPlan,
  ctx: TickContext,
  now: Date,
  random: () => number,
  ledger: BudgetBook,
  riding = false,
): Decision {
  if (!seg.versionId || seg.steps.length === 0) return { kind: "skip", reason: "no_cadence" }
  const today = dayIn(now, payerZone(row.contactTz, row.customerTz, ctx.org.timeZone))
  let anchor = row.dueDate
  let tag = ""
  if (row.planActive) {
    if (!row.planNext) return { kind: "skip", reason: "payment_plan_on_track" }
    const [date, seq] = row.planNext.split("|")
    anchor = date!
    tag = `plan${seq}`
  }
  const keys = (row.reminderKeys ?? "").split(" ")
  const step = stepForToday(seg.steps, anchor, today, {
    reached: reachedStep(keys, row.id, tag),
    lastSentDay: row.lastSent
      ? dayIn(new Date(row.lastSent.split("|")[0]!), payerZone(row.contactTz, row.customerTz, ctx.org.timeZone))
      : null,
    mode: ctx.sender.settings.catchUpStart,
  })
  if (!step) return row.planActive ? { kind: "skip", reason: "payment_plan_on_track" } : { kind: "none" }
  if (alreadyReached(keys, row.id, seg.versionId, step.position, tag)) return { kind: "none" }
  // Caps count only what will really go out: Autopilot sends, not Shadow drafts.
  const budget = seg.mode === "autopilot" && row.contactEmail && !riding ? { ledger, contact: row.contactEmail } : undefined
  const answer = sendRule(tickRowSendFacts(ctx, seg, row, { random: random(), budget }), now)
  if (answer.blockers.length) return { kind: "skip", reason: answer.blockers[0]!.code }
  const total = seg.steps.length
  const position = seg.steps.findIndex((s) => s.position === step.position) + 1
  const when = tag ? `plan instalment of ${anchor}` : `due ${anchor}`
  const reason = `Step ${position} of ${total} of the ${seg.name} cadence (${when}; ${seg.mode === "shadow" ? "Shadow Mode: review before it goes out" : "Autopilot"})`
  return {
    kind: "send",
    step,
    key: reminderKey(row.id, seg.versionId, step.position, tag),
    at: answer.sendAt,
    deferred: answer.waits[0]?.code ?? null,
    reason,
  }
}

/** No response N days after the last reminder: an operator task, once per reminder. */
function escalationFor(row: TickRow, seg: SegmentPlan, orgId: string, now: Date): TaskInsert | null {
  if (!row.lastSent || !seg.escalateAfterDays) return null
  const [sentAt, outreachId] = row.lastSent.split("|")
  if (!sentAt || !outreachId) return null
  if (row.lastResponseAt && row.lastResponseAt >= sentAt) return null
  if (now.getTime() - Date.parse(sentAt) < seg.escalateAfterDays * 86_400_000) return null
  return {
    id: newId("tsk"),
    orgId,
    invoiceId: row.id,
    customerId: row.customerId,
    kind: "escalation",
    title: `No response ${seg.escalateAfterDays} days after the last reminder: call the customer`,
    status: "open",
    assignedRole: "operator",
    dedupeKey: `esc:${outreachId}`,
    dueAt: now.toISOString(),
    createdAt: now.toISOString(),
  }
}

/** One D1 batch per page: chunked multi-row inserts (D1: at most 100 bound parameters per statement). */
async function writePage(db: Db, drafts: OutreachInsert[], taskRows: TaskInsert[], summary: TickSummary): Promise<number> {
  const statements = [
    ...chunk(drafts, rowsPerInsert(20)).map((rows) =>
      db.insert(outreach).values(rows).onConflictDoNothing().returning({ id: outreach.id }),
    ),
    ...chunk(taskRows, rowsPerInsert(11)).map((rows) => db.insert(tasks).values(rows).onConflictDoNothing().returning({ id: tasks.id })),
  ]
  if (statements.length === 0) return 0
  summary.queries++
  const results = (await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]])) as { id: string }[][]
  const draftChunks = chunk(drafts, rowsPerInsert(20)).length
  return results.slice(draftChunks).reduce((n, r) => n + r.length, 0)
}

async function finish(db: Db, summary: TickSummary, orgId: string, tickKey: string, started: number): Promise<TickSummary> {
  summary.queries++
  summary.ms = Date.now() - started
  await db
    .update(tickRuns)
    .set({
      drafted: summary.drafted,
      queued: summary.queued,
      skipped: summary.skipped,
      queries: summary.queries,
      finishedAt: new Date().toISOString(),
    })
    .where(and(eq(tickRuns.orgId, orgId), eq(tickRuns.tickKey, tickKey)))
  return summary
}
