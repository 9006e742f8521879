// Approval requests (discount, credit, payment plan, write-off): create with the policy's requirement, decide with
// dual sign-off above the high threshold, apply the effect on the subject, audit every step (emails: approval-emails.ts).
import { and, eq, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { approvalDecisions, approvals, auditLog, disputes, invoices, paymentPlans } from "../db/schema"
import { approvalRequirement, signerRefusal } from "../domain/approval-rules"
import { notifyCadence } from "../tenant/notify"
import { formatMoney } from "../domain/money"
import { isRole } from "../domain/roles"
import { notifyDecision } from "./approval-emails"
import { AppError, conflict, notFound, unprocessable } from "../domain/errors"
import { auditInsert, systemActor, type Actor } from "./audit"
import { policyForInvoice, type EffectivePolicy } from "./policy-lookup"
import { activeDisputeStatusSql } from "../domain/dispute-status"

export type Statement = BatchItem<"sqlite">
export type ApprovalKind = "discount" | "credit" | "payment_plan" | "write_off"
export type ApprovalInput = {
  kind: ApprovalKind
  /** "payment_plan" | "dispute" | "invoice": what the decision changes. */
  subjectType: string
  subjectId: string
  invoiceId: string | null
  customerId: string | null
  amountMinor: number
  currency: string
  reason: string | null
}

/**
 * The statements of a new approval request, for the caller's batch. Put them AFTER the insert of the subject
 * (the plan or dispute): below the policy's approval threshold the request is granted at once and its effect
 * statements (plan active, dispute credited) are included. Refused (422) above the discount or credit cap.
 */
export async function approvalRequest(db: Db, orgId: string, actor: Actor, input: ApprovalInput, now: Date = new Date()) {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)
    throw unprocessable("The amount must be a positive amount", [{ field: "amount_minor", message: "must be positive" }])
  const policy = input.invoiceId ? await policyForInvoice(db, orgId, input.invoiceId, now) : null
  if (input.invoiceId && !policy) throw notFound("Invoice")
  if (policy && input.invoiceId) await checkCaps(db, orgId, policy, input)
  const req = approvalRequirement(
    policy ?? { approvalThresholdMinor: null, highApprovalThresholdMinor: null, approverRoles: null },
    input.amountMinor,
  )
  const id = newId("apr")
  const at = nowIso(now)
  const status = req.level === "auto" ? ("approved" as const) : ("pending" as const)
  const statements: Statement[] = [
    db.insert(approvals).values({
      id,
      orgId,
      kind: input.kind,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      invoiceId: input.invoiceId,
      customerId: input.customerId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      requiredRoles: req.requiredRoles,
      approvalsRequired: req.approvalsRequired,
      requestedBy: actor.id,
      requestedByLabel: actor.label,
      reason: input.reason,
      status,
      createdAt: at,
      decidedAt: status === "approved" ? at : null,
    }),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "approval.requested",
        subjectType: "approval",
        subjectId: id,
        after: { ...input, required_roles: req.requiredRoles, approvals_required: req.approvalsRequired, status },
      },
      now,
    ),
  ]
  if (status === "approved") {
    statements.push(...effectStatements(db, orgId, { id, ...input }, "approve", at))
    statements.push(
      auditInsert(
        db,
        orgId,
        systemActor,
        {
          action: "approval.auto_approved",
          subjectType: "approval",
          subjectId: id,
          after: { reason: "Below the policy's approval threshold" },
        },
        now,
      ),
    )
  }
  return { id, status, requiredRoles: req.requiredRoles, approvalsRequired: req.approvalsRequired, statements }
}

async function checkCaps(db: Db, orgId: string, policy: EffectivePolicy, input: ApprovalInput) {
  if (input.kind === "discount" && policy.discountCapPercent != null && input.invoiceId) {
    const [inv] = await db
      .select({ amountMinor: invoices.amountMinor })
      .from(invoices)
      .where(and(eq(invoices.orgId, orgId), eq(invoices.id, input.invoiceId)))
    if (inv && input.amountMinor * 100 > inv.amountMinor * policy.discountCapPercent)
      throw unprocessable(`The discount is above the policy's discount cap of ${policy.discountCapPercent}% of the invoice`, [
        { field: "amount_minor", message: `at most ${policy.discountCapPercent}%` },
      ])
  }
  if (input.kind === "credit" && policy.creditCapMinor != null && input.amountMinor > policy.creditCapMinor)
    throw unprocessable(`The credit is above the policy's credit cap of ${formatMoney(policy.creditCapMinor, input.currency)}`, [
      { field: "amount_minor", message: "above the credit cap" },
    ])
}

