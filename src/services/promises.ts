// Promises to pay: made from the portal (or by an Operator), confirmed by email, reminded the day before,
// and decided kept or broken from the payments applied since. A broken promise lets the cadence resume.
import { and, eq, inArray, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { chunk } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { contacts, invoices, organisations, outreach, promises } from "../db/schema"
import { promiseDateError, promiseOutcome, addDays } from "../domain/portal-rules"
import { emailTransport } from "../integrations/email"
import { unprocessable, notFound } from "../domain/errors"
import { auditInsert, systemActor, type Actor } from "./audit"
import { claimKey, once } from "./idempotency"
import { promiseConfirmationEmail, promiseReminderEmail } from "./payer-emails"
import { policyForInvoice } from "./policy-lookup"
import { portalLinkFor } from "./portal-links"
import { notifyCadence } from "../tenant/notify"

export type PromiseInput = { customerId: string; invoiceId: string; promisedDate: string; amountMinor: number; formKey: string }

/** The primary (else any) contact email of each customer. */
async function contactEmails(db: Db, orgId: string, customerIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const ids of chunk([...new Set(customerIds)], 90)) {
    const rows = await db
      .select({ customerId: contacts.customerId, email: contacts.email, isPrimary: contacts.isPrimary })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.customerId, ids)))
    for (const r of rows.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))) if (r.email && !out.has(r.customerId)) out.set(r.customerId, r.email)
  }
  return out
}

/**
 * Records a promise on an open invoice of the payer's customer. The date must fall within the policy's
 * promiseMaxDays, the amount within the balance. A newer promise replaces an open one on the same invoice.
 * Returns the promise id (the same one when the form is submitted twice).
 */
export async function createPromise(env: Env, db: Db, orgId: string, actor: Actor, input: PromiseInput, now = new Date()): Promise<string> {
  const today = nowIso(now).slice(0, 10)
  const [inv] = await db
    .select({ id: invoices.id, number: invoices.invoiceNumber, balance: invoices.balanceMinor, currency: invoices.currency, status: invoices.status, orgName: organisations.name })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.orgId))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId)))
    .limit(1)
  if (!inv) throw notFound("Invoice")
  if (inv.status !== "open" || inv.balance <= 0) throw unprocessable("This invoice has nothing left to pay.", [{ field: "invoice_id", message: "not open" }])
  const policy = await policyForInvoice(db, orgId, inv.id, now)
  const dateError = promiseDateError(input.promisedDate, today, policy?.promiseMaxDays ?? 30)
  if (dateError) throw unprocessable(dateError, [{ field: "promised_date", message: dateError }])
  if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > inv.balance) {
    throw unprocessable("Enter an amount greater than zero and no more than the balance.", [{ field: "amount", message: "out of range" }])
  }

  let created = false
  const id = await once(db, orgId, input.formKey, async () => {
    const promiseId = newId("prm")
    const at = nowIso(now)
    await db.batch([
      claimKey(db, orgId, input.formKey, promiseId, now),
      db
        .update(promises)
        .set({ status: "cancelled", resolvedAt: at })
        .where(and(eq(promises.orgId, orgId), eq(promises.invoiceId, inv.id), eq(promises.status, "open"))),
      db.insert(promises).values({
        id: promiseId,
        orgId,
        invoiceId: inv.id,
        customerId: input.customerId,
        amountMinor: input.amountMinor,
        currency: inv.currency,
        promisedDate: input.promisedDate,
        status: "open",
        source: actor.type === "payer" ? "portal" : "operator",
        createdBy: actor.id,
        createdAt: at,
      }),
      auditInsert(db, orgId, actor, { action: "promise.created", subjectType: "promise", subjectId: promiseId, after: { invoice_id: inv.id, amount_minor: input.amountMinor, promised_date: input.promisedDate } }, now),
    ])
    created = true
    return promiseId
  })
  if (created) {
    await notifyCadence(env, orgId, { invoiceIds: [inv.id] })
    const to = (await contactEmails(db, orgId, [input.customerId])).get(input.customerId)
    if (to) {
      const email = promiseConfirmationEmail(to, { orgName: inv.orgName, invoiceNumber: inv.number, amountMinor: input.amountMinor, currency: inv.currency, promisedDate: input.promisedDate })
      await sendRecorded(env, db, orgId, { ...email, idempotencyKey: `promise_confirmation_${id}` }, { invoiceId: inv.id, customerId: input.customerId, kind: "confirmation", dedupeKey: `promise_confirmation:${id}` }, now)
    }
  }
  return id
}

