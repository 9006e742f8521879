// Autopilot API (API.md "Outreach"): run the tick now, list outreach, approve and reject drafts.
import { Hono } from "hono"
import { z } from "zod"
import { outreachStatuses } from "../../../db/schema"
import { outreachAfter } from "../../../db/outreach-queries"
import { approveOutreach, rejectOutreach, tenantOf } from "../../../services/outreach"
import { describeRefusal } from "../../../tenant/approve"
import { decodeCursor, encodeCursor, parseQuery } from "../../api-schemas"
import { badRequest, notFound, unprocessable } from "../../errors"
import type { AppEnv } from "../../env"
import { describeRoute, listOf } from "../../openapi"

const tickSchema = z.object({
  drafted: z.number(),
  queued: z.number(),
  skipped: z.record(z.string(), z.number()),
  deferred: z.record(z.string(), z.number()),
  escalated: z.number(),
  invoices_seen: z.number(),
  /** Rows the tick had to look at: the due ones from the TenantDO's cadence state, or the whole portfolio on a rebuild. */
  due: z.number(),
  queries: z.number(),
  ms: z.number(),
})
const listQuery = z.object({
  status: z.enum(outreachStatuses).optional(),
  invoice_id: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
})
const outreachSchema = z.object({
  id: z.string(),
  invoice_id: z.string(),
  customer_id: z.string(),
  segment_id: z.string().nullable(),
  kind: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  to_email: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  step_position: z.number().nullable(),
  scheduled_for: z.string().nullable(),
  sent_at: z.string().nullable(),
  responded_at: z.string().nullable(),
  rejected_reason: z.string().nullable(),
  created_at: z.string(),
})
const approveBody = z.object({ override: z.boolean().optional() }).strict()
const rejectBody = z.object({ reason: z.string().min(1).max(500) })

describeRoute({
  method: "post",
  path: "/api/v1/autopilot/tick",
  summary: "Run the Autopilot tick for this organisation now (Controller only)",
  tags: ["Outreach"],
  responses: { 200: { description: "What the tick did", schema: tickSchema } },
})
describeRoute({
  method: "get",
  path: "/api/v1/outreach",
  summary: "Outreach by status and invoice",
  tags: ["Outreach"],
  query: listQuery,
  responses: { 200: { description: "A page of outreach", schema: listOf(outreachSchema) } },
})
describeRoute({
  method: "post",
  path: "/api/v1/outreach/:id/approve",
  summary:
    "Approve a draft: queued for delivery within the send caps. `override: true` (Controller, A/R Manager) sends a paused segment's draft, audited, still within every cap and the quiet hours",
  tags: ["Outreach"],
  body: approveBody,
  responses: {
    200: { description: "Queued", schema: z.object({ id: z.string(), status: z.literal("queued") }) },
    404: { description: "No such outreach" },
    422: { description: "Refused by the send rule: details name each blocker (promise_active, disputed, cap_segment_day, ...)" },
  },
})
describeRoute({
  method: "post",
  path: "/api/v1/outreach/:id/reject",
  summary: "Reject a draft with a reason",
  tags: ["Outreach"],
  body: rejectBody,
  responses: {
    200: { description: "Rejected", schema: z.object({ id: z.string(), status: z.literal("rejected") }) },
    409: { description: "Not a draft" },
  },
})

export const autopilotApiRoutes = new Hono<AppEnv>()
  .post("/api/v1/autopilot/tick", async (c) => {
    const s = await tenantOf(c.env, c.var.member.orgId).tickNow(c.var.member.orgId)
    return c.json({
      drafted: s.drafted,
      queued: s.queued,
      skipped: s.skipped,
      deferred: s.deferred,
      escalated: s.escalated,
      invoices_seen: s.invoices_seen,
      due: s.due,
      queries: s.queries,
      ms: s.ms,
    })
  })
  .get("/api/v1/outreach", async (c) => {
    const q = parseQuery(c, listQuery)
    const rows = await outreachAfter(
      c.var.db,
      c.var.member.orgId,
      { status: q.status, invoiceId: q.invoice_id },
      q.limit,
      decodeCursor(q.cursor),
    )
    const page = rows.slice(0, q.limit)
    return c.json({
      data: page.map((o) => ({
        id: o.id,
        invoice_id: o.invoiceId,
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
        created_at: o.createdAt,
      })),
      next_cursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null,
    })
  })
  .post("/api/v1/outreach/:id/approve", async (c) => {
    const id = c.req.param("id")
    const raw = c.req.header("Content-Type")?.includes("json") ? await c.req.json().catch(() => null) : {}
    const parsed = approveBody.safeParse(raw ?? {})
    if (!parsed.success)
      throw badRequest('The body must be {} or { "override": true }', [{ field: "override", message: "must be a boolean" }])
    const result = await approveOutreach(c.env, c.var.member.orgId, [id], c.var.actor, { override: parsed.data.override })
    const refused = result.refused[0]
    if (refused?.reason === "not_found") throw notFound("Outreach")
    if (refused) {
      const details = refused.blockers.length
        ? refused.blockers.map((b) => ({ field: "invoice", reason: b.code, message: b.message }))
        : [{ field: "id", reason: refused.reason, message: describeRefusal(refused.reason) }]
      throw unprocessable(`Not approved: ${details.map((d) => d.message).join(" ")}`, details)
    }
    return c.json({ id, status: "queued" as const })
  })
  .post("/api/v1/outreach/:id/reject", async (c) => {
    const parsed = rejectBody.safeParse(await c.req.json().catch(() => null))
    if (!parsed.success)
      throw badRequest("A reason is required", [{ field: "reason", message: "Say why the draft is rejected (1-500 characters)" }])
    const id = c.req.param("id")
    await rejectOutreach(c.var.db, c.var.member.orgId, c.var.actor, id, parsed.data.reason)
    return c.json({ id, status: "rejected" as const })
  })
