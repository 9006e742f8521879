// Drafts approved from the review queue and messages composed by a person: the send rule decides, inside the TenantDO.
import { chunk, createDb } from "../db/client"
import { newId } from "../db/ids"
import { moveOutreach } from "../db/outreach-state"
import { invoiceFacts, outreachFacts } from "../db/send-facts"
import { outreach } from "../db/schema"
import { blockerSentence, sendRule, type Blocker } from "../domain/send-rule"
import { dayIn } from "../domain/send-window"
import { auditInsert, type Actor } from "../db/audit-log"
import { enqueueSafely, type Delivery } from "./enqueue"
import type { SendLedger } from "./ledger"
import { invoiceSendFacts, outreachSendFacts } from "./send-facts"
import { loadTickContext } from "./tick-context"

export type Refusal = { id: string; reason: string; blockers: Blocker[] }
export type ApprovalResult = { approved: string[]; refused: Refusal[] }
export type ApproveOptions = { override?: boolean; random?: () => number }

const refusalText: Record<string, string> = {
  not_found: "not found",
  not_a_draft: "it is no longer a draft",
}
/** A sentence for a refusal code (the send rule's codes and the approval's own). */
export const describeRefusal = (reason: string) => refusalText[reason] ?? blockerSentence(reason)

const refusal = (id: string, reason: string, blockers: Blocker[] = []): Refusal => ({ id, reason, blockers })

/**
 * Approves drafts (one or many): each becomes queued when the send rule finds no blocker, caps included, with its
 * reservation, status move and audit entry together. `override` sends drafts of a paused or draft segment, still
 * within the organisation, segment, domain and contact caps and the quiet hours; it is audited as such.
 */
export async function approveDrafts(
  env: Env,
  ledger: SendLedger,
  orgId: string,
  ids: string[],
  actor: Actor,
  now: Date,
  opts: ApproveOptions = {},
): Promise<ApprovalResult> {
  const db = createDb(env.DB)
  const random = opts.random ?? Math.random
  const result: ApprovalResult = { approved: [], refused: [] }
  const unique = [...new Set(ids)]
  if (unique.length === 0) return result
  const [ctx, rows] = await Promise.all([loadTickContext(db, orgId, now), outreachFacts(db, orgId, unique)])
  if (!ctx) return { approved: [], refused: unique.map((id) => refusal(id, "not_found")) }
  const found = new Map(rows.map((r) => [r.o.id, r]))
  const statements = []
  const deliveries: Delivery[] = []
  const reserved: string[] = []
  const at = now.toISOString()
  for (const id of unique) {
    const r = found.get(id)
    if (!r) {
      result.refused.push(refusal(id, "not_found"))
      continue
    }
    if (r.o.status !== "draft") {
      result.refused.push(refusal(id, "not_a_draft"))
      continue
    }
    const facts = outreachSendFacts(ctx, r, {
      byPerson: true,
      override: opts.override,
      random: random(),
      budget: r.o.toEmail ? { ledger, contact: r.o.toEmail } : undefined,
    })
    const answer = sendRule(facts, now)
    if (answer.blockers.length) {
      result.refused.push(refusal(id, answer.blockers[0]!.code, answer.blockers))
      continue
    }
    const sendAt = answer.sendAt.toISOString()
    ledger.reserve({ outreachId: id, day: dayIn(answer.sendAt, ctx.org.timeZone), segmentId: r.o.segmentId, contact: r.o.toEmail! })
    reserved.push(id)
    deliveries.push({ outreachId: id, orgId, at: answer.sendAt })
    result.approved.push(id)
    const overridden = !!opts.override && !!facts.segment && facts.segment.status !== "active"
    statements.push(
      ...moveOutreach(
        db,
        orgId,
        id,
        {
          to: "queued",
          from: ["draft"],
          set: { approvedBy: actor.id ?? actor.label, scheduledFor: sendAt },
          note: overridden ? "approved as an override" : "approved",
          actor: actor.label,
        },
        at,
      ),
      auditInsert(
        db,
        orgId,
        actor,
        overridden
          ? {
              action: "outreach.approved_override",
              subjectType: "outreach",
              subjectId: id,
              after: { status: "queued", scheduled_for: sendAt, segment_status: facts.segment!.status, override: "segment_not_active" },
            }
          : { action: "outreach.approved", subjectType: "outreach", subjectId: id, after: { status: "queued", scheduled_for: sendAt } },
        now,
      ),
    )
  }
  if (statements.length) {
    try {
      for (const part of chunk(statements, 99)) await db.batch(part as [(typeof part)[number], ...(typeof part)[number][]])
    } catch (err) {
      ledger.release(reserved)
      throw err
    }
  }
  await enqueueSafely(env, deliveries, now)
  return result
}

export type ManualSend = { invoiceId: string; subject: string; body: string; sendAt?: string | null }
export type ManualResult = { outreachId: string | null; refused: string | null; blockers: Blocker[] }

/** A message written by a person for one invoice: to the billing contact at the next allowed time (or `sendAt`), within the caps. */
export async function sendManual(
  env: Env,
  ledger: SendLedger,
  orgId: string,
  input: ManualSend,
  actor: Actor,
  now: Date,
  random = Math.random,
): Promise<ManualResult> {
  const db = createDb(env.DB)
  const [ctx, [row]] = await Promise.all([loadTickContext(db, orgId, now), invoiceFacts(db, orgId, [input.invoiceId])])
  if (!ctx || !row) return { outreachId: null, refused: "not_found", blockers: [] }
  const from = input.sendAt && Date.parse(input.sendAt) > now.getTime() ? new Date(input.sendAt) : now
  const answer = sendRule(
    invoiceSendFacts(ctx, row, "manual", null, {
      random: random(),
      budget: row.contactEmail ? { ledger, contact: row.contactEmail } : undefined,
    }),
    from,
  )
  if (answer.blockers.length) return { outreachId: null, refused: answer.blockers[0]!.code, blockers: answer.blockers }
  const id = newId("out")
  ledger.reserve({ outreachId: id, day: dayIn(answer.sendAt, ctx.org.timeZone), segmentId: null, contact: row.contactEmail! })
  const nowIso = now.toISOString()
  try {
    await db.batch([
      db.insert(outreach).values({
        id,
        orgId,
        invoiceId: row.invoiceId,
        customerId: row.customerId,
        contactId: row.contactId,
        kind: "manual",
        dedupeKey: `man:${id}`,
        status: "queued",
        reason: `Written and sent by ${actor.label}`,
        toEmail: row.contactEmail!.toLowerCase(),
        subject: input.subject,
        bodyText: input.body,
        scheduledFor: answer.sendAt.toISOString(),
        approvedBy: actor.id ?? actor.label,
        createdAt: nowIso,
        updatedAt: nowIso,
      }),
      auditInsert(
        db,
        orgId,
        actor,
        {
          action: "outreach.sent_manually",
          subjectType: "outreach",
          subjectId: id,
          after: { invoice_id: row.invoiceId, scheduled_for: answer.sendAt.toISOString() },
        },
        now,
      ),
    ])
  } catch (err) {
    ledger.release([id])
    throw err
  }
  await enqueueSafely(env, [{ outreachId: id, orgId, at: answer.sendAt }], now)
  return { outreachId: id, refused: null, blockers: [] }
}
