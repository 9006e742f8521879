// Finance works a dispute: status moves through domain/dispute-status.ts (SLA pause, first response, reopen,
// escalation to Legal, a credit through approval), notes, evidence into the reason's slots, and reply templates
// sent to the payer through the outbox. Every step is audited in the batch that makes it.
import { and, eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { disputeDetail } from "../db/collections"
import { newId, nowIso } from "../db/ids"
import { mergeContext } from "../db/merge-context"
import { disputeEvidence, disputeNotes, disputes, invoices, tasks } from "../db/schema"
import { isEvidenceSlot, missingEvidenceText } from "../domain/dispute-evidence"
import { isDisputeReplyKey, renderReply, templateByKey } from "../domain/dispute-replies"
import {
  activeDisputeStatusSql,
  clockAfterMove,
  isClosedStatus,
  moveRefusal,
  type DisputeMove,
  type DisputeStatus,
} from "../domain/dispute-status"
import { conflict, notFound, unprocessable } from "../domain/errors"
import { mergeValuesFor } from "../domain/merge-tags"
import { formatMoney } from "../domain/money"
import { evidenceContentType } from "../domain/portal-rules"
import { enqueueSafely } from "../tenant/enqueue"
import { notifyCadence } from "../tenant/notify"
import { notifyApprovers } from "./approval-emails"
import { approvalRequest } from "./approvals"
import { auditInsert, type Actor } from "./audit"
import { checkEvidence, type EvidenceFile } from "./disputes"
import { payerNotification } from "./payer-notifications"
import { queueOutcome } from "./payer-outcomes"

type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]
export type DisputeUpdate = { status?: DisputeMove; note?: string; creditMinor?: number; resolution?: string }

async function load(db: Db, orgId: string, disputeId: string) {
  const [d] = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.orgId, orgId), eq(disputes.id, disputeId)))
    .limit(1)
  if (!d) throw notFound("Dispute")
  return d
}

