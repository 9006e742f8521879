// GET /api/v1/focus, GET /api/v1/worklist and GET /api/v1/invoices/:id/inspector (API.md "Collections workspace").
import { Hono } from "hono"
import { z } from "zod"
import { focusKeys } from "../../../db/worklist"
import { agingBuckets } from "../../../domain/aging"
import { inspectInvoice } from "../../../services/inspector"
import { decodeWorklistCursor, focusCards, worklistPage, type WorklistItem, type WorklistQuery } from "../../../services/worklist"
import { pageQuery, parseQuery } from "../../api-schemas"
import { badRequest } from "../../errors"
import type { AppEnv, Member } from "../../env"
import { describeRoute } from "../../openapi"

export const worklistQuery = pageQuery.extend({
  focus: z.enum(focusKeys).optional().describe("a Today's Focus card key"),
  bucket: z.enum(agingBuckets).optional(),
  segment_id: z.string().max(64).optional(),
  owner: z.string().max(64).optional().describe('"me" for My accounts, or a user id'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  q: z.string().max(100).optional().describe("customer name or invoice number contains"),
})
const focusQuery = worklistQuery.omit({ focus: true, limit: true, cursor: true })

export function worklistFilters(q: Partial<z.output<typeof worklistQuery>>, member: Member): WorklistQuery {
  return {
    focus: q.focus,
    bucket: q.bucket,
    segmentId: q.segment_id || undefined,
    ownerId: q.owner === "me" ? (member.userId ?? "-") : q.owner || undefined,
    currency: q.currency || undefined,
    query: q.q?.trim() || undefined,
  }
}

const worklistItem = z.object({
  invoice_id: z.string(),
  customer_id: z.string(),
  priority_score: z.number().int(),
  reasons: z.array(z.string()),
  predicted_payment_date: z.string(),
  recommended_action: z.string(),
})

describeRoute({
  method: "get",
  path: "/api/v1/focus",
  summary: "Today's Focus cards: counts (and base-currency amounts) that filter the worklist",
  tags: ["Collections"],
  query: focusQuery,
  responses: { 200: { description: "The cards" } },
})
describeRoute({
  method: "get",
  path: "/api/v1/worklist",
  summary: "Open invoices ranked by priority with reasons, predicted payment date and recommended action",
  tags: ["Collections"],
  query: worklistQuery,
  responses: {
    200: { description: "A page of the worklist" },
    400: { description: "A query parameter is not valid" },
    404: { description: "No such segment" },
  },
})
describeRoute({
  method: "get",
  path: "/api/v1/invoices/:id/inspector",
  summary: "One invoice's context, timeline, send rule answer and recommendation",
  tags: ["Collections"],
  responses: { 200: { description: "The inspector" }, 404: { description: "No such invoice in this organisation" } },
})

export function worklistJson(r: WorklistItem) {
  return {
    invoice_id: r.invoiceId,
    customer_id: r.customerId,
    invoice_number: r.invoiceNumber,
    customer_name: r.customerName,
    balance_minor: r.balanceMinor,
    currency: r.currency,
    due_date: r.dueDate,
    priority_score: r.priorityScore,
    reasons: r.reasons,
    predicted_payment_date: r.predicted.date,
    predicted_range: { low: r.predicted.low, high: r.predicted.high, basis: r.predicted.basis },
    recommended_action: r.action,
    recommendation_reasons: r.actionReasons,
    risk_score: r.riskScore,
    reply_waiting: r.replyId !== null,
    suggested_promise_date: r.suggestedPromiseDate,
  } satisfies z.input<typeof worklistItem> & Record<string, unknown>
}

export const worklistApiRoutes = new Hono<AppEnv>()
  .get("/api/v1/focus", async (c) => {
    const q = parseQuery(c, focusQuery)
    const now = new Date()
    const cards = await focusCards(c.var.db, c.var.member.orgId, now, worklistFilters(q, c.var.member))
    return c.json({ as_of: now.toISOString(), cards })
  })
  .get("/api/v1/worklist", async (c) => {
    const q = parseQuery(c, worklistQuery)
    const cursor = q.cursor ? decodeWorklistCursor(q.cursor) : null
    if (q.cursor && !cursor)
      throw badRequest("Invalid query parameter: cursor", [{ field: "cursor", message: "not a cursor this API gave out" }])
    const page = await worklistPage(c.var.db, c.var.member.orgId, new Date(), worklistFilters(q, c.var.member), { limit: q.limit, cursor })
    return c.json({ data: page.data.map(worklistJson), next_cursor: page.nextCursor, total: page.total })
  })
  .get("/api/v1/invoices/:id/inspector", async (c) => {
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, c.req.param("id"))
    const { invoice, customer, contacts } = x.detail
    return c.json({
      invoice: {
        id: invoice.id,
        invoice_number: invoice.invoiceNumber,
        currency: invoice.currency,
        amount_minor: invoice.amountMinor,
        balance_minor: invoice.balanceMinor,
        issue_date: invoice.issueDate,
        due_date: invoice.dueDate,
        status: invoice.status,
        disputed: invoice.disputed,
        days_past_due: x.daysPastDue,
      },
      customer: {
        id: customer!.id,
        name: customer!.name,
        time_zone: customer!.timeZone,
        owner_id: customer!.ownerId,
        risk_factors: customer!.riskFactors ?? [],
        contacts: contacts.map((k) => ({ id: k.id, name: k.name, email: k.email, phone: k.phone, is_primary: k.isPrimary })),
      },
      timeline: x.timeline,
      send_rule: x.sendRule,
      recommendation: x.row
        ? { action: x.row.action, reasons: x.row.actionReasons }
        : { action: "none", reasons: ["The invoice is not open."] },
      priority: x.row ? { score: x.row.priorityScore, reasons: x.row.reasons } : null,
      predicted_payment_date: x.row?.predicted.date ?? null,
      risk_score: x.row?.riskScore ?? customer!.riskScore ?? customer!.score ?? null,
    })
  })
