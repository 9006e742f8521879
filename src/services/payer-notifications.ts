// Payer notifications through the outbox: an outreach row in the same batch as its cause, delivered by the queue consumer.
import { and, eq } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "../db/client"
import { newId } from "../db/ids"
import { billingContactId } from "../db/send-facts"
import { contacts, customers, outreach } from "../db/schema"
import { enqueueSafely, type Delivery } from "../tenant/enqueue"

export type PayerNotification = {
  kind: "confirmation" | "promise_reminder" | "acknowledgement" | "notification"
  customerId: string
  /** The invoice it is about; null for a message about the customer's account (stored as ""). */
  invoiceId?: string | null
  /** The same key twice queues one email (e.g. `promise_confirmation:<promise id>`). */
  key: string
  /** Defaults to the customer's billing contact. */
  to?: string
  subject: string
  text: string
  html?: string
  sendAt?: Date
}

export type QueuedNotification = { outreachId: string; statements: BatchItem<"sqlite">[]; deliveries: Delivery[] }

/**
 * The insert of one payer notification, for the caller's batch, and the delivery to enqueue once it commits. It is
 * queued even when the address is missing or suppressed: delivery decides with the send rule and records why.
 */
export async function payerNotification(db: Db, orgId: string, n: PayerNotification, now: Date = new Date()): Promise<QueuedNotification> {
  let to = n.to ?? null
  let contactId: string | null = null
  if (!to) {
    const [c] = await db
      .select({ id: contacts.id, email: contacts.email })
      .from(customers)
      .innerJoin(contacts, eq(contacts.id, billingContactId(customers.orgId, customers.id)))
      .where(and(eq(customers.orgId, orgId), eq(customers.id, n.customerId)))
      .limit(1)
    to = c?.email ?? null
    contactId = c?.id ?? null
  }
  const id = newId("out")
  const at = now.toISOString()
  const sendAt = n.sendAt && n.sendAt > now ? n.sendAt : now
  const statements: BatchItem<"sqlite">[] = [
    db
      .insert(outreach)
      .values({
        id,
        orgId,
        invoiceId: n.invoiceId ?? "",
        customerId: n.customerId,
        contactId,
        kind: n.kind,
        dedupeKey: n.key,
        status: "queued",
        reason: "Payer notification",
        toEmail: to?.toLowerCase() ?? null,
        subject: n.subject,
        bodyText: n.text,
        bodyHtml: n.html ?? null,
        scheduledFor: sendAt.toISOString(),
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing(),
  ]
  return { outreachId: id, statements, deliveries: [{ outreachId: id, orgId, at: sendAt }] }
}

/** One payer notification on its own (no other write to share a batch with): written, then enqueued. */
export async function queuePayerNotification(
  env: Env,
  db: Db,
  orgId: string,
  n: PayerNotification,
  now: Date = new Date(),
): Promise<{ outreachId: string }> {
  const q = await payerNotification(db, orgId, n, now)
  await db.batch(q.statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])
  await enqueueSafely(env, q.deliveries, now)
  return { outreachId: q.outreachId }
}
