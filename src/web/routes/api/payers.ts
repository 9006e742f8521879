// Payer API (API.md "Payers"): portal links, promises, disputes; one sub-app each, mounted under /api/v1.
import { and, eq } from "drizzle-orm"
import { z } from "zod"
import { disputeDetail, disputeStatuses, listDisputes, listPromises, promiseStatuses, type DisputeRow } from "../../../db/collections"
import { promises } from "../../../db/schema"
import { disputeReasons } from "../../../db/schema/outreach"
import { slaState } from "../../../domain/portal-rules"
import { sendDisputeReply, updateDispute } from "../../../services/dispute-work"
import { createPortalLink, MAX_LINK_DAYS, revokePortalLink } from "../../../services/portal-links"
import { logPromise, promiseChannels } from "../../../services/promises"
import { apiApp, apiRoute } from "../../api-route"
import { idParam } from "../../api-schemas"
import { notFound } from "../../errors"
import { listOf } from "../../openapi"

const linkBody = z.object({
  customer_id: z.string().min(1).max(80),
  expires_in_days: z.number().int().min(1).max(MAX_LINK_DAYS).optional().describe(`1 to ${MAX_LINK_DAYS}; default 30`),
})
const linkOut = z.object({ id: z.string(), url: z.string(), expires_at: z.string() })
const pageQuery = z.object({
  invoice_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})
const promisesQuery = pageQuery.extend({ status: z.enum(promiseStatuses).optional(), customer_id: z.string().optional() })
const promiseBody = z.object({
  invoice_id: z.string().min(1).max(80),
  promised_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "promised_date must be a date as YYYY-MM-DD"),
  amount_minor: z.number().int().positive().optional().describe("defaults to the open balance"),
  note: z.string().max(2000).optional(),
  channel: z.enum(promiseChannels).optional().describe("how the promise was heard"),
})
const disputesQuery = pageQuery.extend({
  status: z
    .enum([...disputeStatuses, "active"])
    .optional()
    .describe("active = open, investigating or pending_credit"),
  reason: z.enum(disputeReasons).optional(),
})
const promiseOut = z.object({
  id: z.string(),
  invoice_id: z.string(),
  invoice_number: z.string(),
  customer_id: z.string(),
  customer_name: z.string(),
  amount_minor: z.number().int(),
  currency: z.string(),
  promised_date: z.string(),
  status: z.enum(promiseStatuses),
  source: z.string(),
  created_at: z.string(),
  resolved_at: z.string().nullable(),
})
const disputeOut = z.object({
  id: z.string(),
  invoice_id: z.string(),
  invoice_number: z.string(),
  customer_id: z.string(),
  customer_name: z.string(),
  reason: z.enum(disputeReasons),
  message: z.string().nullable(),
  status: z.enum(disputeStatuses),
  source: z.string(),
  sla_due_at: z.string(),
  sla_state: z.enum(["due", "at_risk", "breached", "paused", "closed"]),
  sla_paused_at: z.string().nullable(),
  first_response_at: z.string().nullable(),
  reopen_count: z.number().int(),
  resolution: z.string().nullable(),
  credit_minor: z.number().int().nullable(),
  currency: z.string(),
  evidence_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().nullable(),
})
const disputePatch = z.object({
  status: z
    .enum(["investigating", "waiting_on_payer", "escalated", "resolved", "rejected", "reopened"])
    .optional()
    .describe("a move: waiting_on_payer pauses the SLA (by reason), escalated hands it to Legal, reopened starts a fresh SLA"),
  notes: z.string().max(4000).optional().describe("added as a note on the dispute"),
  credit_minor: z.number().int().min(0).optional().describe("with status resolved: a credit that goes to approval first"),
  resolution: z.string().max(1000).optional().describe("required with rejected: the reason the payer is told"),
})
const replyBody = z.object({
  template: z.string().max(60).describe("a reply template of the dispute's reason"),
  key: z.string().min(8).max(64).describe("client token: the same key twice sends once"),
})

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } })

const createLink = apiRoute({
  method: "post",
  path: "/",
  capability: "outreach",
  summary: "Create a payer link for a customer",
  tags: ["Payers"],
  request: { body: { required: true, content: json(linkBody) } },
  responses: { 201: { description: "The link", content: json(linkOut) }, 404: { description: "No such customer" } },
})
const revokeLink = apiRoute({
  method: "delete",
  path: "/{id}",
  capability: "outreach",
  summary: "Revoke a payer link (it then answers 410)",
  tags: ["Payers"],
  request: { params: idParam },
  responses: {
    200: { description: "Revoked", content: json(z.object({ id: z.string(), revoked_at: z.string() })) },
    404: { description: "No such link" },
  },
})
const promiseList = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Promises to pay",
  tags: ["Payers"],
  request: { query: promisesQuery },
  responses: { 200: { description: "Promises, newest first", content: json(listOf(promiseOut)) } },
})
const promiseLog = apiRoute({
  method: "post",
  path: "/",
  capability: "outreach",
  summary: "Log a promise to pay; reminders for the invoice then wait (promise_active). Idempotency-Key: the same key logs once",
  tags: ["Payers"],
  request: { body: { required: true, content: json(promiseBody) } },
  responses: {
    201: { description: "Logged", content: json(z.object({ id: z.string(), status: z.enum(promiseStatuses) })) },
    404: { description: "No such invoice" },
    422: { description: "Date or amount outside the policy" },
  },
})
const disputeList = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Disputes with their SLA state",
  tags: ["Payers"],
  request: { query: disputesQuery },
  responses: { 200: { description: "Disputes, soonest SLA first", content: json(listOf(disputeOut)) } },
})
const disputeChange = apiRoute({
  method: "patch",
  path: "/{id}",
  capability: "disputes",
  summary: "Change a dispute's status and/or add a note",
  tags: ["Payers"],
  request: { params: idParam, body: { required: true, content: json(disputePatch) } },
  responses: {
    200: { description: "The dispute", content: json(disputeOut.extend({ approval_id: z.string().nullable() })) },
    404: { description: "No such dispute" },
    409: { description: "Already closed or waiting for a credit approval" },
  },
})
const disputeReply = apiRoute({
  method: "post",
  path: "/{id}/replies",
  capability: "disputes",
  summary: "Send one of the reason's reply templates to the payer (through the outbox and the send rule)",
  tags: ["Payers"],
  request: { params: idParam, body: { required: true, content: json(replyBody) } },
  responses: {
    201: { description: "Queued", content: json(z.object({ outreach_id: z.string(), subject: z.string() })) },
    404: { description: "No such dispute" },
  },
})

