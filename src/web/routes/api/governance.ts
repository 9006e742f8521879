// /api/v1/audit (+ .csv), /api/v1/approvals: the audit log and the approvals inbox for integrations.
import { Hono } from "hono"
import { z } from "zod"
import { approvalList } from "../../../db/approvals"
import { auditAll, auditPage, type AuditRow } from "../../../db/audit-log"
import { toCsv } from "../../../integrations/csv"
import { calendarDateError, isCalendarDate } from "../../../domain/dates"
import { decideApproval } from "../../../services/approvals"
import { parseProposal, proposalSchema, proposeOnInvoice } from "../../../services/approval-proposals"
import { badRequest } from "../../errors"
import type { AppContext, AppEnv } from "../../env"
import { describeRoute, listOf } from "../../openapi"
import { jsonBody } from "../policies/who"

const auditQuery = z.object({
  actor: z.string().optional().describe("actor id or part of the actor's name"),
  action: z.string().optional().describe("an action (segment.updated) or a prefix (segment)"),
  from: z.string().optional().describe("YYYY-MM-DD or ISO time, inclusive"),
  to: z.string().optional().describe("YYYY-MM-DD or ISO time, inclusive"),
  limit: z.string().optional(),
  cursor: z.string().optional(),
})
const auditOut = z.object({
  id: z.string(),
  created_at: z.string(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  actor_label: z.string().nullable(),
  action: z.string(),
  subject_type: z.string().nullable(),
  subject_id: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
})
const approvalOut = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  subject_type: z.string(),
  subject_id: z.string(),
  invoice_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  amount_minor: z.number(),
  currency: z.string(),
  required_roles: z.array(z.string()),
  approvals_required: z.number(),
  approvals_given: z.number(),
  requested_by: z.string().nullable(),
  reason: z.string().nullable(),
  created_at: z.string(),
  decided_at: z.string().nullable(),
})
const decisionIn = z.object({ comment: z.string().max(2000).optional() }).strict()

describeRoute({
  method: "get",
  path: "/api/v1/audit",
  summary: "Audit log, newest first, filtered by actor, action and time range",
  tags: ["Governance"],
  query: auditQuery,
  responses: { 200: { description: "Entries", schema: listOf(auditOut) } },
})
describeRoute({
  method: "get",
  path: "/api/v1/audit.csv",
  summary: "The filtered audit log as CSV",
  tags: ["Governance"],
  query: auditQuery,
  responses: { 200: { description: "CSV", contentType: "text/csv", schema: z.string() } },
})
describeRoute({
  method: "get",
  path: "/api/v1/approvals",
  summary: "Approval requests",
  tags: ["Approvals"],
  query: z.object({ status: z.enum(["pending", "decided", "all"]).optional() }),
  responses: { 200: { description: "Requests", schema: listOf(approvalOut) } },
})
describeRoute({
  method: "post",
  path: "/api/v1/approvals",
  summary: "Propose a discount, credit or write-off on an invoice (goes to approval)",
  tags: ["Approvals"],
  body: proposalSchema,
  responses: {
    201: {
      description: "Requested",
      schema: z.object({ id: z.string(), status: z.string(), required_roles: z.array(z.string()), approvals_required: z.number() }),
    },
    422: { description: "Above a policy cap or the open balance" },
  },
})
for (const d of ["approve", "reject"] as const)
  describeRoute({
    method: "post",
    path: `/api/v1/approvals/:id/${d}`,
    summary:
      d === "approve"
        ? "Approve (dual sign-off above the high threshold: two different approvers, neither the requester)"
        : "Reject with a comment",
    tags: ["Approvals"],
    body: decisionIn,
    responses: {
      200: {
        description: "Decision recorded",
        schema: z.object({ status: z.string(), approvals_given: z.number(), approvals_required: z.number() }),
      },
      409: { description: "Already decided" },
      422: { description: "Requester, or the same approver twice" },
    },
  })

export function auditJson(a: AuditRow) {
  return {
    id: a.id,
    created_at: a.createdAt,
    actor_type: a.actorType,
    actor_id: a.actorId,
    actor_label: a.actorLabel,
    action: a.action,
    subject_type: a.subjectType,
    subject_id: a.subjectId,
    before: a.before,
    after: a.after,
  }
}

