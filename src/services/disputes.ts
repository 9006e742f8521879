// Disputes filed by a payer: evidence in R2, SLA by reason, cadence paused, Operators told, audited.
// Finance works them in services/dispute-work.ts.
import { and, eq, inArray } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { customers, disputeEvidence, disputes, invoices, memberships, organisations, tasks, users } from "../db/schema"
import { disputeReasonLabels, evidenceContentType, evidenceError, slaDueAt, type DisputeReason } from "../domain/portal-rules"
import { emailTransport } from "./email"
import { AppError, notFound, unprocessable } from "../domain/errors"
import { auditInsert, type Actor } from "./audit"
import { claimKey, once } from "./idempotency"
import { enqueueSafely, type Delivery } from "../tenant/enqueue"
import { disputeNoticeEmail } from "./payer-emails"
import { outcomeNotification } from "./payer-outcomes"

type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]
export type EvidenceFile = { name: string; type: string; size: number; bytes: () => Promise<ArrayBuffer>; head: Uint8Array }
export type DisputeInput = {
  customerId: string
  invoiceId: string
  reason: string
  message: string
  file: EvidenceFile | null
  formKey: string
}

export function isDisputeReason(value: string): value is DisputeReason {
  return value in disputeReasonLabels
}

/** Checks the evidence before anything is written; the message names the rule that refused it. */
export function checkEvidence(file: EvidenceFile | null): void {
  if (!file) return
  const error = evidenceError(file)
  if (error)
    throw new AppError(file.size > 10 * 1024 * 1024 ? 413 : 422, file.size > 10 * 1024 * 1024 ? "too_large" : "unprocessable", error, [
      { field: "evidence", message: error },
    ])
}

/** Files a dispute from the portal (or for the payer, from the inspector); returns its id (the same one for a repeated submit). */
export async function fileDispute(env: Env, db: Db, orgId: string, actor: Actor, input: DisputeInput, now = new Date()): Promise<string> {
  if (!isDisputeReason(input.reason)) throw unprocessable("Choose a reason.", [{ field: "reason", message: "unknown reason" }])
  const reason = input.reason
  const message = input.message.trim()
  if (message.length > 4000)
    throw unprocessable("The message is too long (4,000 characters at most).", [{ field: "message", message: "too long" }])
  checkEvidence(input.file)
  const [inv] = await db
    .select({
      id: invoices.id,
      number: invoices.invoiceNumber,
      status: invoices.status,
      customerName: customers.name,
      orgName: organisations.name,
      senderName: organisations.senderName,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .innerJoin(organisations, eq(organisations.id, invoices.orgId))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId)))
    .limit(1)
  if (!inv) throw notFound("Invoice")
  if (inv.status !== "open")
    throw unprocessable("Only open invoices can be disputed here. Reply to the email for a closed one.", [
      { field: "invoice_id", message: "not open" },
    ])

  let created: { id: string; sla: string } | null = null
  let acknowledgement: Delivery[] = []
  const id = await once(db, orgId, input.formKey, async () => {
    const disputeId = newId("dsp")
    const at = nowIso(now)
    const sla = slaDueAt(reason, now)
    let objectKey: string | null = null
    // The payer's acknowledgement (the Controller's "Dispute received" template) is an outbox row in the dispute's batch.
    const note = await outcomeNotification(
      env,
      db,
      orgId,
      "dispute_received",
      {
        invoiceId: inv.id,
        key: `dispute_ack:${disputeId}`,
        detail: `${disputeReasonLabels[reason]}; we will answer by ${sla.slice(0, 10)}`,
      },
      now,
    )
    if (!note) throw notFound("Invoice")
    acknowledgement = note.deliveries
    const statements: BatchItem<"sqlite">[] = [
      ...note.statements,
      claimKey(db, orgId, input.formKey, disputeId, now),
      db.insert(disputes).values({
        id: disputeId,
        orgId,
        invoiceId: inv.id,
        customerId: input.customerId,
        reason,
        message: message || null,
        status: "open",
        source: actor.type === "payer" ? "portal" : "operator",
        slaDueAt: sla,
        createdAt: at,
        updatedAt: at,
      }),
      db
        .update(invoices)
        .set({ disputed: true, updatedAt: at })
        .where(and(eq(invoices.orgId, orgId), eq(invoices.id, inv.id))),
      db.insert(tasks).values({
        id: newId("tsk"),
        orgId,
        invoiceId: inv.id,
        customerId: input.customerId,
        kind: "dispute",
        title: `Dispute on ${inv.number}: ${disputeReasonLabels[reason]}`,
        assignedRole: "operator",
        dedupeKey: `dispute:${disputeId}`,
        dueAt: sla,
        createdAt: at,
      }),
      auditInsert(
        db,
        orgId,
        actor,
        {
          action: "dispute.filed",
          subjectType: "dispute",
          subjectId: disputeId,
          after: { invoice_id: inv.id, reason, sla_due_at: sla, evidence: input.file ? input.file.name : null },
        },
        now,
      ),
    ]
    if (input.file) {
      const evidenceId = newId("evd")
      objectKey = `${orgId}/${disputeId}/${evidenceId}`
      const contentType = evidenceContentType(input.file.name)
      await env.EVIDENCE.put(objectKey, await input.file.bytes(), {
        httpMetadata: { contentType },
        customMetadata: { orgId, disputeId, filename: input.file.name },
      })
      statements.push(
        db.insert(disputeEvidence).values({
          id: evidenceId,
          orgId,
          disputeId,
          objectKey,
          filename: input.file.name.slice(0, 200),
          contentType,
          sizeBytes: input.file.size,
          uploadedBy: actor.label,
          createdAt: at,
        }),
      )
    }
    try {
      await db.batch(statements as Batch)
    } catch (err) {
      if (objectKey) await env.EVIDENCE.delete(objectKey)
      throw err
    }
    created = { id: disputeId, sla }
    return disputeId
  })
  await enqueueSafely(env, acknowledgement, now)
  if (created)
    await notifyOperators(env, db, orgId, {
      orgName: inv.orgName,
      customerName: inv.customerName,
      invoiceNumber: inv.number,
      reason,
      message,
      slaDueAt: (created as { sla: string }).sla,
      evidenceCount: input.file ? 1 : 0,
    })
  return id
}

/** Emails the Operators (else A/R Managers, else Controllers) of the organisation about a new dispute. */
async function notifyOperators(env: Env, db: Db, orgId: string, facts: Parameters<typeof disputeNoticeEmail>[1]) {
  const people = await db
    .select({ email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, ["operator", "ar_manager", "controller"])))
  const order = ["operator", "ar_manager", "controller"]
  const role = order.find((r) => people.some((p) => p.role === r))
  const mail = emailTransport(env, db)
  for (const p of people.filter((x) => x.role === role)) await mail.send({ ...disputeNoticeEmail(p.email, facts, env.APP_URL), orgId })
}
