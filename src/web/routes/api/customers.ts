// GET /api/v1/customers and GET /api/v1/customers/:id (API.md "Receivables").
import type { customers } from "../../../db/schema"
import { contactsOf, findCustomer } from "../../../db/receivables-detail"
import { customersAfter, openBalances } from "../../../db/receivables"
import { apiApp, apiRoute } from "../../api-route"
import { customerDetailSchema, customerListQuery, customerSchema, decodeCursor, encodeCursor, idParam } from "../../api-schemas"
import { notFound } from "../../errors"
import { listOf } from "../../openapi"

const list = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Customers, by id, with their open balance per currency",
  tags: ["Receivables"],
  request: { query: customerListQuery },
  responses: {
    200: { description: "A page of customers", content: { "application/json": { schema: listOf(customerSchema) } } },
    400: { description: "A query parameter is not valid" },
  },
})

const one = apiRoute({
  method: "get",
  path: "/{id}",
  capability: "read",
  summary: "A customer with contacts and open balance",
  tags: ["Receivables"],
  request: { params: idParam },
  responses: {
    200: { description: "The customer", content: { "application/json": { schema: customerDetailSchema } } },
    404: { description: "No such customer in this organisation" },
  },
})

type Balance = { currency: string; balanceMinor: number; invoices: number }

function customerJson(c: typeof customers.$inferSelect, balances: Balance[]) {
  return {
    id: c.id,
    external_id: c.externalId,
    name: c.name,
    industry: c.industry,
    region: c.region,
    country: c.country,
    score: c.score,
    time_zone: c.timeZone,
    locale: c.locale,
    currency: c.currency,
    stripe_customer_id: c.stripeCustomerId,
    open_balance: balances.map((b) => ({ currency: b.currency, amount_minor: b.balanceMinor, invoices: b.invoices })),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  }
}

export const customerApiRoutes = apiApp()
  .openapi(list, async (c) => {
    const q = c.req.valid("query")
    const { db, member } = c.var
    const page = await customersAfter(db, member.orgId, { query: q.q }, q.limit, decodeCursor(q.cursor))
    const balances = await openBalances(
      db,
      member.orgId,
      page.rows.map((r) => r.id),
    )
    const last = page.rows.at(-1)
    return c.json(
      {
        data: page.rows.map((r) => customerJson(r, balances.get(r.id) ?? [])),
        next_cursor: page.hasMore && last ? encodeCursor(last.id) : null,
      },
      200,
    )
  })
  .openapi(one, async (c) => {
    const { db, member } = c.var
    const customer = await findCustomer(db, member.orgId, c.req.valid("param").id)
    if (!customer) throw notFound("Customer")
    const [contacts, balances] = await Promise.all([
      contactsOf(db, member.orgId, [customer.id]),
      openBalances(db, member.orgId, [customer.id]),
    ])
    return c.json(
      {
        ...customerJson(customer, balances.get(customer.id) ?? []),
        contacts: contacts.map((ct) => ({
          id: ct.id,
          name: ct.name,
          email: ct.email,
          phone: ct.phone,
          is_primary: ct.isPrimary,
          time_zone: ct.timeZone,
        })),
      },
      200,
    )
  })
