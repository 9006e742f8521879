// The facts the send rule reads, for a set of outreach or invoices: one query per 90 ids, never one per row.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm"
import { alias } from "drizzle-orm/sqlite-core"
import { chunk, type Db } from "./client"
import { contacts, customers, invoices, outreach } from "./schema"

type Col = SQL | SQL.Aliased | { getSQL(): SQL }

/** The latest date of the invoice's open promises. */
export const openPromiseDate = (orgId: Col, invoiceId: Col) =>
  sql<
    string | null
  >`(select max(p.promised_date) from promises p where p.org_id = ${orgId} and p.invoice_id = ${invoiceId} and p.status = 'open')`

export const planActive = (orgId: Col, invoiceId: Col) =>
  sql<number>`exists (select 1 from payment_plans pp where pp.org_id = ${orgId} and pp.invoice_id = ${invoiceId} and pp.status = 'active')`

/** "YYYY-MM-DD|seq" of the active plan's next unpaid instalment, or null. */
export const planNextInstalment = (orgId: Col, invoiceId: Col, balanceMinor: Col) =>
  sql<
    string | null
  >`(select pi.due_date || '|' || pi.seq from payment_plans pp join payment_plan_instalments pi on pi.org_id = pp.org_id and pi.plan_id = pp.id
    where pp.org_id = ${orgId} and pp.invoice_id = ${invoiceId} and pp.status = 'active'
      -- Paid so far on the plan is what the invoice balance dropped by since the plan began: the next instalment is the
      -- first whose running total exceeds it (derived, so every way a payment lands counts without extra writes).
      and (select sum(p2.amount_minor) from payment_plan_instalments p2 where p2.org_id = pi.org_id and p2.plan_id = pi.plan_id and p2.seq <= pi.seq)
        > pp.total_minor - ${balanceMinor}
    order by pi.seq limit 1)`

/** Why an address may not be written to (bounce, complaint, unsubscribe, manual), or null. */
export const suppressionOf = (orgId: Col, email: Col) =>
  sql<
    "bounce" | "complaint" | "unsubscribe" | "manual" | null
  >`(select s.reason from suppressions s where s.org_id = ${orgId} and s.email = lower(${email}))`

/** The customer's contact a reminder goes to: the primary one with an email, else the oldest with an email. */
export const billingContactId = (orgId: Col, customerId: Col) =>
  sql`(select c.id from contacts c where c.org_id = ${orgId} and c.customer_id = ${customerId} and c.email is not null and c.email <> ''
    order by c.is_primary desc, c.created_at limit 1)`

const invoiceFields = {
  invoiceStatus: invoices.status,
  balanceMinor: invoices.balanceMinor,
  disputed: invoices.disputed,
  customerTz: customers.timeZone,
  customerCountry: customers.country,
  promisedDate: openPromiseDate(invoices.orgId, invoices.id),
  planActive: planActive(invoices.orgId, invoices.id),
  planNext: planNextInstalment(invoices.orgId, invoices.id, invoices.balanceMinor),
}

export type InvoiceFactRow = Awaited<ReturnType<typeof invoiceFacts>>[number]
export type OutreachFactRow = Awaited<ReturnType<typeof outreachFacts>>[number]

const billing = alias(contacts, "billing_contact")

/** Per invoice: its state, promise, plan, the billing contact and whether that address is suppressed. */
export async function invoiceFacts(db: Db, orgId: string, invoiceIds: string[]) {
  const parts = await Promise.all(
    chunk([...new Set(invoiceIds)], 90).map((ids) =>
      db
        .select({
          invoiceId: invoices.id,
          customerId: invoices.customerId,
          invoiceNumber: invoices.invoiceNumber,
          ...invoiceFields,
          contactId: billing.id,
          contactEmail: billing.email,
          contactTz: billing.timeZone,
          suppression: suppressionOf(invoices.orgId, billing.email),
        })
        .from(invoices)
        .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
        .leftJoin(billing, eq(billing.id, billingContactId(invoices.orgId, invoices.customerId)))
        .where(and(eq(invoices.orgId, orgId), inArray(invoices.id, ids))),
    ),
  )
  return parts.flat()
}

/**
 * Per outreach: the row itself plus its invoice's facts and whether its address is suppressed. A payer
 * notification about the customer rather than one invoice has no invoice row (left join).
 */
export async function outreachFacts(db: Db, orgId: string, outreachIds: string[]) {
  const parts = await Promise.all(
    chunk([...new Set(outreachIds)], 90).map((ids) =>
      db
        .select({
          o: outreach,
          ...invoiceFields,
          invoiceFound: sql<number>`${invoices.id} is not null`,
          contactTz: contacts.timeZone,
          suppression: suppressionOf(outreach.orgId, outreach.toEmail),
        })
        .from(outreach)
        .leftJoin(invoices, and(eq(invoices.orgId, outreach.orgId), eq(invoices.id, outreach.invoiceId)))
        .innerJoin(customers, and(eq(customers.orgId, outreach.orgId), eq(customers.id, outreach.customerId)))
        .leftJoin(contacts, and(eq(contacts.orgId, outreach.orgId), eq(contacts.id, outreach.contactId)))
        .where(and(eq(outreach.orgId, orgId), inArray(outreach.id, ids))),
    ),
  )
  return parts.flat()
}