export function disputeJson(d: DisputeRow, now = new Date()) {
  return {
    id: d.id,
    invoice_id: d.invoiceId,
    invoice_number: d.invoiceNumber,
    customer_id: d.customerId,
    customer_name: d.customerName,
    reason: d.reason,
    message: d.message,
    status: d.status,
    source: d.source,
    sla_due_at: d.slaDueAt,
    sla_state: slaState(d.slaDueAt, d.status, now, d.slaPausedAt),
    sla_paused_at: d.slaPausedAt,
    first_response_at: d.firstResponseAt,
    reopen_count: d.reopenCount,
    resolution: d.resolution,
    credit_minor: d.creditMinor,
    currency: d.currency,
    evidence_count: Number(d.evidenceCount),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    resolved_at: d.resolvedAt,
  }
}

export const portalLinkApi = apiApp()
  .openapi(createLink, async (c) => {
    const body = c.req.valid("json")
    const link = await createPortalLink(c.env, c.var.db, c.var.member.orgId, c.var.actor, body.customer_id, body.expires_in_days)
    return c.json({ id: link.id, url: link.url, expires_at: link.expiresAt }, 201)
  })
  .openapi(revokeLink, async (c) => {
    const r = await revokePortalLink(c.var.db, c.var.member.orgId, c.var.actor, c.req.valid("param").id)
    return c.json({ id: r.id, revoked_at: r.revokedAt }, 200)
  })

export const promiseApi = apiApp()
  .openapi(promiseList, async (c) => {
    const q = c.req.valid("query")
    const page = await listPromises(
      c.var.db,
      c.var.member.orgId,
      { status: q.status, invoiceId: q.invoice_id, customerId: q.customer_id },
      { limit: q.limit, cursor: q.cursor },
    )
    return c.json(
      {
        data: page.data.map((p) => ({
          id: p.id,
          invoice_id: p.invoiceId,
          invoice_number: p.invoiceNumber,
          customer_id: p.customerId,
          customer_name: p.customerName,
          amount_minor: p.amountMinor,
          currency: p.currency,
          promised_date: p.promisedDate,
          status: p.status,
          source: p.source,
          created_at: p.createdAt,
          resolved_at: p.resolvedAt,
        })),
        next_cursor: page.nextCursor,
      },
      200,
    )
  })
  .openapi(promiseLog, async (c) => {
    const b = c.req.valid("json")
    const { db, member, actor } = c.var
    const promise = { invoiceId: b.invoice_id, promisedDate: b.promised_date, amountMinor: b.amount_minor, note: b.note }
    const formKey = c.req.header("Idempotency-Key") ?? null
    const id = await logPromise(c.env, db, member.orgId, actor, { ...promise, channel: b.channel, formKey })
    const [p] = await db
      .select({ status: promises.status })
      .from(promises)
      .where(and(eq(promises.orgId, member.orgId), eq(promises.id, id)))
    return c.json({ id, status: p?.status ?? ("open" as const) }, 201)
  })

export const disputeApi = apiApp()
  .openapi(disputeList, async (c) => {
    const q = c.req.valid("query")
    const page = await listDisputes(
      c.var.db,
      c.var.member.orgId,
      { status: q.status, reason: q.reason, invoiceId: q.invoice_id },
      { limit: q.limit, cursor: q.cursor },
    )
    return c.json({ data: page.data.map((d) => disputeJson(d)), next_cursor: page.nextCursor }, 200)
  })
  .openapi(disputeChange, async (c) => {
    const body = c.req.valid("json")
    const { id } = c.req.valid("param")
    const r = await updateDispute(c.env, c.var.db, c.var.member.orgId, c.var.actor, id, {
      status: body.status,
      note: body.notes,
      creditMinor: body.credit_minor,
      resolution: body.resolution,
    })
    const detail = await disputeDetail(c.var.db, c.var.member.orgId, id)
    if (!detail) throw notFound("Dispute")
    return c.json({ ...disputeJson(detail.dispute), approval_id: r.approvalId }, 200)
  })
  .openapi(disputeReply, async (c) => {
    const body = c.req.valid("json")
    const r = await sendDisputeReply(c.env, c.var.db, c.var.member.orgId, c.var.actor, c.req.valid("param").id, body.template, body.key)
    return c.json({ outreach_id: r.outreachId, subject: r.subject }, 201)
  })