type Subject = { id: string; subjectType: string; subjectId: string; invoiceId: string | null; kind: string; amountMinor: number } & {
  reason?: string | null
}

/** What a final decision changes. Each statement is guarded so a decision applies at most once. */
function effectStatements(db: Db, orgId: string, a: Subject, decision: "approve" | "reject", at: string): Statement[] {
  const granted = sql`exists (select 1 from approvals where org_id = ${orgId} and id = ${a.id} and status = 'approved' and decided_at = ${at})`
  const refused = sql`exists (select 1 from approvals where org_id = ${orgId} and id = ${a.id} and status = 'rejected' and decided_at = ${at})`
  const out: Statement[] = []
  if (a.subjectType === "payment_plan") {
    out.push(
      db
        .update(paymentPlans)
        .set({ status: decision === "approve" ? "active" : "rejected", decidedAt: at })
        .where(
          and(
            eq(paymentPlans.orgId, orgId),
            eq(paymentPlans.id, a.subjectId),
            eq(paymentPlans.status, "pending_approval"),
            decision === "approve" ? granted : refused,
          ),
        ),
    )
  } else if (a.subjectType === "dispute") {
    if (decision === "approve") {
      if (a.invoiceId) out.push(reduceBalance(db, orgId, a.invoiceId, a.amountMinor, "paid", granted, at))
      out.push(
        db
          .update(disputes)
          .set({
            status: "resolved",
            creditMinor: a.amountMinor,
            resolution: a.reason?.trim() || "Credit approved",
            resolvedAt: at,
            updatedAt: at,
          })
          .where(
            and(eq(disputes.orgId, orgId), eq(disputes.id, a.subjectId), sql`${disputes.status} not in ('resolved', 'rejected')`, granted),
          ),
      )
      if (a.invoiceId)
        out.push(
          db
            .update(invoices)
            .set({ disputed: false, updatedAt: at })
            .where(
              and(
                eq(invoices.orgId, orgId),
                eq(invoices.id, a.invoiceId),
                granted,
                sql`not exists (select 1 from disputes d where d.org_id = ${orgId} and d.invoice_id = ${a.invoiceId} and d.status in (${sql.raw(activeDisputeStatusSql)}))`,
              ),
            ),
        )
    } else {
      out.push(
        db
          .update(disputes)
          .set({ status: "investigating", updatedAt: at })
          .where(and(eq(disputes.orgId, orgId), eq(disputes.id, a.subjectId), eq(disputes.status, "pending_credit"), refused)),
      )
    }
  } else if (a.subjectType === "invoice" && decision === "approve") {
    out.push(reduceBalance(db, orgId, a.subjectId, a.amountMinor, a.kind === "write_off" ? "uncollectible" : "paid", granted, at))
  }
  return out
}

/** Balance less the granted amount (never below zero); the invoice closes when nothing is left. */
function reduceBalance(
  db: Db,
  orgId: string,
  invoiceId: string,
  amountMinor: number,
  closedStatus: "paid" | "uncollectible",
  guard: ReturnType<typeof sql>,
  at: string,
) {
  const left = sql`max(0, ${invoices.balanceMinor} - ${amountMinor})`
  return db
    .update(invoices)
    .set({
      balanceMinor: left,
      status: sql`case when ${invoices.balanceMinor} - ${amountMinor} <= 0 then ${closedStatus} else ${invoices.status} end`,
      paidAt: sql`case when ${invoices.balanceMinor} - ${amountMinor} <= 0 and ${closedStatus} = 'paid' then ${at} else ${invoices.paidAt} end`,
      updatedAt: at,
    })
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoiceId), eq(invoices.status, "open"), guard))
}

export type DecisionResult = { status: "pending" | "approved" | "rejected"; approvalsGiven: number; approvalsRequired: number }

/**
 * One approver's decision. Refused: a role outside the required ones (403), the requester or a second signature by
 * the same person (422), a request already decided (409). A rejection decides at once; approvals count to the
 * requirement. The effect, the decision and the audit entry are one batch; emails follow.
 */
