// The reads behind a customer statement: organisation, customer, open invoices and the payments of the last 90 days,
// in one D1 batch, scoped to the organisation (a customer of another organisation is simply absent).
import { and, asc, desc, eq, gt, gte, ne } from "drizzle-orm"
import { payerFacingName } from "../domain/org-settings"
import type { Db } from "./client"
import { customers, invoices, organisations, payments } from "./schema"

export async function statementFacts(db: Db, orgId: string, customerId: string, since: string) {
  const [org, customer, open, paid] = await db.batch([
    db
      .select({
        name: organisations.name,
        displayName: organisations.displayName,
        baseCurrency: organisations.baseCurrency,
        logoUrl: organisations.logoUrl,
        brandColour: organisations.brandColour,
      })
      .from(organisations)
      .where(eq(organisations.id, orgId)),
    db
      .select({ name: customers.name, externalId: customers.externalId })
      .from(customers)
      .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId))),
    db
      .select({
        number: invoices.invoiceNumber,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        currency: invoices.currency,
        amountMinor: invoices.amountMinor,
        balanceMinor: invoices.balanceMinor,
        disputed: invoices.disputed,
      })
      .from(invoices)
      .where(and(eq(invoices.orgId, orgId), eq(invoices.customerId, customerId), eq(invoices.status, "open"), gt(invoices.balanceMinor, 0)))
      .orderBy(asc(invoices.dueDate), asc(invoices.invoiceNumber))
      .limit(500),
    db
      .select({
        receivedAt: payments.receivedAt,
        amountMinor: payments.amountMinor,
        currency: payments.currency,
        method: payments.method,
        reference: payments.reference,
        invoiceNumber: invoices.invoiceNumber,
      })
      .from(payments)
      .leftJoin(invoices, and(eq(invoices.orgId, payments.orgId), eq(invoices.id, payments.invoiceId)))
      .where(
        and(
          eq(payments.orgId, orgId),
          eq(payments.customerId, customerId),
          gte(payments.receivedAt, since),
          ne(payments.status, "reversed"),
        ),
      )
      .orderBy(desc(payments.receivedAt))
      .limit(200),
  ])
  if (!org[0] || !customer[0]) return null
  return { org: { ...org[0], name: payerFacingName(org[0]) }, customer: customer[0], invoices: open, payments: paid }
}
export type StatementFacts = NonNullable<Awaited<ReturnType<typeof statementFacts>>>