/** A status move and/or a note. A credit on resolve goes to approval first; a reject needs its reason. */
export async function updateDispute(
  env: Env,
  db: Db,
  orgId: string,
  actor: Actor,
  disputeId: string,
  change: DisputeUpdate,
  now = new Date(),
) {
  const d = await load(db, orgId, disputeId)
  const at = nowIso(now)
  const statements: BatchItem<"sqlite">[] = []
  let approvalId: string | null = null
  const note = change.note?.trim()
  if (note) {
    if (note.length > 4000)
      throw unprocessable("The note is too long (4,000 characters at most).", [{ field: "notes", message: "too long" }])
    statements.push(
      db
        .insert(disputeNotes)
        .values({ id: newId("dnt"), orgId, disputeId, authorId: actor.id, authorLabel: actor.label, body: note, createdAt: at }),
      auditInsert(db, orgId, actor, { action: "dispute.note_added", subjectType: "dispute", subjectId: disputeId, after: { note } }, now),
    )
  }
  if (change.status) {
    const move = change.status
    const refusal = moveRefusal(d.status, move)
    if (refusal) throw conflict(refusal)
    const credit = move === "resolved" ? (change.creditMinor ?? 0) : 0
    if (!Number.isSafeInteger(credit) || credit < 0)
      throw unprocessable("The credit must be zero or a positive amount.", [{ field: "credit_minor", message: "must be >= 0" }])
    const resolution = change.resolution?.trim() || null
    if (move === "rejected" && !resolution)
      throw unprocessable("Say why the dispute is rejected; the payer is told.", [{ field: "resolution", message: "required" }])
    const next: DisputeStatus = move === "reopened" ? "investigating" : credit > 0 ? "pending_credit" : move
    const clock = clockAfterMove(d.reason, d, move === "reopened" ? "reopened" : next, now)
    const guard = and(eq(disputes.orgId, orgId), eq(disputes.id, disputeId), eq(disputes.status, d.status))
    const closes = isClosedStatus(next)
    statements.push(
      db
        .update(disputes)
        .set({
          status: next,
          updatedAt: at,
          slaDueAt: clock.slaDueAt,
          slaPausedAt: clock.slaPausedAt,
          firstResponseAt: d.firstResponseAt ?? at,
          ...(closes ? { resolvedAt: at, resolution } : {}),
          // A reopen keeps the earlier resolution in the audit entry and a note; the dispute is open again.
          ...(move === "reopened" ? { resolvedAt: null, resolution: null, reopenCount: sql`${disputes.reopenCount} + 1` } : {}),
        })
        .where(guard),
      auditInsert(
        db,
        orgId,
        actor,
        {
          action: `dispute.${move === "reopened" ? "reopened" : next}`,
          subjectType: "dispute",
          subjectId: disputeId,
          before: { status: d.status, sla_due_at: d.slaDueAt, resolution: d.resolution },
          after: { status: next, credit_minor: credit || null, resolution, sla_due_at: clock.slaDueAt, sla_paused: !!clock.slaPausedAt },
        },
        now,
      ),
    )
    const task = and(eq(tasks.orgId, orgId), eq(tasks.dedupeKey, `dispute:${disputeId}`))
    if (closes) {
      // The cadence resumes once no other dispute on the invoice is unresolved.
      statements.push(
        db
          .update(invoices)
          .set({ disputed: false, updatedAt: at })
          .where(
            and(
              eq(invoices.orgId, orgId),
              eq(invoices.id, d.invoiceId),
              sql`not exists (select 1 from disputes x where x.org_id = ${orgId} and x.invoice_id = ${d.invoiceId} and x.id <> ${disputeId} and x.status in (${sql.raw(activeDisputeStatusSql)}))`,
            ),
          ),
        db
          .update(tasks)
          .set({ status: "done", closedAt: at })
          .where(and(task, eq(tasks.status, "open"))),
      )
    }
    if (move === "reopened") {
      statements.push(
        db
          .update(invoices)
          .set({ disputed: true, updatedAt: at })
          .where(and(eq(invoices.orgId, orgId), eq(invoices.id, d.invoiceId))),
        db.update(tasks).set({ status: "open", closedAt: null, dueAt: clock.slaDueAt }).where(task),
        db.insert(disputeNotes).values({
          id: newId("dnt"),
          orgId,
          disputeId,
          authorId: actor.id,
          authorLabel: actor.label,
          body: `Reopened. It had been ${d.status}${d.resolution ? `: ${d.resolution}` : "."}`,
          createdAt: at,
        }),
      )
    }
    if (move === "escalated")
      statements.push(
        db
          .insert(tasks)
          .values({
            id: newId("tsk"),
            orgId,
            invoiceId: d.invoiceId,
            customerId: d.customerId,
            kind: "dispute",
            title: `Legal review: ${d.reason.replace("_", " ")} dispute`,
            assignedRole: "legal",
            dedupeKey: `dispute_legal:${disputeId}:${d.reopenCount}`,
            dueAt: clock.slaDueAt,
            createdAt: at,
          })
          .onConflictDoNothing(),
      )
    if (credit > 0) {
      const [inv] = await db
        .select({ currency: invoices.currency, balance: invoices.balanceMinor })
        .from(invoices)
        .where(and(eq(invoices.orgId, orgId), eq(invoices.id, d.invoiceId)))
        .limit(1)
      if (inv && credit > inv.balance)
        throw unprocessable("The credit is larger than the invoice's balance.", [{ field: "credit_minor", message: "above the balance" }])
      const approval = await approvalRequest(
        db,
        orgId,
        actor,
        {
          kind: "credit",
          subjectType: "dispute",
          subjectId: disputeId,
          invoiceId: d.invoiceId,
          customerId: d.customerId,
          amountMinor: credit,
          currency: inv?.currency ?? "USD",
          reason: resolution ?? `Credit to resolve a ${d.reason} dispute`,
        },
        now,
      )
      approvalId = approval.id
      statements.push(...approval.statements)
    }
  }
  if (statements.length === 0)
    throw unprocessable("Nothing to change: give a status or a note.", [{ field: "status", message: "required" }])
  await db.batch(statements as Batch)
  await notifyCadence(env, orgId, { invoiceIds: [d.invoiceId] })
  if (approvalId) await notifyApprovers(db, env, orgId, approvalId)
  const after = await load(db, orgId, disputeId)
  // The payer is told in the Operator's own words; a resolution with a credit is told once the credit is approved.
  if (after.status === "resolved" || after.status === "rejected")
    await queueOutcome(env, db, orgId, after.status === "resolved" ? "dispute_resolved" : "dispute_rejected", {
      invoiceId: d.invoiceId,
      key: `outcome:${disputeId}:${after.reopenCount}:${after.status}`,
      detail: after.resolution || "We have looked into it and closed the dispute.",
    })
  return { dispute: after, approvalId }
}

