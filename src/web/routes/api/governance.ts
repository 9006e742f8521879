// /api/v1/audit (+ .csv), /api/v1/approvals: the audit log and the approvals inbox for integrations.
// Two sub-apps: audit mounts at /api/v1 (audit and audit.csv are siblings), approvals at /api/v1/approvals.
import { z } from "zod"
import { approvalList } from "../../../db/approvals"
import { auditAll, auditPage, type AuditRow } from "../../../db/audit-log"
import { toCsv } from "../../../integrations/csv"
import { calendarDateError, isCalendarDate } from "../../../domain/dates"
import { decideApproval } from "../../../services/approvals"
import { proposalSchema, proposeOnInvoice } from "../../../services/approval-proposals"
import { badRequest } from "../../errors"
import { apiApp, apiRoute } from "../../api-route"
import { idParam, MAX_LIMIT } from "../../api-schemas"
import { listOf } from "../../openapi"

const auditQuery = z.object({
  actor: z.string().optional().describe("actor id or part of the actor's name"),
  action: z.string().optional().describe("an action (segment.updated) or a prefix (segment)"),
  from: z.string().optional().describe("YYYY-MM-DD or ISO time, inclusive"),
  to: z.string().optional().describe("YYYY-MM-DD or ISO time, inclusive"),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50).describe(`page size, at most ${MAX_LIMIT}`),
  cursor: z.string().max(200).optional().describe("next_cursor of the previous page"),
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

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } })
const decisionOut = z.object({ status: z.string(), approvals_given: z.number(), approvals_required: z.number() })

const auditList = apiRoute({
  method: "get",
  path: "/audit",
  capability: "audit_read",
  summary: "Audit log, newest first, filtered by actor, action and time range",
  tags: ["Governance"],
  request: { query: auditQuery },
  responses: { 200: { description: "Entries", content: json(listOf(auditOut)) }, 400: { description: "A filter is not valid" } },
})
const auditExport = apiRoute({
  method: "get",
  path: "/audit.csv",
  capability: "exports",
  summary: "The filtered audit log as CSV",
  tags: ["Governance"],
  request: { query: auditQuery.omit({ limit: true, cursor: true }) },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    400: { description: "A filter is not valid" },
  },
})
const approvalsList = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Approval requests",
  tags: ["Approvals"],
  request: { query: z.object({ status: z.enum(["pending", "decided", "all"]).default("pending") }) },
  responses: { 200: { description: "Requests", content: json(listOf(approvalOut)) } },
})
const propose = apiRoute({
  method: "post",
  path: "/",
  capability: "propose",
  summary: "Propose a discount, credit or write-off on an invoice (goes to approval)",
  tags: ["Approvals"],
  request: { body: { required: true, content: json(proposalSchema) } },
  responses: {
    201: {
      description: "Requested",
      content: json(z.object({ id: z.string(), status: z.string(), required_roles: z.array(z.string()), approvals_required: z.number() })),
    },
    422: { description: "Above a policy cap or the open balance" },
  },
})
const decision = (d: "approve" | "reject") =>
  apiRoute({
    method: "post",
    path: `/{id}/${d}`,
    capability: "approve",
    summary:
      d === "approve"
        ? "Approve (dual sign-off above the high threshold: two different approvers, neither the requester)"
        : "Reject with a comment",
    tags: ["Approvals"],
    request: { params: idParam, body: { required: false, content: json(decisionIn) } },
    responses: {
      200: { description: "Decision recorded", content: json(decisionOut) },
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

function filterOf(q: { actor?: string; action?: string; from?: string; to?: string }) {
  for (const k of ["from", "to"] as const)
    if (q[k] && !dayOrTime(q[k]!))
      throw badRequest(`${k} must be a date (YYYY-MM-DD) or an ISO time`, [
        { field: k, message: calendarDateError(q[k]!.slice(0, 10)) ?? "not an ISO time" },
      ])
  return { actor: q.actor, action: q.action, from: q.from, to: q.to }
}

export const auditApi = apiApp()
  .openapi(auditList, async (c) => {
    const q = c.req.valid("query")
    const page = await auditPage(c.var.db, c.var.member.orgId, filterOf(q), q.limit, q.cursor)
    return c.json({ data: page.rows.map(auditJson), next_cursor: page.next }, 200)
  })
  .openapi(auditExport, async (c) => {
    const rows = await auditAll(c.var.db, c.var.member.orgId, filterOf(c.req.valid("query")))
    c.header("Content-Type", "text/csv; charset=utf-8")
    c.header("Content-Disposition", `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`)
    return c.body(auditCsv(rows))
  })

export const approvalApi = apiApp()
  .openapi(approvalsList, async (c) => {
    const rows = await approvalList(c.var.db, c.var.member.orgId, c.req.valid("query").status, 200)
    return c.json(
      {
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
      },
      200,
    )
  })
  .openapi(propose, async (c) => {
    const r = await proposeOnInvoice(c.var.db, c.env, c.var.member.orgId, c.var.actor, c.req.valid("json"))
    return c.json({ id: r.id, status: r.status, required_roles: r.requiredRoles, approvals_required: r.approvalsRequired }, 201)
  })

for (const d of ["approve", "reject"] as const)
  approvalApi.openapi(decision(d), async (c) => {
    const { comment } = c.req.valid("json")
    const r = await decideApproval(c.var.db, c.env, c.var.member.orgId, c.var.actor, c.req.valid("param").id, d, comment ?? null)
    return c.json({ status: r.status, approvals_given: r.approvalsGiven, approvals_required: r.approvalsRequired }, 200)
  })
