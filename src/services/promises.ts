// Promises to pay: made from the portal (or by an Operator), confirmed by email, reminded the day before,
// and decided kept or broken from the payments applied since. A broken promise lets the cadence resume.
import { and, eq, inArray, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { chunk } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { contacts, invoices, organisations, promises } from "../db/schema"
import { promiseDateError, promiseOutcome } from "../domain/portal-rules"
import { addDays } from "../domain/dates"
import { unprocessable, notFound } from "../domain/errors"
import { auditInsert, systemActor, type Actor } from "./audit"
import { claimKey, once } from "./idempotency"
import { enqueueSafely, type Delivery } from "../tenant/enqueue"
import { promiseConfirmationEmail, promiseReminderEmail } from "./payer-emails"
import { payerNotification } from "./payer-notifications"
import { policyForInvoice } from "./policy-lookup"
import { portalLinkFor } from "./portal-links"
import { notifyCadence } from "../tenant/notify"

export type PromiseInput = {
  customerId: string
  invoiceId: string
  promisedDate: string
  amountMinor: number
  formKey: string
  note?: string | null
  channel?: PromiseChannel | null
}
export const promiseChannels = ["phone", "email", "portal", "meeting", "other"] as const
export type PromiseChannel = (typeof promiseChannels)[number]

/** The primary (else any) contact email of each customer. */
async function contactEmails(db: Db, orgId: string, customerIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const ids of chunk([...new Set(customerIds)], 90)) {
    const rows = await db
      .select({ customerId: contacts.customerId, email: contacts.email, isPrimary: contacts.isPrimary })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.customerId, ids)))
    for (const r of rows.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary)))
      if (r.email && !out.has(r.customerId)) out.set(r.customerId, r.email)
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
    .select({
      id: invoices.id,
      number: invoices.invoiceNumber,
      balance: invoices.balanceMinor,
      currency: invoices.currency,
      status: invoices.status,
      orgName: organisations.name,
    })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.orgId))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId)))
    .limit(1)
  if (!inv) throw notFound("Invoice")
  if (inv.status !== "open" || inv.balance <= 0)
    throw unprocessable("This invoice has nothing left to pay.", [{ field: "invoice_id", message: "not open" }])
  const policy = await policyForInvoice(db, orgId, inv.id, now)
  const dateError = promiseDateError(input.promisedDate, today, policy?.promiseMaxDays ?? 30)
  if (dateError) throw unprocessable(dateError, [{ field: "promised_date", message: dateError }])
  if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > inv.balance) {
    throw unprocessable("Enter an amount greater than zero and no more than the balance.", [{ field: "amount", message: "out of range" }])
  }

  let confirmation: Delivery[] = []
  const id = await once(db, orgId, input.formKey, async () => {
    const promiseId = newId("prm")
    const at = nowIso(now)
    const email = promiseConfirmationEmail("", {
      orgName: inv.orgName,
      invoiceNumber: inv.number,
      amountMinor: input.amountMinor,
      currency: inv.currency,
      promisedDate: input.promisedDate,
    })
    // The confirmation is an outbox row in the promise's own batch: both land or neither does.
    const note = await payerNotification(
      db,
      orgId,
      {
        kind: "confirmation",
        customerId: input.customerId,
        invoiceId: inv.id,
        key: `promise_confirmation:${promiseId}`,
        subject: email.subject,
        text: email.text,
        html: email.html,
      },
      now,
    )
    confirmation = note.deliveries
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
        channel: input.channel ?? null,
        note: input.note ?? null,
        createdBy: actor.id,
        createdAt: at,
      }),
      auditInsert(
        db,
        orgId,
        actor,
        {
          action: "promise.created",
          subjectType: "promise",
          subjectId: promiseId,
          after: { invoice_id: inv.id, amount_minor: input.amountMinor, promised_date: input.promisedDate, channel: input.channel ?? null },
        },
        now,
      ),
      ...note.statements,
    ])
    return promiseId
  })
  await enqueueSafely(env, confirmation, now)
  await notifyCadence(env, orgId, { invoiceIds: [inv.id] })
  return id
}

