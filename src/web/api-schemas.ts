// zod schemas of the receivables API (query parameters and response bodies) and the helpers that apply them.
import type { Context } from "hono"
import { z } from "zod"
import { agingBuckets, agingBucket, daysPastDue } from "../domain/aging"
import { invoiceStatusFilters, type InvoiceRow } from "../db/receivables"
import { badRequest, zodDetails } from "./errors"

export const MAX_LIMIT = 200

/** `:id` of a resource; an id of another organisation is a 404 like an absent one. */
export const idParam = z.object({ id: z.string().min(1).max(64) })

/** `?limit` (1-200, default 50) and `?cursor` (opaque, from the previous page's `next_cursor`). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50).describe(`page size, at most ${MAX_LIMIT}`),
  cursor: z.string().max(200).optional().describe("next_cursor of the previous page"),
})

export const invoiceListQuery = pageQuery.extend({
  status: z
    .enum(invoiceStatusFilters)
    .optional()
    .describe("open includes disputed invoices; disputed narrows to open invoices with an unresolved dispute"),
  bucket: z.enum(agingBuckets).optional().describe("aging bucket of open invoices (implies status open)"),
  customer_id: z.string().max(64).optional(),
})

export const customerListQuery = pageQuery.extend({
  q: z.string().trim().min(1).max(100).optional().describe("part of the customer's name"),
})

/** Validated query parameters; a bad one is a 400 that names it. */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const result = schema.safeParse(c.req.query())
  if (!result.success) {
    const names = [...new Set(result.error.issues.map((i) => i.path.join(".")))].join(", ")
    throw badRequest(`Invalid query parameter: ${names}`, zodDetails(result.error.issues))
  }
  return result.data
}

/** Cursors are the last id of a page, base64url-encoded so clients treat them as opaque. */
export function encodeCursor(lastId: string): string {
  return btoa(lastId).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null
  let id = ""
  try {
    id = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))
  } catch {
    id = ""
  }
  if (!/^[A-Za-z0-9_]{1,64}$/.test(id))
    throw badRequest("Invalid query parameter: cursor", [{ field: "cursor", message: "Not a cursor returned by this API" }])
  return id
}

export const moneyByCurrency = z.object({ currency: z.string(), amount_minor: z.number().int(), invoices: z.number().int() })

export const contactSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  is_primary: z.boolean(),
  time_zone: z.string().nullable(),
})

export const customerSchema = z.object({
  id: z.string(),
  external_id: z.string(),
  name: z.string(),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  score: z.number().int().nullable().describe("payment score 0-100"),
  time_zone: z.string().nullable(),
  locale: z.string().nullable(),
  currency: z.string().nullable(),
  stripe_customer_id: z.string().nullable(),
  open_balance: z.array(moneyByCurrency).describe("open balance per currency; never summed across currencies"),
  created_at: z.string(),
  updated_at: z.string(),
})
export const customerDetailSchema = customerSchema.extend({ contacts: z.array(contactSchema) })

export const invoiceSchema = z.object({
  id: z.string(),
  invoice_number: z.string(),
  customer_id: z.string(),
  customer_name: z.string(),
  currency: z.string(),
  amount_minor: z.number().int(),
  balance_minor: z.number().int(),
  issue_date: z.string(),
  due_date: z.string(),
  status: z.enum(["open", "paid", "void", "uncollectible"]),
  disputed: z.boolean().describe("an unresolved dispute exists"),
  aging_bucket: z.enum(agingBuckets).nullable().describe("null unless open"),
  days_past_due: z.number().int().nullable().describe("negative while not yet due; null unless open"),
  paid_at: z.string().nullable(),
})

export function invoiceJson(r: InvoiceRow, today: string): z.output<typeof invoiceSchema> {
  const open = r.status === "open"
  return {
    id: r.id,
    invoice_number: r.invoiceNumber,
    customer_id: r.customerId,
    customer_name: r.customerName,
    currency: r.currency,
    amount_minor: r.amountMinor,
    balance_minor: r.balanceMinor,
    issue_date: r.issueDate,
    due_date: r.dueDate,
    status: r.status,
    disputed: r.disputed,
    aging_bucket: open ? agingBucket(r.dueDate, today) : null,
    days_past_due: open ? daysPastDue(r.dueDate, today) : null,
    paid_at: r.paidAt,
  }
}

export const invoiceDetailSchema = invoiceSchema.extend({
  payments: z.array(
    z.object({
      id: z.string(),
      amount_minor: z.number().int(),
      applied_minor: z.number().int().describe("the part of the payment applied to this invoice"),
      currency: z.string(),
      received_at: z.string(),
      method: z.string(),
      reference: z.string().nullable(),
      status: z.string(),
    }),
  ),
  outreach: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      status: z.string(),
      to_email: z.string().nullable(),
      subject: z.string(),
      step_position: z.number().int().nullable(),
      scheduled_for: z.string().nullable(),
      sent_at: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
  promises: z.array(
    z.object({
      id: z.string(),
      amount_minor: z.number().int(),
      currency: z.string(),
      promised_date: z.string(),
      status: z.string(),
      source: z.string(),
      created_at: z.string(),
    }),
  ),
  disputes: z.array(
    z.object({
      id: z.string(),
      reason: z.string(),
      status: z.string(),
      message: z.string().nullable(),
      sla_due_at: z.string(),
      credit_minor: z.number().int().nullable(),
      created_at: z.string(),
      resolved_at: z.string().nullable(),
    }),
  ),
})

export const meSchema = z.object({
  organisation: z.object({ id: z.string(), name: z.string(), plan_tier: z.string() }),
  role: z.string(),
  via: z.enum(["session", "api_key"]),
  label: z.string(),
  capabilities: z.array(z.string()),
})

export const overviewSchema = z.object({
  open_ar_minor: z.number().int().describe("open A/R in the base currency"),
  currency: z.string().describe("the organisation's base currency"),
  dso_days: z.number().int().nullable(),
  cash_collected_30d_minor: z.number().int(),
  promise_adherence: z.number().nullable().describe("kept / (kept + broken) of promises due in the last 90 days, 0-1"),
  aging: z
    .object(Object.fromEntries(agingBuckets.map((b) => [b, z.number().int()])) as Record<(typeof agingBuckets)[number], z.ZodNumber>)
    .describe("open invoices per bucket, all currencies"),
  aging_minor: z
    .object(Object.fromEntries(agingBuckets.map((b) => [b, z.number().int()])) as Record<(typeof agingBuckets)[number], z.ZodNumber>)
    .describe("open balance per bucket in the base currency"),
  currencies: z.array(
    z.object({
      currency: z.string(),
      open_ar_minor: z.number().int(),
      cash_collected_30d_minor: z.number().int(),
      open_invoices: z.number().int(),
    }),
  ),
})