export function auditCsv(rows: AuditRow[]): string {
  return toCsv(
    ["time", "actor_type", "actor", "actor_id", "action", "subject_type", "subject_id", "before", "after"],
    rows.map((a) => [a.createdAt, a.actorType, a.actorLabel, a.actorId, a.action, a.subjectType, a.subjectId, a.before, a.after]),
  )
}

/** A calendar date, or an ISO time in UTC whose date part is one (`2026-02-30T10:00:00Z` is not). */
const dayOrTime = (v: string) => {
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/.exec(v)
  return !!m && isCalendarDate(m[1]) && !Number.isNaN(Date.parse(v))
}

function filterOf(q: Record<string, string | undefined>) {
  for (const k of ["from", "to"] as const)
    if (q[k] && !dayOrTime(q[k]!))
      throw badRequest(`${k} must be a date (YYYY-MM-DD) or an ISO time`, [
        { field: k, message: calendarDateError(q[k]!.slice(0, 10)) ?? "not an ISO time" },
      ])
  return { actor: q.actor, action: q.action, from: q.from, to: q.to }
}

export const governanceApi = new Hono<AppEnv>()
  .get("/api/v1/audit", async (c) => {
    const q = c.req.query()
    const limit = Math.min(200, Math.max(1, Number(q.limit) || 50))
    const page = await auditPage(c.var.db, c.var.member.orgId, filterOf(q), limit, q.cursor)
    return c.json({ data: page.rows.map(auditJson), next_cursor: page.next })
  })
  .get("/api/v1/audit.csv", async (c) => {
    const rows = await auditAll(c.var.db, c.var.member.orgId, filterOf(c.req.query()))
    c.header("Content-Type", "text/csv; charset=utf-8")
    c.header("Content-Disposition", `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`)
    return c.body(auditCsv(rows))
  })
  .get("/api/v1/approvals", async (c) => {
    const status = (c.req.query("status") ?? "pending") as "pending" | "decided" | "all"
    if (!["pending", "decided", "all"].includes(status)) throw badRequest("status must be pending, decided or all")
    const rows = await approvalList(c.var.db, c.var.member.orgId, status, 200)
    return c.json({
      data: rows.map(({ approval: a, decisions }) => ({
        id: a.id,
        kind: a.kind,
        status: a.status,
        subject_type: a.subjectType,
        subject_id: a.subjectId,
        invoice_id: a.invoiceId,
        customer_id: a.customerId,
        amount_minor: a.amountMinor,
        currency: a.currency,
        required_roles: a.requiredRoles,
        approvals_required: a.approvalsRequired,
        approvals_given: decisions.filter((d) => d.d.decision === "approve").length,
        requested_by: a.requestedByLabel,
        reason: a.reason,
        created_at: a.createdAt,
        decided_at: a.decidedAt,
      })),
      next_cursor: null,
    })
  })
  .post("/api/v1/approvals", async (c) => {
    const r = await proposeOnInvoice(c.var.db, c.env, c.var.member.orgId, c.var.actor, parseProposal(await jsonBody(c)))
    return c.json({ id: r.id, status: r.status, required_roles: r.requiredRoles, approvals_required: r.approvalsRequired }, 201)
  })
  .post("/api/v1/approvals/:id/approve", (c) => decide(c, "approve"))
  .post("/api/v1/approvals/:id/reject", (c) => decide(c, "reject"))

async function decide(c: AppContext, decision: "approve" | "reject") {
  const text = await c.req.text()
  let body: unknown = {}
  try {
    body = text.trim() ? JSON.parse(text) : {}
  } catch {
    throw badRequest("The body must be JSON")
  }
  const { comment } = decisionIn.parse(body)
  const r = await decideApproval(c.var.db, c.env, c.var.member.orgId, c.var.actor, c.req.param("id")!, decision, comment ?? null)
  return c.json({ status: r.status, approvals_given: r.approvalsGiven, approvals_required: r.approvalsRequired })
}