/** Sends a payer email and records it as outreach (history on the invoice), once per dedupe key. */
async function sendRecorded(
  env: Env,
  db: Db,
  orgId: string,
  email: ReturnType<typeof promiseConfirmationEmail> & { idempotencyKey: string },
  meta: { invoiceId: string; customerId: string; kind: "confirmation" | "promise_reminder"; dedupeKey: string },
  now: Date,
) {
  const outreachId = newId("out")
  const result = await emailTransport(env, db).send({ ...email, orgId, outreachId })
  const at = nowIso(now)
  await db
    .insert(outreach)
    .values({
      id: outreachId,
      orgId,
      invoiceId: meta.invoiceId,
      customerId: meta.customerId,
      kind: meta.kind,
      dedupeKey: meta.dedupeKey,
      status: result.ok ? "sent" : "failed",
      reason: result.ok ? null : result.error,
      toEmail: email.to,
      subject: email.subject,
      bodyText: email.text,
      bodyHtml: email.html ?? null,
      providerMessageId: result.ok ? result.providerMessageId : null,
      sentAt: result.ok ? at : null,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .run()
  return result.ok
}

export type ReconcileResult = { kept: number; broken: number; reminded: number }

/**
 * Daily: decides every open promise of the organisation from the payments applied to its invoice since
 * the promise was made (kept as soon as they cover it, broken the day after its date), then sends the
 * day-before reminder of promises due tomorrow. Broken promises no longer hold the cadence back.
 */
export async function reconcilePromises(db: Db, env: Env, orgId: string, now: Date = new Date()): Promise<ReconcileResult> {
  const today = nowIso(now).slice(0, 10)
  const open = await db
    .select({
      id: promises.id,
      invoiceId: promises.invoiceId,
      customerId: promises.customerId,
      amountMinor: promises.amountMinor,
      currency: promises.currency,
      promisedDate: promises.promisedDate,
      reminderSentAt: promises.reminderSentAt,
      invoiceStatus: invoices.status,
      invoiceNumber: invoices.invoiceNumber,
      paidSince: sql<number>`coalesce((select sum(pa.amount_minor) from payment_applications pa
        join payments pm on pm.org_id = pa.org_id and pm.id = pa.payment_id
        where pa.org_id = ${promises.orgId} and pa.invoice_id = ${promises.invoiceId}
          and pm.received_at >= ${promises.createdAt} and pm.status <> 'reversed'), 0)`,
    })
    .from(promises)
    .innerJoin(invoices, and(eq(invoices.orgId, promises.orgId), eq(invoices.id, promises.invoiceId)))
    .where(and(eq(promises.orgId, orgId), eq(promises.status, "open")))

  const at = nowIso(now)
  const decisions: BatchItem<"sqlite">[] = []
  let kept = 0
  let broken = 0
  const stillOpen: typeof open = []
  for (const p of open) {
    const outcome = promiseOutcome({ promisedDate: p.promisedDate!, amountMinor: p.amountMinor, paidSinceMinor: Number(p.paidSince), invoicePaid: p.invoiceStatus === "paid" }, today)
    if (outcome === "open") {
      stillOpen.push(p)
      continue
    }
    outcome === "kept" ? kept++ : broken++
    decisions.push(
      db.update(promises).set({ status: outcome, resolvedAt: at }).where(and(eq(promises.orgId, orgId), eq(promises.id, p.id), eq(promises.status, "open"))),
      auditInsert(db, orgId, systemActor, { action: `promise.${outcome}`, subjectType: "promise", subjectId: p.id, before: { status: "open" }, after: { status: outcome, paid_since_minor: Number(p.paidSince) } }, now),
    )
  }
  for (const part of chunk(decisions, 50)) await db.batch(part as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])

  const tomorrow = addDays(today, 1)
  const due = stillOpen.filter((p) => p.promisedDate === tomorrow && !p.reminderSentAt)
  let reminded = 0
  if (due.length > 0) {
    const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).limit(1)
    const emails = await contactEmails(db, orgId, due.map((p) => p.customerId))
    const ready = []
    for (const p of due) {
      const to = emails.get(p.customerId)
      if (to) ready.push({ p, to, link: await portalLinkFor(env, db, { orgId, customerId: p.customerId, createdBy: null, expiresInDays: 7 }, now) })
    }
    const marks: BatchItem<"sqlite">[] = ready.flatMap(({ p, link }) => [link.statement, db.update(promises).set({ reminderSentAt: at }).where(and(eq(promises.orgId, orgId), eq(promises.id, p.id)))])
    for (const part of chunk(marks, 50)) await db.batch(part as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
    for (const { p, to, link } of ready) {
      const email = promiseReminderEmail(to, { orgName: org?.name ?? "", invoiceNumber: p.invoiceNumber, amountMinor: p.amountMinor, currency: p.currency, promisedDate: p.promisedDate! }, link.url)
      if (await sendRecorded(env, db, orgId, { ...email, idempotencyKey: `promise_reminder_${p.id}` }, { invoiceId: p.invoiceId, customerId: p.customerId, kind: "promise_reminder", dedupeKey: `promise_reminder:${p.id}` }, now)) reminded++
    }
  }
  return { kept, broken, reminded }
}
