// Invoice and customer lists of one organisation: filters, aging buckets, sorting, offset pages (screens) and
// keyset pages (API). Every function takes orgId first and scopes by it.
import { and, asc, count, desc, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm"
import { agingBuckets, dueDateRange, type AgingBucket } from "../domain/aging"
import { chunk, type Db } from "./client"
import { customers, invoices } from "./schema"

export const invoiceStatusFilters = ["open", "paid", "void", "disputed"] as const
export type InvoiceStatusFilter = (typeof invoiceStatusFilters)[number]
export const invoiceSorts = ["due", "-due", "balance", "-balance"] as const
export type InvoiceSort = (typeof invoiceSorts)[number]

/**
 * `open` is every unpaid invoice (a disputed invoice is still open receivable); `disputed` narrows to open
 * invoices with an unresolved dispute. A bucket implies open: paid and void invoices have no age.
 */
export type InvoiceFilters = { status?: InvoiceStatusFilter; bucket?: AgingBucket; customerId?: string; customerQuery?: string }

/** `%` and `_` typed by a user match themselves, not any text. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

export function bucketCondition(bucket: AgingBucket, today: string): SQL {
  const { from, to } = dueDateRange(bucket, today)
  return and(eq(invoices.status, "open"), from ? gte(invoices.dueDate, from) : undefined, to ? lte(invoices.dueDate, to) : undefined) as SQL
}

/** The aging bucket of an open invoice as a SQL expression, from the same boundaries as `agingBucket`. */
export function bucketExpression(today: string): SQL<AgingBucket> {
  const whens = agingBuckets
    .filter((b) => b !== "90+")
    .map((b) => sql`when ${invoices.dueDate} >= ${dueDateRange(b, today).from} then ${b}`)
  return sql<AgingBucket>`case ${sql.join(whens, sql` `)} else '90+' end`
}

function invoiceConditions(orgId: string, today: string, f: InvoiceFilters): SQL {
  const conds: (SQL | undefined)[] = [eq(invoices.orgId, orgId)]
  if (f.status === "disputed") conds.push(eq(invoices.status, "open"), eq(invoices.disputed, true))
  else if (f.status) conds.push(eq(invoices.status, f.status))
  if (f.bucket) conds.push(bucketCondition(f.bucket, today))
  if (f.customerId) conds.push(eq(invoices.customerId, f.customerId))
  if (f.customerQuery) conds.push(sql`${customers.name} like ${likeContains(f.customerQuery)} escape '\\'`)
  return and(...conds) as SQL
}

const invoiceColumns = {
  id: invoices.id,
  invoiceNumber: invoices.invoiceNumber,
  customerId: invoices.customerId,
  customerName: customers.name,
  customerLocale: customers.locale,
  currency: invoices.currency,
  amountMinor: invoices.amountMinor,
  balanceMinor: invoices.balanceMinor,
  issueDate: invoices.issueDate,
  dueDate: invoices.dueDate,
  status: invoices.status,
  disputed: invoices.disputed,
  paidAt: invoices.paidAt,
}
export type InvoiceRow = {
  id: string
  invoiceNumber: string
  customerId: string
  customerName: string
  customerLocale: string | null
  currency: string
  amountMinor: number
  balanceMinor: number
  issueDate: string
  dueDate: string
  status: (typeof invoices.$inferSelect)["status"]
  disputed: boolean
  paidAt: string | null
}

const customerJoin = (orgId: string) => and(eq(customers.id, invoices.customerId), eq(customers.orgId, orgId))

function orderFor(sort: InvoiceSort) {
  switch (sort) {
    case "due":
      return [asc(invoices.dueDate), asc(invoices.id)]
    case "-due":
      return [desc(invoices.dueDate), desc(invoices.id)]
    case "balance":
      return [asc(invoices.balanceMinor), asc(invoices.id)]
    case "-balance":
      return [desc(invoices.balanceMinor), desc(invoices.id)]
  }
}

/** One screen page of invoices (offset pages of `pageSize`) and the total matching, in one round trip. */
export async function invoicePage(db: Db, orgId: string, today: string, f: InvoiceFilters, sort: InvoiceSort, page: number, pageSize = 50) {
  const where = invoiceConditions(orgId, today, f)
  const [rows, totals] = await db.batch([
    db
      .select(invoiceColumns)
      .from(invoices)
      .innerJoin(customers, customerJoin(orgId))
      .where(where)
      .orderBy(...orderFor(sort))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(invoices).innerJoin(customers, customerJoin(orgId)).where(where),
  ])
  return { rows: rows as InvoiceRow[], total: totals[0]?.n ?? 0 }
}

/** Open invoices per aging bucket and currency (for chips and the overview); other filters still apply. */
export async function agingTotals(
  db: Db,
  orgId: string,
  today: string,
  f: Omit<InvoiceFilters, "bucket" | "status"> & { disputedOnly?: boolean } = {},
) {
  const bucket = bucketExpression(today)
  const where = and(invoiceConditions(orgId, today, { ...f, status: f.disputedOnly ? "disputed" : "open" }))
  const rows = await db
    .select({ bucket, currency: invoices.currency, invoices: count(), balanceMinor: sql<number>`sum(${invoices.balanceMinor})` })
    .from(invoices)
    .innerJoin(customers, customerJoin(orgId))
    .where(where)
    .groupBy(bucket, invoices.currency)
  return rows.map((r) => ({ ...r, balanceMinor: Number(r.balanceMinor) }))
}

/** Keyset page of invoices by id for the API: `after` is the last id of the previous page. */
export async function invoicesAfter(db: Db, orgId: string, today: string, f: InvoiceFilters, limit: number, after: string | null) {
  const rows = await db
    .select(invoiceColumns)
    .from(invoices)
    .innerJoin(customers, customerJoin(orgId))
    .where(and(invoiceConditions(orgId, today, f), after ? gt(invoices.id, after) : undefined))
    .orderBy(asc(invoices.id))
    .limit(limit + 1)
  return { rows: rows.slice(0, limit) as InvoiceRow[], hasMore: rows.length > limit }
}

/** Keyset page of customers by id for the API, optionally by name. */
export async function customersAfter(db: Db, orgId: string, f: { query?: string }, limit: number, after: string | null) {
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.orgId, orgId),
        f.query ? sql`${customers.name} like ${likeContains(f.query)} escape '\\'` : undefined,
        after ? gt(customers.id, after) : undefined,
      ),
    )
    .orderBy(asc(customers.id))
    .limit(limit + 1)
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit }
}

/** Open balance per currency of the given customers: one round trip, ids chunked under D1's 100 bound parameters. */
export async function openBalances(db: Db, orgId: string, customerIds: string[]) {
  const out = new Map<string, { currency: string; balanceMinor: number; invoices: number }[]>()
  if (customerIds.length === 0) return out
  const [first, ...rest] = chunk(customerIds, 90).map((ids) =>
    db
      .select({
        customerId: invoices.customerId,
        currency: invoices.currency,
        balanceMinor: sql<number>`sum(${invoices.balanceMinor})`,
        invoices: count(),
      })
      .from(invoices)
      .where(and(eq(invoices.orgId, orgId), eq(invoices.status, "open"), inArray(invoices.customerId, ids)))
      .groupBy(invoices.customerId, invoices.currency),
  )
  const results = await db.batch([first, ...rest])
  for (const r of results.flat()) {
    const list = out.get(r.customerId) ?? []
    list.push({ currency: r.currency, balanceMinor: Number(r.balanceMinor), invoices: r.invoices })
    out.set(r.customerId, list)
  }
  for (const list of out.values()) list.sort((a, b) => b.balanceMinor - a.balanceMinor)
  return out
}
