// Renders a reminder at send time (balance and pay link current): one invoice, or several of one customer in one email.
import { and, eq, inArray, sql } from "drizzle-orm"
import type { Db } from "../db/client"
import { contacts, customers, invoices, organisations, type outreach } from "../db/schema"
import { combinedBody, combinedSubject, toneInvoiceIndex } from "../domain/combined-reminder"
import { mergeValuesFor, renderHtml, renderText, safeLocale } from "../domain/merge-tags"
import type { SenderIdentity } from "../domain/org-settings"
import { dayIn } from "../domain/send-window"
import type { OutgoingEmail } from "../services/email"
import { attachmentsFor } from "../services/outreach-attachments"
import { portalLinkFor, statementUrl } from "../services/portal-links"
import { unsubscribeToken } from "../services/unsubscribe"

type Row = typeof outreach.$inferSelect

/**
 * The first row is the one being delivered; the others are the customer's reminders due at the same time
 * (jobs/delivery-companions). The most overdue invoice's step gives the wording; the list names every invoice.
 */
export async function reminderEmail(env: Env, db: Db, rows: Row[], now: Date, identity: SenderIdentity) {
  const lead = rows[0]!
  const found = await db
    .select({
      invoice: invoices,
      customerName: customers.name,
      locale: customers.locale,
      orgTz: organisations.timeZone,
      contactName: contacts.name,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .innerJoin(organisations, eq(organisations.id, invoices.orgId))
    .leftJoin(contacts, and(eq(contacts.orgId, invoices.orgId), eq(contacts.id, sql`${lead.contactId}`)))
    .where(
      and(
        eq(invoices.orgId, lead.orgId),
        inArray(
          invoices.id,
          rows.map((r) => r.invoiceId),
        ),
      ),
    )
  const byInvoice = new Map(found.map((f) => [f.invoice.id, f]))
  const listed = rows.filter((r) => byInvoice.has(r.invoiceId))
  const facts = listed.map((r) => byInvoice.get(r.invoiceId)!)
  const tone = toneInvoiceIndex(facts.map((f) => f.invoice))
  const toneRow = listed[tone] ?? lead
  const ctx = facts[tone]!
  const today = dayIn(now, ctx.orgTz)
  const link = await portalLinkFor(env, db, { orgId: lead.orgId, customerId: lead.customerId, createdBy: null, expiresInDays: 30 }, now)
  const values = mergeValuesFor({
    orgName: identity.orgName,
    senderName: identity.senderName,
    customerName: ctx.customerName,
    contactName: ctx.contactName,
    invoiceNumber: ctx.invoice.invoiceNumber,
    balanceMinor: ctx.invoice.balanceMinor,
    currency: ctx.invoice.currency,
    locale: ctx.locale,
    dueDate: ctx.invoice.dueDate,
    today,
    payLink: link.url,
    statementLink: statementUrl(link.url),
  })
  const body =
    facts.length > 1
      ? combinedBody(
          toneRow.bodyText,
          values,
          facts.map((f) => f.invoice),
          today,
          safeLocale(ctx.locale),
        )
      : { text: renderText(toneRow.bodyText, values), html: renderHtml(toneRow.bodyText, values) }
  const unsubscribeUrl = `${env.APP_URL}/u/${await unsubscribeToken(env, lead.orgId, lead.toEmail!)}`
  const email: Omit<OutgoingEmail, "idempotencyKey"> = {
    to: lead.toEmail!,
    subject: combinedSubject(renderText(toneRow.subject, values), facts.length),
    text: `${body.text}\n\n--\nStop these reminders: ${unsubscribeUrl}\n`,
    html: `${body.html}\n<p style="color:#667085;font-size:12px">Stop these reminders: <a href="${unsubscribeUrl}">unsubscribe</a></p>`,
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "X-Plixo-Outreach": lead.id,
    },
    attachments: await attachmentsFor(db, toneRow, link.url, now),
  }
  return { email, link: link.statement }
}