export type LogPromise = {
  invoiceId: string
  promisedDate: string
  amountMinor?: number | null
  note?: string | null
  channel?: PromiseChannel | null
  formKey?: string | null
}

/** An Operator logs a promise heard by phone, email or in a meeting; the amount defaults to the open balance. */
export async function logPromise(env: Env, db: Db, orgId: string, actor: Actor, input: LogPromise, now = new Date()): Promise<string> {
  const [inv] = await db
    .select({ customerId: invoices.customerId, balance: invoices.balanceMinor })
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, input.invoiceId)))
    .limit(1)
  if (!inv) throw notFound("Invoice")
  const note = input.note?.trim() || null
  if (note && note.length > 2000)
    throw unprocessable("The note is too long (2,000 characters at most).", [{ field: "note", message: "too long" }])
  return createPromise(
    env,
    db,
    orgId,
    actor,
    {
      customerId: inv.customerId,
      invoiceId: input.invoiceId,
      promisedDate: input.promisedDate,
      amountMinor: input.amountMinor ?? inv.balance,
      note,
      channel: input.channel ?? null,
      formKey: input.formKey ?? `promise:${newId("key")}`,
    },
    now,
  )
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
    const outcome = promiseOutcome(
      {
        promisedDate: p.promisedDate!,
        amountMinor: p.amountMinor,
        paidSinceMinor: Number(p.paidSince),
        invoicePaid: p.invoiceStatus === "paid",
      },
      today,
    )
    if (outcome === "open") {
      stillOpen.push(p)
      continue
    }
    outcome === "kept" ? kept++ : broken++
    decisions.push(
      db
        .update(promises)
        .set({ status: outcome, resolvedAt: at })
        .where(and(eq(promises.orgId, orgId), eq(promises.id, p.id), eq(promises.status, "open"))),
      auditInsert(
        db,
        orgId,
        systemActor,
        {
          action: `promise.${outcome}`,
          subjectType: "promise",
          subjectId: p.id,
          before: { status: "open" },
          after: { status: outcome, paid_since_minor: Number(p.paidSince) },
        },
        now,
      ),
    )
  }
  for (const part of chunk(decisions, 50)) await db.batch(part as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])

  const tomorrow = addDays(today, 1)
  const due = stillOpen.filter((p) => p.promisedDate === tomorrow && !p.reminderSentAt)
  let reminded = 0
  if (due.length > 0) {
    const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).limit(1)
    const emails = await contactEmails(
      db,
      orgId,
      due.map((p) => p.customerId),
    )
    const ready = []
    for (const p of due) {
      const to = emails.get(p.customerId)
      if (to)
        ready.push({
          p,
          to,
          link: await portalLinkFor(env, db, { orgId, customerId: p.customerId, createdBy: null, expiresInDays: 7 }, now),
        })
    }
    const marks: BatchItem<"sqlite">[] = []
    const deliveries: Delivery[] = []
    for (const { p, to, link } of ready) {
      const email = promiseReminderEmail(
        to,
        {
          orgName: org?.name ?? "",
          invoiceNumber: p.invoiceNumber,
          amountMinor: p.amountMinor,
          currency: p.currency,
          promisedDate: p.promisedDate!,
        },
        link.url,
      )
      const note = await payerNotification(
        db,
        orgId,
        {
          kind: "promise_reminder",
          customerId: p.customerId,
          invoiceId: p.invoiceId,
          key: `promise_reminder:${p.id}`,
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
        },
        now,
      )
      marks.push(
        link.statement,
        db
          .update(promises)
          .set({ reminderSentAt: at })
          .where(and(eq(promises.orgId, orgId), eq(promises.id, p.id))),
        ...note.statements,
      )
      deliveries.push(...note.deliveries)
      reminded++
    }
    // Each reminder's outbox row, its link and the promise's mark land together; a chunk holds whole groups of three.
    for (const part of chunk(marks, 48)) await db.batch(part as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
    await enqueueSafely(env, deliveries, now)
  }
  return { kept, broken, reminded }
}
