// Tells the payer what an approver decided: plan accepted or declined, dispute credit resolved, credit or discount applied.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { disputes, invoices, paymentPlans, type approvals } from "../db/schema"
import { formatMoney } from "../domain/money"
import { queueOutcome } from "./payer-outcomes"

type Decided = typeof approvals.$inferSelect

/** After a final decision has committed. A rejected credit or discount is finance's own business: the payer hears nothing. */
export async function tellPayerOfDecision(env: Env, db: Db, orgId: string, a: Decided, comment: string | null): Promise<void> {
  if (!a.invoiceId || (a.status !== "approved" && a.status !== "rejected")) return
  const key = `outcome:${a.id}`
  if (a.subjectType === "payment_plan") {
    const [plan] = await db
      .select({ count: paymentPlans.instalmentCount, frequency: paymentPlans.frequency, firstDate: paymentPlans.firstDate })
      .from(paymentPlans)
      .where(and(eq(paymentPlans.orgId, orgId), eq(paymentPlans.id, a.subjectId)))
      .limit(1)
    const schedule = plan
      ? `${plan.count} ${plan.frequency} instalments for ${formatMoney(a.amountMinor, a.currency)}, the first on ${plan.firstDate}.`
      : ""
    if (a.status === "approved") await queueOutcome(env, db, orgId, "plan_accepted", { invoiceId: a.invoiceId, key, detail: schedule })
    else await queueOutcome(env, db, orgId, "plan_declined", { invoiceId: a.invoiceId, key, detail: comment })
    return
  }
  if (a.status !== "approved") return
  if (a.subjectType === "dispute") {
    const [d] = await db
      .select({ resolution: disputes.resolution })
      .from(disputes)
      .where(and(eq(disputes.orgId, orgId), eq(disputes.id, a.subjectId)))
      .limit(1)
    const credit = `A credit of ${formatMoney(a.amountMinor, a.currency)} was applied to the invoice.`
    await queueOutcome(env, db, orgId, "dispute_resolved", {
      invoiceId: a.invoiceId,
      key,
      amountMinor: a.amountMinor,
      detail: [d?.resolution, credit].filter(Boolean).join("\n\n"),
    })
    return
  }
  if (a.kind === "credit" || a.kind === "discount") {
    const [inv] = await db
      .select({ balance: invoices.balanceMinor })
      .from(invoices)
      .where(and(eq(invoices.orgId, orgId), eq(invoices.id, a.invoiceId)))
      .limit(1)
    await queueOutcome(env, db, orgId, "credit_applied", {
      invoiceId: a.invoiceId,
      key,
      amountMinor: a.amountMinor,
      balanceAfterMinor: inv?.balance,
      detail: a.kind === "discount" ? "It is a discount on the invoice." : "",
    })
  }
}
