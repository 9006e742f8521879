// Customer statements: the facts of one customer turned into the PDF the portal offers and reminders can attach.
import type { Db } from "../db/client"
import { statementFacts } from "../db/statements"
import { addDays, isoDay } from "../domain/dates"
import { renderStatementPdf } from "../integrations/pdf/statement-pdf"

export const STATEMENT_PAYMENT_DAYS = 90

/** The statement PDF of a customer as of `now`, or null when the customer is not the organisation's. */
export async function statementPdf(
  db: Db,
  orgId: string,
  customerId: string,
  payUrl: string | null,
  now = new Date(),
  brandColour: string | null = null,
): Promise<Uint8Array | null> {
  const asOf = isoDay(now)
  const facts = await statementFacts(db, orgId, customerId, `${addDays(asOf, -STATEMENT_PAYMENT_DAYS)}T00:00:00.000Z`)
  if (!facts) return null
  return renderStatementPdf({
    orgName: facts.org.name,
    // The organisation's colour from its settings, as on its emails and portal, unless the caller names one.
    brandColour: brandColour ?? facts.org.brandColour,
    customerName: facts.customer.name,
    customerRef: facts.customer.externalId,
    asOf,
    invoices: facts.invoices,
    payments: facts.payments,
    payUrl,
  })
}

export const statementFilename = (asOf: string) => `statement-${asOf}.pdf`
