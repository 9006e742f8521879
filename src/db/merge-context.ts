// What merge tags need about one invoice: the invoice, its customer and primary contact, the organisation.
import { and, asc, desc, eq, like, or, sql } from "drizzle-orm"
import { payerFacingName } from "../domain/org-settings"
import type { Db } from "./client"
import { contacts, customers, invoices, organisations } from "./schema"

export async function mergeContext(db: Db, orgId: string, invoiceId: string) {
  const [row] = await db
    .select({
      invoiceId: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      balanceMinor: invoices.balanceMinor,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      customerId: customers.id,
      customerName: customers.name,
      locale: customers.locale,
      orgName: organisations.name,
      displayName: organisations.displayName,
      senderName: organisations.senderName,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .innerJoin(organisations, eq(organisations.id, invoices.orgId))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoiceId)))
  if (!row) return null
  const [contact] = await db
    .select({ name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.customerId, row.customerId)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt))
    .limit(1)
  return {
    ...row,
    orgName: payerFacingName({ name: row.orgName, displayName: row.displayName }),
    contactName: contact?.name ?? null,
    contactEmail: contact?.email ?? null,
  }
}

/** Open invoices for the preview picker: search by number or customer name, the ones due closest to today first. */
export async function pickableInvoices(db: Db, orgId: string, q: string, limit = 25) {
  const term = q.trim()
  return db
    .select({
      id: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      customerName: customers.name,
      balanceMinor: invoices.balanceMinor,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .where(
      and(
        eq(invoices.orgId, orgId),
        eq(invoices.status, "open"),
        term ? or(like(invoices.invoiceNumber, `%${term}%`), like(customers.name, `%${term}%`)) : undefined,
      ),
    )
    .orderBy(sql`abs(julianday(${invoices.dueDate}) - julianday('now'))`, asc(invoices.invoiceNumber))
    .limit(limit)
}