export async function decideApproval(
  db: Db,
  env: Env,
  orgId: string,
  actor: Actor,
  approvalId: string,
  decision: "approve" | "reject",
  comment: string | null,
  now: Date = new Date(),
): Promise<DecisionResult> {
  const [a] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.orgId, orgId), eq(approvals.id, approvalId)))
  if (!a) throw notFound("Approval request")
  if (a.status !== "pending") throw conflict(`This request is already ${a.status}`)
  if (decision === "reject" && !comment?.trim())
    throw unprocessable("Say why you reject the request", [{ field: "comment", message: "required when rejecting" }])
  const signed = await db
    .select()
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.orgId, orgId), eq(approvalDecisions.approvalId, approvalId)))
  const role = actor.role && isRole(actor.role) ? actor.role : null
  if (!role) throw new AppError(403, "forbidden", "Only a member of the organisation can decide an approval")
  const refusal = signerRefusal({
    role,
    signerId: actor.id,
    requestedBy: a.requestedBy,
    requiredRoles: a.requiredRoles,
    approvalsRequired: a.approvalsRequired,
    alreadySignedBy: signed.map((d) => d.userId),
  })
  if (refusal) throw new AppError(refusal.status, refusal.status === 403 ? "forbidden" : "unprocessable", refusal.message)

  const at = nowIso(now)
  const given = signed.filter((d) => d.decision === "approve").length + (decision === "approve" ? 1 : 0)
  const countApproves = sql`(select count(*) from approval_decisions where org_id = ${orgId} and approval_id = ${approvalId} and decision = 'approve')`
  const statements: Statement[] = [
    db
      .insert(approvalDecisions)
      .values({ id: newId("apd"), orgId, approvalId, userId: actor.id!, role, decision, comment: comment?.trim() || null, createdAt: at }),
  ]
  // The decision is one conditional statement, not the count read above: two approvers signing at once each see one
  // signature, but whichever batch commits second finds both and approves. Effects are guarded on this exact decision.
  statements.push(
    decision === "approve"
      ? db
          .update(approvals)
          .set({ status: "approved", decidedAt: at })
          .where(
            and(
              eq(approvals.orgId, orgId),
              eq(approvals.id, approvalId),
              eq(approvals.status, "pending"),
              sql`${countApproves} >= ${approvals.approvalsRequired}`,
            ),
          )
      : db
          .update(approvals)
          .set({ status: "rejected", decidedAt: at })
          .where(and(eq(approvals.orgId, orgId), eq(approvals.id, approvalId), eq(approvals.status, "pending"))),
    ...effectStatements(db, orgId, a, decision, at),
  )
  const after = {
    decision,
    comment: comment?.trim() || null,
    approvals_required: a.approvalsRequired,
    kind: a.kind,
    subject: `${a.subjectType}:${a.subjectId}`,
  }
  statements.push(
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: decision === "reject" ? "approval.rejected" : "approval.signed",
        subjectType: "approval",
        subjectId: approvalId,
        before: { status: a.status },
        after,
      },
      now,
    ),
    // The approval's own entry, written only when this batch is the one that approved it.
    db.insert(auditLog).select(
      db
        .select({
          id: sql<string>`${newId("aud")}`.as("id"),
          orgId: approvals.orgId,
          actorType: sql<string>`${actor.type}`.as("actor_type"),
          actorId: sql<string | null>`${actor.id}`.as("actor_id"),
          actorLabel: sql<string>`${actor.label}`.as("actor_label"),
          action: sql<string>`'approval.approved'`.as("action"),
          subjectType: sql<string>`'approval'`.as("subject_type"),
          subjectId: approvals.id,
          before: sql<string>`${JSON.stringify({ status: "pending" })}`.as("before"),
          after: sql<string>`${JSON.stringify({ ...after, status: "approved" })}`.as("after"),
          createdAt: sql<string>`${at}`.as("created_at"),
        })
        .from(approvals)
        .where(
          and(eq(approvals.orgId, orgId), eq(approvals.id, approvalId), eq(approvals.status, "approved"), eq(approvals.decidedAt, at)),
        ),
    ),
  )
  try {
    await db.batch(statements as [Statement, ...Statement[]])
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw unprocessable("You have already signed this request; it needs a second, different approver")
    throw err
  }
  // An approved plan, credit or write-off changes what may be sent about the invoice: the cadence looks again.
  if (a.invoiceId) await notifyCadence(env, orgId, { invoiceIds: [a.invoiceId] })
  const [now_] = await db
    .select({ status: approvals.status })
    .from(approvals)
    .where(and(eq(approvals.orgId, orgId), eq(approvals.id, approvalId)))
  const decided: DecisionResult["status"] = now_?.status === "approved" || now_?.status === "rejected" ? now_.status : "pending"
  const [signatures] = await db
    .select({ n: sql<number>`count(*)` })
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.orgId, orgId), eq(approvalDecisions.approvalId, approvalId), eq(approvalDecisions.decision, "approve")))
  await notifyDecision(db, env, orgId, { ...a, status: decided }, actor, decision, comment)
  return { status: decided, approvalsGiven: Number(signatures?.n ?? given), approvalsRequired: a.approvalsRequired }
}
