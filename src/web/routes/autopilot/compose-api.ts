// Compose, outreach detail with status history, and promises logged by an Operator (API.md "Additions").
import { Hono } from "hono"
import { and, eq } from "drizzle-orm"
import { z } from "zod"
import { statusHistory } from "../../../db/outreach-state"
import { outreach, promises } from "../../../db/schema"
import { composeOutreach } from "../../../services/outreach"
import { logPromise, promiseChannels } from "../../../services/promises"
import { badRequest, notFound } from "../../errors"
import type { AppEnv } from "../../env"
import { describeRoute } from "../../openapi"

const composeBody = z.object({
  invoice_id: z.string().min(1).max(80),
  subject: z.string().max(200),
  body: z.string().max(10_000),
  send_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("ISO 8601; the next allowed moment at or after it (quiet hours, business days)"),
})
const promiseBody = z.object({
  invoice_id: z.string().min(1).max(80),
  promised_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD"),
  amount_minor: z.number().int().positive().optional().describe("defaults to the open balance"),
  note: z.string().max(2000).optional(),
  channel: z.enum(promiseChannels).optional(),
})
const blockerDetail = z.object({ field: z.literal("invoice"), reason: z.string(), message: z.string() })
const historyOut = z.object({ status: z.string(), at: z.string(), reason: z.string().nullable(), actor: z.string().nullable() })

describeRoute({
  method: "post",
  path: "/api/v1/outreach",
  summary: "Compose a message for one invoice: queued for its billing contact within the send rule and caps",
  tags: ["Outreach"],
  body: composeBody,
  responses: {
    201: { description: "Queued", schema: z.object({ id: z.string(), status: z.literal("queued"), scheduled_for: z.string() }) },
    422: {
      description: "The send rule's blockers as details",
      schema: z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(blockerDetail) }) }),
    },
  },
})
describeRoute({
  method: "get",
  path: "/api/v1/outreach/:id",
  summary: "One outreach with its status history",
  tags: ["Outreach"],
  responses: {
    200: { description: "The outreach", schema: z.object({ id: z.string(), status: z.string(), history: z.array(historyOut) }) },
    404: { description: "No such outreach" },
  },
})
describeRoute({
  method: "post",
  path: "/api/v1/promises",
  summary: "Log a promise to pay; reminders for the invoice then wait (promise_active)",
  tags: ["Payers"],
  body: promiseBody,
  responses: {
    201: { description: "Logged", schema: z.object({ id: z.string(), status: z.literal("open") }) },
    422: { description: "Date or amount outside the policy" },
  },
})

async function json<T extends z.ZodType>(c: { req: { json(): Promise<unknown> } }, schema: T): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await c.req.json().catch(() => undefined))
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }))
    throw badRequest(`Invalid body: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`, details)
  }
  return parsed.data
}

export const composeApiRoutes = new Hono<AppEnv>()
  .post("/api/v1/outreach", async (c) => {
    const b = await json(c, composeBody)
    const { outreachId } = await composeOutreach(c.env, c.var.member.orgId, c.var.actor, {
      invoiceId: b.invoice_id,
      subject: b.subject,
      body: b.body,
      sendAt: b.send_at ?? null,
    })
    const [row] = await c.var.db
      .select({ scheduledFor: outreach.scheduledFor })
      .from(outreach)
      .where(and(eq(outreach.orgId, c.var.member.orgId), eq(outreach.id, outreachId)))
    return c.json({ id: outreachId, status: "queued" as const, scheduled_for: row?.scheduledFor ?? null }, 201)
  })
  .get("/api/v1/outreach/:id", async (c) => {
    const [o] = await c.var.db
      .select()
      .from(outreach)
      .where(and(eq(outreach.orgId, c.var.member.orgId), eq(outreach.id, c.req.param("id"))))
      .limit(1)
    if (!o) throw notFound("Outreach")
    const history = await statusHistory(c.var.db, c.var.member.orgId, o)
    return c.json({
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
      attempts: o.attempts,
      approved_by: o.approvedBy,
      created_at: o.createdAt,
      history,
    })
  })
  .post("/api/v1/promises", async (c) => {
    const b = await json(c, promiseBody)
    const id = await logPromise(c.env, c.var.db, c.var.member.orgId, c.var.actor, {
      invoiceId: b.invoice_id,
      promisedDate: b.promised_date,
      amountMinor: b.amount_minor,
      note: b.note,
      channel: b.channel,
      formKey: c.req.header("Idempotency-Key") ?? null,
    })
    const [p] = await c.var.db
      .select({ status: promises.status })
      .from(promises)
      .where(and(eq(promises.orgId, c.var.member.orgId), eq(promises.id, id)))
    return c.json({ id, status: p?.status ?? "open" }, 201)
  })
