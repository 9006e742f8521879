// One customer or one invoice of an organisation with everything around it, each in a single D1 round trip.
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm"
import type { Db } from "./client"
import {
  contacts,
  customerNotes,
  customers,
  disputes,
  invoices,
  organisations,
  outreach,
  paymentApplications,
  payments,
  promises,
  users,
} from "./schema"
import { openBalances } from "./receivables"

export async function findCustomer(db: Db, orgId: string, customerId: string) {
  const rows = await db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))
    .limit(1)
  return rows[0] ?? null
}

export async function contactsOf(db: Db, orgId: string, customerIds: string[]) {
  if (customerIds.length === 0) return []
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), inArray(contacts.customerId, customerIds)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.name))
}

/** A customer with contacts, open balance by currency, invoices (newest first), payments, promises, disputes, notes. */
export async function customerDetail(db: Db, orgId: string, customerId: string) {
  const customer = await findCustomer(db, orgId, customerId)
  if (!customer) return null
  const byCustomer = <T extends { orgId: unknown; customerId: unknown }>(t: T) =>
    and(eq(t.orgId as never, orgId), eq(t.customerId as never, customerId))
  const [contactRows, invoiceRows, paymentRows, promiseRows, disputeRows, noteRows] = await db.batch([
    db.select().from(contacts).where(byCustomer(contacts)).orderBy(desc(contacts.isPrimary), asc(contacts.name)),
    db.select().from(invoices).where(byCustomer(invoices)).orderBy(desc(invoices.issueDate), desc(invoices.id)).limit(500),
    db.select().from(payments).where(byCustomer(payments)).orderBy(desc(payments.receivedAt)).limit(100),
    db.select().from(promises).where(byCustomer(promises)).orderBy(desc(promises.promisedDate)).limit(100),
    db.select().from(disputes).where(byCustomer(disputes)).orderBy(desc(disputes.createdAt)).limit(100),
    db
      .select({
        id: customerNotes.id,
        body: customerNotes.body,
        createdAt: customerNotes.createdAt,
        author: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      })
      .from(customerNotes)
      .leftJoin(users, eq(users.id, customerNotes.authorId))
      .where(byCustomer(customerNotes))
      .orderBy(desc(customerNotes.createdAt))
      .limit(100),
  ])
  const balances = (await openBalances(db, orgId, [customerId])).get(customerId) ?? []
  const numbers = new Map(invoiceRows.map((i) => [i.id, i.invoiceNumber]))
  return {
    customer,
    contacts: contactRows,
    balances,
    invoices: invoiceRows,
    payments: paymentRows,
    promises: promiseRows,
    disputes: disputeRows,
    notes: noteRows,
    numbers,
  }
}

export async function findInvoice(db: Db, orgId: string, invoiceId: string) {
  const rows = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoiceId)))
    .limit(1)
  return rows[0] ?? null
}

/**
 * An invoice with its customer, primary contact, payments (named on the payment or applied to it), outreach,
 * promises and disputes.
 */
export async function invoiceDetail(db: Db, orgId: string, invoiceId: string) {
  const invoice = await findInvoice(db, orgId, invoiceId)
  if (!invoice) return null
  const applied = db
    .select({ paymentId: paymentApplications.paymentId })
    .from(paymentApplications)
    .where(and(eq(paymentApplications.orgId, orgId), eq(paymentApplications.invoiceId, invoiceId)))
  const [customerRows, contactRows, paymentRows, applicationRows, outreachRows, promiseRows, disputeRows] = await db.batch([
    db
      .select()
      .from(customers)
      .where(and(eq(customers.orgId, orgId), eq(customers.id, invoice.customerId)))
      .limit(1),
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.customerId, invoice.customerId)))
      .orderBy(desc(contacts.isPrimary), asc(contacts.name)),
    db
      .select()
      .from(payments)
      .where(and(eq(payments.orgId, orgId), or(eq(payments.invoiceId, invoiceId), inArray(payments.id, applied))))
      .orderBy(asc(payments.receivedAt)),
    db
      .select()
      .from(paymentApplications)
      .where(and(eq(paymentApplications.orgId, orgId), eq(paymentApplications.invoiceId, invoiceId))),
    db
      .select()
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), eq(outreach.invoiceId, invoiceId)))
      .orderBy(desc(outreach.createdAt))
      .limit(100),
    db
      .select()
      .from(promises)
      .where(and(eq(promises.orgId, orgId), eq(promises.invoiceId, invoiceId)))
      .orderBy(desc(promises.createdAt)),
    db
      .select()
      .from(disputes)
      .where(and(eq(disputes.orgId, orgId), eq(disputes.invoiceId, invoiceId)))
      .orderBy(desc(disputes.createdAt)),
  ])
  const appliedBy = new Map(applicationRows.map((a) => [a.paymentId, a.amountMinor]))
  const paymentsWithApplied = paymentRows.map((p) => ({
    ...p,
    appliedMinor: appliedBy.get(p.id) ?? (p.invoiceId === invoiceId ? p.amountMinor - p.unappliedMinor : 0),
  }))
  return {
    invoice,
    customer: customerRows[0] ?? null,
    contacts: contactRows,
    payments: paymentsWithApplied,
    outreach: outreachRows,
    promises: promiseRows,
    disputes: disputeRows,
  }
}

/** The organisation's display settings (name, base currency, time zone). */
export async function organisationSettings(db: Db, orgId: string) {
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, baseCurrency: organisations.baseCurrency, timeZone: organisations.timeZone })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .limit(1)
  return rows[0] ?? null
}

export async function hasInvoices(db: Db, orgId: string): Promise<boolean> {
  const rows = await db.select({ id: invoices.id }).from(invoices).where(eq(invoices.orgId, orgId)).limit(1)
  return rows.length > 0
}

/** Whether the organisation has recorded any payment yet (an empty Cash App then says where payments come from). */
export async function hasPayments(db: Db, orgId: string): Promise<boolean> {
  const rows = await db.select({ id: payments.id }).from(payments).where(eq(payments.orgId, orgId)).limit(1)
  return rows.length > 0
}
