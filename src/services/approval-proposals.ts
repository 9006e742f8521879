// Proposing a discount, credit or write-off on an invoice (propose capability): the request goes to approval.
import { and, eq } from "drizzle-orm"
import { z } from "zod"
import type { Db } from "../db/client"
import { invoices } from "../db/schema"
import { badRequest, notFound, unprocessable, zodDetails } from "../domain/errors"
import { notifyApprovers } from "./approval-emails"
import { approvalRequest, type Statement } from "./approvals"
import type { Actor } from "./audit"

export const proposalSchema = z
  .object({
    kind: z.enum(["discount", "credit", "write_off"]),
    invoice_id: z.string().min(1),
    amount_minor: z.number().int().positive("The amount must be positive"),
    reason: z.string().trim().min(3, "Say why (a few words at least)").max(2000),
  })
  .strict()
export type Proposal = z.infer<typeof proposalSchema>

export function parseProposal(body: unknown): Proposal {
  const r = proposalSchema.safeParse(body)
  if (!r.success) throw badRequest("The request is not valid", zodDetails(r.error.issues))
  return r.data
}

export async function proposeOnInvoice(db: Db, env: Env, orgId: string, actor: Actor, p: Proposal, now = new Date()) {
  const [inv] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, p.invoice_id)))
  if (!inv) throw notFound("Invoice")
  if (inv.status !== "open")
    throw unprocessable(`Invoice ${inv.invoiceNumber} is ${inv.status}; only open invoices take a ${p.kind.replace("_", "-")}`)
  if (p.amount_minor > inv.balanceMinor)
    throw unprocessable("The amount is above the invoice's open balance", [{ field: "amount_minor", message: "above the open balance" }])
  const r = await approvalRequest(
    db,
    orgId,
    actor,
    {
      kind: p.kind,
      subjectType: "invoice",
      subjectId: inv.id,
      invoiceId: inv.id,
      customerId: inv.customerId,
      amountMinor: p.amount_minor,
      currency: inv.currency,
      reason: p.reason,
    },
    now,
  )
  await db.batch(r.statements as [Statement, ...Statement[]])
  if (r.status === "pending") await notifyApprovers(db, env, orgId, r.id)
  return r
}
