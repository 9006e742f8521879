// /api/v1/segments: create, change (Autopilot refused while guardrails fail), preview with coverage and overlaps.
import { notifyCadence } from "../../../tenant/notify"
import { z } from "zod"
import { segmentMetrics } from "../../../db/segment-health"
import { findSegment, listSegments } from "../../../db/segments"
import { agingBucket, daysPastDue } from "../../../domain/aging"
import { evaluateGuardrails } from "../../../domain/guardrails"
import type { Filters } from "../../../domain/segment-rules"
import { segmentPreview } from "../../../services/segment-preview"
import { saveSegment, segmentCreateSchema, segmentPatchSchema, segmentSnapshot } from "../../../services/segments"
import { notFound } from "../../errors"
import { apiApp, apiRoute } from "../../api-route"
import { idParam } from "../../api-schemas"
import { listOf } from "../../openapi"
import { whoOf } from "../policies/who"

const segmentOut = z.object({
  id: z.string(),
  name: z.string(),
  priority: z.number(),
  filters: z.record(z.string(), z.unknown()),
  cadence_id: z.string().nullable(),
  cadence_version: z.number().nullable(),
  mode: z.enum(["shadow", "autopilot"]),
  status: z.enum(["draft", "active", "paused"]),
  send_cap_per_day: z.number().nullable(),
  quiet_hours_override: z.object({ start: z.string(), end: z.string() }).nullable(),
  notes: z.string().nullable(),
  autopilot_override_reason: z.string().nullable(),
})
const previewOut = z.object({
  segment_id: z.string(),
  count: z.number().int(),
  totals: z.array(z.object({ currency: z.string(), balance_minor: z.number().int(), invoices: z.number().int() })),
  coverage: z.number().min(0).max(1),
  owned: z.number().int().describe("matching invoices this segment owns by priority"),
  overlaps: z.array(z.string()).describe("ids of other segments matching some of the same invoices"),
  overlap_details: z.array(z.object({ segment_id: z.string(), name: z.string(), priority: z.number(), invoices: z.number() })),
  guardrails: z.array(z.object({ key: z.string(), label: z.string(), ok: z.boolean(), detail: z.string() })),
  data: z.array(
    z.object({
      id: z.string(),
      invoice_number: z.string(),
      customer_id: z.string(),
      customer_name: z.string(),
      currency: z.string(),
      balance_minor: z.number(),
      due_date: z.string(),
      aging_bucket: z.string(),
      days_past_due: z.number(),
      has_contact: z.boolean(),
      owner_segment_id: z.string().nullable(),
    }),
  ),
  page: z.number().int(),
  has_next: z.boolean(),
})

const T = ["Segments"]
const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } })

const list = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Segments in priority order",
  tags: T,
  responses: { 200: { description: "Segments", content: json(listOf(segmentOut)) } },
})
const create = apiRoute({
  method: "post",
  path: "/",
  capability: "segments",
  summary: "Create a segment",
  tags: T,
  request: { body: { required: true, content: json(segmentCreateSchema) } },
  responses: {
    201: { description: "Created", content: json(segmentOut) },
    422: { description: "Coverage under 70% to publish, draft cadence version, or Autopilot guardrails unmet (each named)" },
  },
})
const one = apiRoute({
  method: "get",
  path: "/{id}",
  capability: "read",
  summary: "A segment",
  tags: T,
  request: { params: idParam },
  responses: { 200: { description: "Segment", content: json(segmentOut) }, 404: { description: "No such segment" } },
})
const change = apiRoute({
  method: "patch",
  path: "/{id}",
  capability: "segments",
  summary: "Change a segment; switching to autopilot is refused (422) while guardrails fail, naming each",
  tags: T,
  request: { params: idParam, body: { required: true, content: json(segmentPatchSchema) } },
  responses: { 200: { description: "Saved", content: json(segmentOut) }, 422: { description: "Refused by a rule" } },
})
const preview = apiRoute({
  method: "get",
  path: "/{id}/preview",
  capability: "read",
  summary: "Matching invoices with coverage (0-1), overlaps and guardrails",
  tags: T,
  request: { params: idParam, query: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }) },
  responses: { 200: { description: "Preview", content: json(previewOut) }, 404: { description: "No such segment" } },
})

function segmentJson(s: NonNullable<Awaited<ReturnType<typeof findSegment>>>) {
  return { id: s.id, ...segmentSnapshot(s), autopilot_override_reason: s.autopilotOverrideReason }
}

export const segmentApi = apiApp()
  .openapi(list, async (c) => c.json({ data: (await listSegments(c.var.db, c.var.member.orgId)).map(segmentJson), next_cursor: null }, 200))
  .openapi(create, async (c) => {
    const r = await saveSegment(c.var.db, whoOf(c), null, c.req.valid("json"))
    await notifyCadence(c.env, c.var.member.orgId, { all: true })
    return c.json(segmentJson((await findSegment(c.var.db, c.var.member.orgId, r.id))!), 201)
  })
  .openapi(one, async (c) => {
    const s = await findSegment(c.var.db, c.var.member.orgId, c.req.valid("param").id)
    if (!s) throw notFound("Segment")
    return c.json(segmentJson(s), 200)
  })
  .openapi(change, async (c) => {
    const r = await saveSegment(c.var.db, whoOf(c), c.req.valid("param").id, c.req.valid("json"))
    await notifyCadence(c.env, c.var.member.orgId, { all: true })
    return c.json(segmentJson((await findSegment(c.var.db, c.var.member.orgId, r.id))!), 200)
  })
  .openapi(preview, async (c) => {
    const orgId = c.var.member.orgId
    const s = await findSegment(c.var.db, orgId, c.req.valid("param").id)
    if (!s) throw notFound("Segment")
    const now = new Date()
    const today = now.toISOString().slice(0, 10)
    const page = c.req.valid("query").page
    const p = await segmentPreview(c.var.db, orgId, s, s.filters as Filters, today, page)
    const guardrails = evaluateGuardrails(await segmentMetrics(c.var.db, orgId, s.id, s.filters as Filters, now))
    return c.json(
      {
        segment_id: s.id,
        count: p.count,
        totals: p.totals.map((t) => ({ currency: t.currency, balance_minor: t.balanceMinor, invoices: t.invoices })),
        coverage: p.coverage,
        owned: p.owned,
        overlaps: p.overlaps.map((o) => o.segmentId),
        overlap_details: p.overlaps.map((o) => ({ segment_id: o.segmentId, name: o.name, priority: o.priority, invoices: o.invoices })),
        guardrails,
        data: p.rows.map((r) => ({
          id: r.id,
          invoice_number: r.invoiceNumber,
          customer_id: r.customerId,
          customer_name: r.customerName,
          currency: r.currency,
          balance_minor: r.balanceMinor,
          due_date: r.dueDate,
          aging_bucket: agingBucket(r.dueDate, today),
          days_past_due: Math.max(0, daysPastDue(r.dueDate, today)),
          has_contact: r.reachable === 1,
          owner_segment_id: r.owner,
        })),
        page: p.page,
        has_next: p.hasNext,
      },
      200,
    )
  })