/**
 * Sends one of the reason's reply templates to the payer's billing contact: an outbox row (delivery applies the send
 * rule), a note, the first response if none yet, and the audit entry, in one batch. `clientKey` makes a resubmit a no-op.
 */
export async function sendDisputeReply(
  env: Env,
  db: Db,
  orgId: string,
  actor: Actor,
  disputeId: string,
  templateKey: string,
  clientKey: string,
  now = new Date(),
) {
  const detail = await disputeDetail(db, orgId, disputeId)
  if (!detail) throw notFound("Dispute")
  const d = detail.dispute
  if (!isDisputeReplyKey(clientKey)) throw unprocessable("The form is stale; reload the page.", [{ field: "key", message: "invalid" }])
  const template = templateByKey(d.reason, templateKey)
  if (!template) throw unprocessable("Choose a reply template for this reason.", [{ field: "template", message: "unknown" }])
  const ctx = await mergeContext(db, orgId, d.invoiceId)
  if (!ctx) throw notFound("Invoice")
  const values = mergeValuesFor({ ...ctx, contactName: ctx.contactName, today: now.toISOString().slice(0, 10) })
  const reply = renderReply(template, values, {
    sla_date: new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(d.slaDueAt)),
    missing_evidence: missingEvidenceText(d.reason, detail.evidence),
    credit: d.creditMinor ? formatMoney(d.creditMinor, d.currency) : "the agreed amount",
  })
  const at = nowIso(now)
  const queued = await payerNotification(
    db,
    orgId,
    { kind: "notification", customerId: d.customerId, invoiceId: d.invoiceId, key: `dispute_reply:${disputeId}:${clientKey}`, ...reply },
    now,
  )
  const statements: BatchItem<"sqlite">[] = [
    ...queued.statements,
    db
      .update(disputes)
      .set({ firstResponseAt: sql`coalesce(${disputes.firstResponseAt}, ${at})`, updatedAt: at })
      .where(and(eq(disputes.orgId, orgId), eq(disputes.id, disputeId))),
    db.insert(disputeNotes).values({
      id: newId("dnt"),
      orgId,
      disputeId,
      authorId: actor.id,
      authorLabel: actor.label,
      body: `Sent "${template.title}" to the payer: ${reply.subject}`,
      createdAt: at,
    }),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "dispute.reply_sent",
        subjectType: "dispute",
        subjectId: disputeId,
        after: { template: template.key, outreach_id: queued.outreachId },
      },
      now,
    ),
  ]
  await db.batch(statements as Batch)
  await enqueueSafely(env, queued.deliveries, now)
  return { outreachId: queued.outreachId, subject: reply.subject }
}

/** Finance files a document into one of the reason's evidence slots (type and size limited, stored in R2). */
export async function attachEvidence(
  env: Env,
  db: Db,
  orgId: string,
  actor: Actor,
  disputeId: string,
  slot: string,
  file: EvidenceFile,
  now = new Date(),
) {
  const d = await load(db, orgId, disputeId)
  if (!isEvidenceSlot(d.reason, slot))
    throw unprocessable("Choose one of this reason's evidence slots.", [{ field: "slot", message: "unknown" }])
  checkEvidence(file)
  const id = newId("evd")
  const objectKey = `${orgId}/${disputeId}/${id}`
  const contentType = evidenceContentType(file.name)
  await env.EVIDENCE.put(objectKey, await file.bytes(), {
    httpMetadata: { contentType },
    customMetadata: { orgId, disputeId, filename: file.name },
  })
  const at = nowIso(now)
  try {
    await db.batch([
      db.insert(disputeEvidence).values({
        id,
        orgId,
        disputeId,
        slot,
        objectKey,
        filename: file.name.slice(0, 200),
        contentType,
        sizeBytes: file.size,
        uploadedBy: actor.label,
        createdAt: at,
      }),
      auditInsert(
        db,
        orgId,
        actor,
        { action: "dispute.evidence_added", subjectType: "dispute", subjectId: disputeId, after: { slot, filename: file.name } },
        now,
      ),
    ])
  } catch (err) {
    await env.EVIDENCE.delete(objectKey)
    throw err
  }
  return { id }
}
