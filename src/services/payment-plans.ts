// Payment plans proposed by a payer: within the policy's instalment limit they start at once; beyond it they
// go to approval (approvals.ts). Instalments are written with the plan; an active plan's dates drive reminders.
import { and, eq } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { chunk, rowsPerInsert } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { invoices, organisations, paymentPlanInstalments, paymentPlans } from "../db/schema"
import { enqueueSafely, type Delivery } from "../tenant/enqueue"
import { notifyCadence } from "../tenant/notify"
import { planAcknowledgementEmail } from "./payer-emails"
import { payerNotification } from "./payer-notifications"
import { planInstalments, planTermsError, type Frequency } from "../domain/portal-rules"
import { notFound, unprocessable } from "../domain/errors"
import { notifyApprovers } from "./approval-emails"
import { approvalRequest } from "./approvals"
import { auditInsert, type Actor } from "./audit"
import { claimKey, once } from "./idempotency"
import { policyForInvoice } from "./policy-lookup"

export type PlanInput = { customerId: string; invoiceId: string; count: number; frequency: Frequency; firstDate: string; formKey: string }

/** Proposes a plan; returns the plan id and whether it is active now or waits for approval. */
export async function proposePlan(env: Env, db: Db, orgId: string, actor: Actor, input: PlanInput, now = new Date()) {
  const today = nowIso(now).slice(0, 10)
  const [inv] = await db
    .select({
      id: invoices.id,
      number: invoices.invoiceNumber,
      balance: invoices.balanceMinor,
      currency: invoices.currency,
      status: invoices.status,
      orgName: organisations.name,
      senderName: organisations.senderName,
    })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.orgId))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId)))
    .limit(1)
  if (!inv) throw notFound("Invoice")
  if (inv.status !== "open" || inv.balance <= 0)
    throw unprocessable("This invoice has nothing left to pay.", [{ field: "invoice_id", message: "not open" }])
  const refused = planTermsError(input.count, input.frequency, input.firstDate, today)
  if (refused) throw unprocessable(refused.message, [refused])
  if (input.count > inv.balance)
    throw unprocessable("Each instalment must be at least one cent.", [{ field: "count", message: "too many" }])
  const policy = await policyForInvoice(db, orgId, inv.id, now)
  const maxInstalments = policy?.planMaxInstalments ?? 6
  const withinPolicy = input.count <= maxInstalments

  let approvalId: string | null = null
  let acknowledgement: Delivery[] = []
  const result = await once(db, orgId, input.formKey, async () => {
    const planId = newId("plan")
    const at = nowIso(now)
    const schedule = planInstalments(inv.balance, input.count, input.frequency, input.firstDate)
    const rows = schedule.map((i) => ({
      id: newId("pli"),
      orgId,
      planId,
      seq: i.seq,
      dueDate: i.dueDate,
      amountMinor: i.amountMinor,
      paidMinor: 0,
    }))
    const statements: BatchItem<"sqlite">[] = [
      claimKey(db, orgId, input.formKey, planId, now),
      db.insert(paymentPlans).values({
        id: planId,
        orgId,
        customerId: input.customerId,
        invoiceId: inv.id,
        status: withinPolicy ? "active" : "pending_approval",
        instalmentCount: input.count,
        frequency: input.frequency,
        firstDate: input.firstDate,
        totalMinor: inv.balance,
        currency: inv.currency,
        source: actor.type === "payer" ? "portal" : "operator",
        createdAt: at,
        decidedAt: withinPolicy ? at : null,
      }),
      // D1: at most 100 bound parameters per statement
      ...chunk(rows, rowsPerInsert(7)).map((part) => db.insert(paymentPlanInstalments).values(part)),
      auditInsert(
        db,
        orgId,
        actor,
        {
          action: withinPolicy ? "payment_plan.accepted" : "payment_plan.proposed",
          subjectType: "payment_plan",
          subjectId: planId,
          after: {
            invoice_id: inv.id,
            count: input.count,
            frequency: input.frequency,
            first_date: input.firstDate,
            total_minor: inv.balance,
            policy_max_instalments: maxInstalments,
          },
        },
        now,
      ),
    ]
    let active = withinPolicy
    if (!withinPolicy) {
      const approval = await approvalRequest(
        db,
        orgId,
        actor,
        {
          kind: "payment_plan",
          subjectType: "payment_plan",
          subjectId: planId,
          invoiceId: inv.id,
          customerId: input.customerId,
          amountMinor: inv.balance,
          currency: inv.currency,
          reason: `Payer asked for ${input.count} instalments; the policy allows ${maxInstalments}.`,
        },
        now,
      )
      approvalId = approval.id
      active = approval.status === "approved"
      statements.push(...approval.statements)
    }
    const ack = planAcknowledgementEmail("", {
      orgName: inv.senderName ?? inv.orgName,
      invoiceNumber: inv.number,
      count: input.count,
      frequency: input.frequency,
      firstDate: input.firstDate,
      totalMinor: inv.balance,
      currency: inv.currency,
      active,
    })
    // The payer's acknowledgement is an outbox row in the plan's own batch.
    const note = await payerNotification(
      db,
      orgId,
      {
        kind: "acknowledgement",
        customerId: input.customerId,
        invoiceId: inv.id,
        key: `plan_ack:${planId}`,
        subject: ack.subject,
        text: ack.text,
        html: ack.html,
      },
      now,
    )
    acknowledgement = note.deliveries
    statements.push(...note.statements)
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
    return planId
  })
  // A plan on track holds reminders on this invoice (and a pending one may become that): the cadence looks again.
  await notifyCadence(env, orgId, { invoiceIds: [input.invoiceId] })
  await enqueueSafely(env, acknowledgement, now)
  if (approvalId) await notifyApprovers(db, env, orgId, approvalId)
  const [plan] = await db
    .select({ status: paymentPlans.status })
    .from(paymentPlans)
    .where(and(eq(paymentPlans.orgId, orgId), eq(paymentPlans.id, result)))
    .limit(1)
  return { id: result, status: plan?.status ?? "pending_approval" }
}
