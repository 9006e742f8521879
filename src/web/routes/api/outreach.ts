// Outreach API (API.md "Outreach" and "Additions"): list, compose, one outreach with its status history, approve and
// reject drafts; and the Autopilot tick on demand. One serializer (`outreachJson`) shapes every outreach answer.
import { and, eq } from "drizzle-orm"
import { z } from "zod"
import { outreachAfter } from "../../../db/outreach-queries"
import { statusHistory } from "../../../db/outreach-state"
import { outreach, outreachStatuses } from "../../../db/schema"
import { approveOutreach, composeOutreach, rejectOutreach, tenantOf } from "../../../services/outreach"
import { describeRefusal } from "../../../tenant/approve"
import { apiApp, apiRoute } from "../../api-route"
import { decodeCursor, encodeCursor, idParam } from "../../api-schemas"
import { notFound, unprocessable } from "../../errors"
import { listOf } from "../../openapi"

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } })

const tickOut = z.object({
  drafted: z.number(),
  queued: z.number(),
  skipped: z.record(z.string(), z.number()),
  deferred: z.record(z.string(), z.number()),
  escalated: z.number(),
  invoices_seen: z.number(),
  due: z.number().describe("rows the tick had to look at: the due ones from the TenantDO's cadence state, or all on a rebuild"),
  queries: z.number(),
  ms: z.number(),
})
const listQuery = z.object({
  status: z.enum(outreachStatuses).optional(),
  invoice_id: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})
const outreachOut = z.object({
  id: z.string(),
  invoice_id: z.string().nullable(),
  customer_id: z.string(),
  segment_id: z.string().nullable(),
  kind: z.string(),
  status: z.enum(outreachStatuses),
  reason: z.string().nullable(),
  to_email: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  step_position: z.number().nullable(),
  scheduled_for: z.string().nullable(),
  sent_at: z.string().nullable(),
  responded_at: z.string().nullable(),
  rejected_reason: z.string().nullable(),
  attempts: z.number().int(),
  approved_by: z.string().nullable(),
  created_at: z.string(),
})
const historyOut = z.object({ status: z.string(), at: z.string(), reason: z.string().nullable(), actor: z.string().nullable() })
const composeBody = z.object({
  invoice_id: z.string().min(1).max(80),
  subject: z.string().max(200),
  body: z.string().max(10_000),
  send_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("ISO 8601; the next allowed moment at or after it (quiet hours, business days)"),
})
const blockerDetail = z.object({ field: z.literal("invoice"), reason: z.string(), message: z.string() })
const approveBody = z.object({ override: z.boolean().optional() }).strict()
const rejectBody = z.object({ reason: z.string().min(1, "Say why the draft is rejected (1-500 characters)").max(500) })

type OutreachRow = typeof outreach.$inferSelect

export function outreachJson(o: OutreachRow) {
  return {
    id: o.id,
    invoice_id: o.invoiceId || null,
    customer_id: o.customerId,
    segment_id: o.segmentId,
    kind: o.kind,
    status: o.status,
    reason: o.reason,
    to_email: o.toEmail,
    subject: o.subject,
    body: o.bodyText,
    step_position: o.stepPosition,
    scheduled_for: o.scheduledFor,
    sent_at: o.sentAt,
    responded_at: o.respondedAt,
    rejected_reason: o.rejectedReason,
    attempts: o.attempts,
    approved_by: o.approvedBy,
    created_at: o.createdAt,
  }
}

