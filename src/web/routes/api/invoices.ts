// GET /api/v1/invoices (filters status, bucket, customer_id) and GET /api/v1/invoices/:id (API.md "Receivables").
import { invoiceDetail } from "../../../db/receivables-detail"
import { invoicesAfter } from "../../../db/receivables"
import { isoDay } from "../../../domain/dates"
import { apiApp, apiRoute } from "../../api-route"
import { decodeCursor, encodeCursor, idParam, invoiceDetailSchema, invoiceJson, invoiceListQuery, invoiceSchema } from "../../api-schemas"
import { notFound } from "../../errors"
import { listOf } from "../../openapi"

const list = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Invoices, by id, filtered by status, aging bucket and customer",
  tags: ["Receivables"],
  request: { query: invoiceListQuery },
  responses: {
    200: { description: "A page of invoices", content: { "application/json": { schema: listOf(invoiceSchema) } } },
    400: { description: "A query parameter is not valid" },
  },
})

const one = apiRoute({
  method: "get",
  path: "/{id}",
  capability: "read",
  summary: "An invoice with its payments, outreach, promises and disputes",
  tags: ["Receivables"],
  request: { params: idParam },
  responses: {
    200: { description: "The invoice", content: { "application/json": { schema: invoiceDetailSchema } } },
    404: { description: "No such invoice in this organisation" },
  },
})

export const invoiceApiRoutes = apiApp()
  .openapi(list, async (c) => {
    const q = c.req.valid("query")
    const { db, member } = c.var
    const today = isoDay(new Date())
    const page = await invoicesAfter(
      db,
      member.orgId,
      today,
      { status: q.status, bucket: q.bucket, customerId: q.customer_id },
      q.limit,
      decodeCursor(q.cursor),
    )
    const last = page.rows.at(-1)
    return c.json(
      { data: page.rows.map((r) => invoiceJson(r, today)), next_cursor: page.hasMore && last ? encodeCursor(last.id) : null },
      200,
    )
  })
  .openapi(one, async (c) => {
    const { db, member } = c.var
    const d = await invoiceDetail(db, member.orgId, c.req.valid("param").id)
    if (!d) throw notFound("Invoice")
    const today = isoDay(new Date())
    const inv = d.invoice
    return c.json(
      {
        ...invoiceJson({ ...inv, customerName: d.customer?.name ?? "", customerLocale: d.customer?.locale ?? null }, today),
        payments: d.payments.map((p) => ({
          id: p.id,
          amount_minor: p.amountMinor,
          applied_minor: p.appliedMinor,
          currency: p.currency,
          received_at: p.receivedAt,
          method: p.method,
          reference: p.reference,
          status: p.status,
        })),
        outreach: d.outreach.map((o) => ({
          id: o.id,
          kind: o.kind,
          status: o.status,
          to_email: o.toEmail,
          subject: o.subject,
          step_position: o.stepPosition,
          scheduled_for: o.scheduledFor,
          sent_at: o.sentAt,
          created_at: o.createdAt,
        })),
        promises: d.promises.map((p) => ({
          id: p.id,
          amount_minor: p.amountMinor,
          currency: p.currency,
          promised_date: p.promisedDate,
          status: p.status,
          source: p.source,
          created_at: p.createdAt,
        })),
        disputes: d.disputes.map((x) => ({
          id: x.id,
          reason: x.reason,
          status: x.status,
          message: x.message,
          sla_due_at: x.slaDueAt,
          credit_minor: x.creditMinor,
          created_at: x.createdAt,
          resolved_at: x.resolvedAt,
        })),
      },
      200,
    )
  })
