// The approvals inbox pages: list, one request, approve / reject with comment, propose from an invoice.
import { Hono } from "hono"
import { and, eq } from "drizzle-orm"
import { approvalDetail, approvalList } from "../../../db/approvals"
import { customers, invoices } from "../../../db/schema"
import { parseAmount } from "../../../domain/money"
import { decideApproval } from "../../../services/approvals"
import { parseProposal, proposeOnInvoice } from "../../../services/approval-proposals"
import type { AppContext, AppEnv } from "../../env"
import { AppError, forbidden, notFound } from "../../errors"
import { can } from "../../../domain/roles"
import { ApprovalDetailPage, ApprovalsPage } from "../../views/policies/approvals"
import { ProposePage } from "../../views/policies/propose"

async function inbox(c: AppContext, extra: { notice?: string; error?: string; status?: number } = {}) {
  const orgId = c.var.member.orgId
  const [pending, decided] = await Promise.all([approvalList(c.var.db, orgId, "pending"), approvalList(c.var.db, orgId, "decided", 25)])
  return c.html(
    <ApprovalsPage member={c.var.member} pending={pending} decided={decided} notice={extra.notice} error={extra.error} />,
    (extra.status ?? 200) as 200,
  )
}

/** By id, or by invoice number as typed in the inbox's request form. */
async function invoiceFor(c: AppContext, id: string, number = "") {
  const [inv] = await c.var.db
    .select({
      id: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      customerName: customers.name,
      balanceMinor: invoices.balanceMinor,
      currency: invoices.currency,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(and(eq(invoices.orgId, c.var.member.orgId), number.trim() ? eq(invoices.invoiceNumber, number.trim()) : eq(invoices.id, id)))
  if (!inv) throw notFound("Invoice")
  return inv
}

const notices: Record<string, string> = {
  approved: "Approved. The requester has been emailed.",
  rejected: "Rejected. The requester has been emailed.",
  pending: "Signed. A second, different approver has been asked.",
  requested: "Sent for approval. The approvers have been emailed.",
}

async function decide(c: AppContext, decision: "approve" | "reject") {
  const form = await c.req.parseBody()
  try {
    const r = await decideApproval(
      c.var.db,
      c.env,
      c.var.member.orgId,
      c.var.actor,
      c.req.param("id")!,
      decision,
      typeof form.comment === "string" ? form.comment : null,
    )
    return c.redirect(`/work/approvals?notice=${r.status === "pending" ? "pending" : r.status}`, 303)
  } catch (err) {
    if (!(err instanceof AppError) || err.status === 404 || err.status >= 500) throw err
    return inbox(c, { error: err.message, status: err.status })
  }
}

export const approvalPages = new Hono<AppEnv>()
  .get("/work/approvals", (c) => inbox(c, { notice: notices[c.req.query("notice") ?? ""] }))
  .post("/work/approvals", async (c) => {
    const form = await c.req.parseBody()
    const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === "string" ? v : ""]))
    const inv = await invoiceFor(c, values.invoice_id ?? "")
    try {
      const amount = parseAmount(values.amount ?? "", inv.currency)
      const p = parseProposal({ kind: values.kind, invoice_id: inv.id, amount_minor: amount ?? -1, reason: values.reason ?? "" })
      const r = await proposeOnInvoice(c.var.db, c.env, c.var.member.orgId, c.var.actor, p)
      return c.redirect(r.status === "approved" ? `/work/approvals?notice=approved` : `/work/approvals?notice=requested`, 303)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      const detail = err.details.map((d) => d.message).join("; ")
      return c.html(
        <ProposePage member={c.var.member} invoice={inv} values={values} error={`${err.message}${detail ? `: ${detail}` : ""}`} />,
        err.status as 400,
      )
    }
  })
  .get("/work/approvals/:id", async (c) => {
    // "new" (the request form) shares the :id route (one access rule per path); proposing needs its capability.
    if (c.req.param("id") === "new") {
      if (!can(c.var.member.role, "propose")) throw forbidden()
      return c.html(
        <ProposePage
          member={c.var.member}
          invoice={await invoiceFor(c, c.req.query("invoice_id") ?? "", c.req.query("invoice_number") ?? "")}
        />,
      )
    }
    const d = await approvalDetail(c.var.db, c.var.member.orgId, c.req.param("id"))
    if (!d) throw notFound("Approval request")
    return c.html(<ApprovalDetailPage member={c.var.member} d={d} />)
  })
  .post("/work/approvals/:id/approve", (c) => decide(c, "approve"))
  .post("/work/approvals/:id/reject", (c) => decide(c, "reject"))