const tick = apiRoute({
  method: "post",
  path: "/tick",
  capability: "admin",
  summary: "Run the Autopilot tick for this organisation now (Controller only)",
  tags: ["Outreach"],
  responses: { 200: { description: "What the tick did", content: json(tickOut) } },
})
const list = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Outreach by status and invoice",
  tags: ["Outreach"],
  request: { query: listQuery },
  responses: { 200: { description: "A page of outreach, newest first", content: json(listOf(outreachOut)) } },
})
const compose = apiRoute({
  method: "post",
  path: "/",
  capability: "outreach",
  summary: "Compose a message for one invoice: queued for its billing contact within the send rule and caps",
  tags: ["Outreach"],
  request: { body: { required: true, content: json(composeBody) } },
  responses: {
    201: {
      description: "Queued",
      content: json(z.object({ id: z.string(), status: z.literal("queued"), scheduled_for: z.string().nullable() })),
    },
    422: {
      description: "The send rule's blockers as details",
      content: json(z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(blockerDetail) }) })),
    },
  },
})
const detail = apiRoute({
  method: "get",
  path: "/{id}",
  capability: "read",
  summary: "One outreach with its status history",
  tags: ["Outreach"],
  request: { params: idParam },
  responses: {
    200: { description: "The outreach", content: json(outreachOut.extend({ history: z.array(historyOut) })) },
    404: { description: "No such outreach" },
  },
})
const approve = apiRoute({
  method: "post",
  path: "/{id}/approve",
  capability: "outreach",
  summary:
    "Approve a draft: queued for delivery within the send caps. `override: true` (Controller, A/R Manager) sends a paused segment's draft, audited, still within every cap and the quiet hours",
  tags: ["Outreach"],
  request: { params: idParam, body: { required: false, content: json(approveBody) } },
  responses: {
    200: { description: "Queued", content: json(z.object({ id: z.string(), status: z.literal("queued") })) },
    404: { description: "No such outreach" },
    422: { description: "Refused by the send rule: details name each blocker (promise_active, disputed, cap_segment_day, ...)" },
  },
})
const reject = apiRoute({
  method: "post",
  path: "/{id}/reject",
  capability: "outreach",
  summary: "Reject a draft with a reason",
  tags: ["Outreach"],
  request: { params: idParam, body: { required: true, content: json(rejectBody) } },
  responses: {
    200: { description: "Rejected", content: json(z.object({ id: z.string(), status: z.literal("rejected") })) },
    404: { description: "No such outreach" },
    409: { description: "Not a draft" },
  },
})

export const autopilotApi = apiApp().openapi(tick, async (c) => {
  const s = await tenantOf(c.env, c.var.member.orgId).tickNow(c.var.member.orgId)
  const { drafted, queued, skipped, deferred, escalated, invoices_seen, due, queries, ms } = s
  return c.json({ drafted, queued, skipped, deferred, escalated, invoices_seen, due, queries, ms }, 200)
})

export const outreachApi = apiApp()
  .openapi(list, async (c) => {
    const q = c.req.valid("query")
    const filter = { status: q.status, invoiceId: q.invoice_id }
    const rows = await outreachAfter(c.var.db, c.var.member.orgId, filter, q.limit, decodeCursor(q.cursor))
    const page = rows.slice(0, q.limit)
    const next = rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null
    return c.json({ data: page.map(outreachJson), next_cursor: next }, 200)
  })
  .openapi(compose, async (c) => {
    const b = c.req.valid("json")
    const { db, member, actor } = c.var
    const input = { invoiceId: b.invoice_id, subject: b.subject, body: b.body, sendAt: b.send_at ?? null }
    const { outreachId } = await composeOutreach(c.env, member.orgId, actor, input)
    const [row] = await db
      .select({ scheduledFor: outreach.scheduledFor })
      .from(outreach)
      .where(and(eq(outreach.orgId, member.orgId), eq(outreach.id, outreachId)))
    return c.json({ id: outreachId, status: "queued" as const, scheduled_for: row?.scheduledFor ?? null }, 201)
  })
  .openapi(detail, async (c) => {
    const { id } = c.req.valid("param")
    const { db, member } = c.var
    const [o] = await db
      .select()
      .from(outreach)
      .where(and(eq(outreach.orgId, member.orgId), eq(outreach.id, id)))
      .limit(1)
    if (!o) throw notFound("Outreach")
    return c.json({ ...outreachJson(o), history: await statusHistory(db, member.orgId, o) }, 200)
  })
  .openapi(approve, async (c) => {
    const { id } = c.req.valid("param")
    const { override } = c.req.valid("json")
    const result = await approveOutreach(c.env, c.var.member.orgId, [id], c.var.actor, { override })
    const refused = result.refused[0]
    if (refused?.reason === "not_found") throw notFound("Outreach")
    if (refused) {
      const details = refused.blockers.length
        ? refused.blockers.map((b) => ({ field: "invoice", reason: b.code, message: b.message }))
        : [{ field: "id", reason: refused.reason, message: describeRefusal(refused.reason) }]
      throw unprocessable(`Not approved: ${details.map((d) => d.message).join(" ")}`, details)
    }
    return c.json({ id, status: "queued" as const }, 200)
  })
  .openapi(reject, async (c) => {
    const { id } = c.req.valid("param")
    await rejectOutreach(c.var.db, c.var.member.orgId, c.var.actor, id, c.req.valid("json").reason)
    return c.json({ id, status: "rejected" as const }, 200)
  })
