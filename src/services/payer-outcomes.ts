// Every outcome told to the payer: the Controller's template (or the default) rendered and queued through the outbox.
import { and, eq } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { editedTemplate } from "../db/payer-templates"
import { orgSettings } from "../db/org-settings"
import { billingContactId } from "../db/send-facts"
import { contacts, customers, invoices } from "../db/schema"
import { defaultSenderName, renderHtml, renderText, safeLocale } from "../domain/merge-tags"
import { formatMoney } from "../domain/money"
import { payerFacingName } from "../domain/org-settings"
import { defaultOutcomeTemplates, type OutcomeKind, type OutcomeTemplate, type OutcomeValues } from "../domain/payer-templates"
import { enqueueSafely } from "../tenant/enqueue"
import { payerNotification, type QueuedNotification } from "./payer-notifications"
import { portalLinkFor } from "./portal-links"

export type OutcomeFacts = {
  invoiceId: string
  /** The same key twice queues one email (e.g. `outcome:plan_accepted:<plan id>`). */
  key: string
  /** The plan's, credit's or payment's amount in the invoice's currency. */
  amountMinor?: number | null
  /** What was decided, in the decider's own words. */
  detail?: string | null
}

/** The organisation's wording of an outcome email, else the default. */
export async function outcomeTemplate(db: Db, orgId: string, kind: OutcomeKind): Promise<OutcomeTemplate> {
  const edited = await editedTemplate(db, orgId, kind)
  return edited ? { subject: edited.subject, body: edited.body } : defaultOutcomeTemplates[kind]
}

export function renderOutcome(t: OutcomeTemplate, values: OutcomeValues) {
  return {
    subject: renderText(t.subject, values).replace(/\s+/g, " ").trim(),
    text: renderText(t.body, values),
    html: renderHtml(t.body, values),
  }
}

/**
 * The outbox row of one outcome email, for the caller's batch (or null when the invoice is gone). Rendered now, with
 * the balance as it will be after the caller's batch (`balanceAfterMinor`), and a fresh pay link.
 */
export async function outcomeNotification(
  env: Env,
  db: Db,
  orgId: string,
  kind: OutcomeKind,
  facts: OutcomeFacts & { balanceAfterMinor?: number },
  now: Date = new Date(),
): Promise<QueuedNotification | null> {
  const [inv] = await db
    .select({
      number: invoices.invoiceNumber,
      balance: invoices.balanceMinor,
      currency: invoices.currency,
      customerId: invoices.customerId,
      customerName: customers.name,
      locale: customers.locale,
      contactName: contacts.name,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .leftJoin(contacts, eq(contacts.id, billingContactId(customers.orgId, customers.id)))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, facts.invoiceId)))
    .limit(1)
  const settings = await orgSettings(db, orgId)
  if (!inv || !settings) return null
  const locale = safeLocale(inv.locale)
  const money = (m: number) => formatMoney(m, inv.currency, locale)
  const link = await portalLinkFor(env, db, { orgId, customerId: inv.customerId, createdBy: null }, now)
  const values: OutcomeValues = {
    customer_name: inv.customerName,
    contact_name: inv.contactName?.trim() || `${inv.customerName} accounts payable`,
    invoice_number: inv.number,
    invoice_balance: money(Math.max(0, facts.balanceAfterMinor ?? inv.balance)),
    amount: facts.amountMinor != null ? money(facts.amountMinor) : "",
    detail: facts.detail?.trim() ?? "",
    pay_link: link.url,
    org_name: payerFacingName(settings),
    sender_name: settings.senderName?.trim() || defaultSenderName,
  }
  const email = renderOutcome(await outcomeTemplate(db, orgId, kind), values)
  const queued = await payerNotification(
    db,
    orgId,
    { kind: "notification", customerId: inv.customerId, invoiceId: facts.invoiceId, key: facts.key, ...email },
    now,
  )
  return { ...queued, statements: [link.statement, ...queued.statements] }
}

/** An outcome email on its own, after the change it tells of has committed: written, then enqueued. */
export async function queueOutcome(
  env: Env,
  db: Db,
  orgId: string,
  kind: OutcomeKind,
  facts: OutcomeFacts & { balanceAfterMinor?: number },
  now: Date = new Date(),
): Promise<string | null> {
  const q = await outcomeNotification(env, db, orgId, kind, facts, now)
  if (!q) return null
  await db.batch(q.statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
  await enqueueSafely(env, q.deliveries, now)
  return q.outreachId
}
