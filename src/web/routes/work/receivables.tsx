// Receivables pages: the invoice list (/work/receivables), a customer (/work/customers/:id), an invoice (/work/invoices/:id).
import { Hono } from "hono"
import { z } from "zod"
import { customerDetail, hasInvoices, invoiceDetail, organisationSettings } from "../../../db/receivables-detail"
import { agingTotals, invoicePage, invoiceSorts, invoiceStatusFilters } from "../../../db/receivables"
import { agingBuckets } from "../../../domain/aging"
import { isoDay } from "../../../domain/dates"
import { badRequest, notFound } from "../../errors"
import type { AppEnv } from "../../env"
import { zodDetails } from "../../errors"
import { CustomerPage } from "../../views/pages/customer"
import { InvoicePage } from "../../views/pages/invoice"
import { ReceivablesPage, type AgingChip } from "../../views/pages/receivables"

const PAGE_SIZE = 50

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v)
export const receivablesQuery = z.object({
  /** Open invoices unless asked otherwise: `all` lists every invoice. */
  status: z.preprocess(blankToUndefined, z.enum([...invoiceStatusFilters, "all"]).default("open")),
  bucket: z.preprocess(blankToUndefined, z.enum(agingBuckets).optional()),
  customer: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  customer_id: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(invoiceSorts).default("due")),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
})

export const receivablesRoutes = new Hono<AppEnv>()
  .get("/work/receivables", async (c) => {
    const parsed = receivablesQuery.safeParse(c.req.query())
    if (!parsed.success)
      throw badRequest(`Invalid filter: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`, zodDetails(parsed.error.issues))
    const q = parsed.data
    const { db, member } = c.var
    const today = isoDay(new Date())
    const filters = {
      status: q.status === "all" ? undefined : q.status,
      bucket: q.bucket,
      customerId: q.customer_id,
      customerQuery: q.customer || undefined,
    }
    const [org, list, totals] = await Promise.all([
      organisationSettings(db, member.orgId),
      invoicePage(db, member.orgId, today, filters, q.sort, q.page, PAGE_SIZE),
      agingTotals(db, member.orgId, today, {
        customerId: filters.customerId,
        customerQuery: filters.customerQuery,
        disputedOnly: q.status === "disputed",
      }),
    ])
    const chips: AgingChip[] = agingBuckets.map((bucket) => {
      const rows = totals.filter((t) => t.bucket === bucket)
      return {
        bucket,
        invoices: rows.reduce((s, r) => s + r.invoices, 0),
        totals: rows.map((r) => ({ currency: r.currency, balanceMinor: r.balanceMinor })).sort((a, b) => b.balanceMinor - a.balanceMinor),
      }
    })
    const orgHasInvoices = list.total > 0 || (await hasInvoices(db, member.orgId))
    return c.html(
      <ReceivablesPage
        member={member}
        today={today}
        baseCurrency={org?.baseCurrency ?? "USD"}
        filters={filters}
        sort={q.sort}
        page={q.page}
        pageSize={PAGE_SIZE}
        rows={list.rows}
        total={list.total}
        chips={chips}
        orgHasInvoices={orgHasInvoices}
      />,
    )
  })
  .get("/work/customers/:id", async (c) => {
    const { db, member } = c.var
    const detail = await customerDetail(db, member.orgId, c.req.param("id"))
    if (!detail) throw notFound("Customer")
    return c.html(<CustomerPage member={member} today={isoDay(new Date())} detail={detail} />)
  })
  .get("/work/invoices/:id", async (c) => {
    const { db, member } = c.var
    const detail = await invoiceDetail(db, member.orgId, c.req.param("id"))
    if (!detail) throw notFound("Invoice")
    return c.html(<InvoicePage member={member} today={isoDay(new Date())} detail={detail} />)
  })
