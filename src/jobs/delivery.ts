// The DELIVERY queue consumer: claim each outreach once, re-render at send time, send, record; retries with backoff.
import { and, eq, inArray, lte, or, sql, isNull } from "drizzle-orm"
import { createDb, type Db } from "../db/client"
import { contacts, customers, invoices, opsState, organisations, outreach, suppressions } from "../db/schema"
import { mergeValuesFor, renderHtml, renderText } from "../domain/merge-tags"
import { dayIn } from "../domain/send-window"
import { emailTransport, type EmailTransport } from "../integrations/email"
import { portalLinkFor, statementUrl } from "../services/portal-links"
import { unsubscribeToken } from "../services/unsubscribe"
import { delaySecondsUntil, type DeliveryMessage } from "../tenant/enqueue"

/** A claim older than this was left by a crashed attempt; the idempotency key makes taking it over safe. */
const staleClaimMs = 15 * 60_000
const maintenanceRecheckSeconds = 15 * 60

export type Outcome = { kind: "sent" | "skipped" | "failed" | "duplicate" | "deferred" } | { kind: "retry"; delaySeconds: number; error: string }

/** 30 s, 1 min, 2 min, ... up to an hour: transient provider errors get room to recover. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1))
}

export async function deliverBatch(batch: MessageBatch<DeliveryMessage>, env: Env, transport?: EmailTransport): Promise<void> {
  const db = createDb(env.DB)
  const mail = transport ?? emailTransport(env, db)
  for (const message of batch.messages) {
    try {
      const outcome = await deliverOne(env, db, mail, message.body, new Date(), message.attempts)
      if (outcome.kind === "retry") message.retry({ delaySeconds: outcome.delaySeconds })
      else message.ack()
    } catch (err) {
      console.error("delivery failed", message.body?.outreachId, err)
      message.retry({ delaySeconds: backoffSeconds(message.attempts) })
    }
  }
}

export async function deliverOne(env: Env, db: Db, mail: EmailTransport, body: DeliveryMessage, now: Date, attempt: number): Promise<Outcome> {
  const { orgId, outreachId } = body
  const nowIso = now.toISOString()
  const soon = new Date(now.getTime() + 60_000).toISOString()
  const claimed = await db
    .update(outreach)
    .set({ status: "sending", attempts: sql`${outreach.attempts} + 1`, updatedAt: nowIso })
    .where(
      and(
        eq(outreach.orgId, orgId),
        eq(outreach.id, outreachId),
        or(and(eq(outreach.status, "queued"), or(isNull(outreach.scheduledFor), lte(outreach.scheduledFor, soon))), and(eq(outreach.status, "sending"), lte(outreach.updatedAt, new Date(now.getTime() - staleClaimMs).toISOString()))),
      ),
    )
    .returning()
  const row = claimed[0]
  if (!row) {
    const [current] = await db.select({ status: outreach.status, scheduledFor: outreach.scheduledFor }).from(outreach).where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId))).limit(1)
    if (current?.status === "queued" && current.scheduledFor) {
      // Still early (quiet hours longer than the queue's longest delay): come back at the send time.
      await env.DELIVERY.send(body, { contentType: "json", delaySeconds: delaySecondsUntil(new Date(current.scheduledFor), now) })
      return { kind: "deferred" }
    }
    return { kind: "duplicate" }
  }

  // Not one db.batch: D1 batch results are keyed by column name, which a join with same-named columns would mix up.
  const [ctxRows, maintenanceRows] = await Promise.all([
    db
      .select({
        invoice: invoices,
        customerName: customers.name,
        locale: customers.locale,
        orgName: organisations.name,
        senderName: organisations.senderName,
        orgTz: organisations.timeZone,
        orgMaintenance: organisations.maintenance,
        contactName: contacts.name,
        suppressed: sql<number>`exists (select 1 from ${suppressions} s where s.org_id = ${outreach.orgId} and s.email = ${outreach.toEmail})`,
      })
      .from(outreach)
      .innerJoin(invoices, and(eq(invoices.orgId, outreach.orgId), eq(invoices.id, outreach.invoiceId)))
      .innerJoin(customers, and(eq(customers.orgId, outreach.orgId), eq(customers.id, outreach.customerId)))
      .innerJoin(organisations, eq(organisations.id, outreach.orgId))
      .leftJoin(contacts, and(eq(contacts.orgId, outreach.orgId), eq(contacts.id, outreach.contactId)))
      .where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId)))
      .limit(1),
    db.select().from(opsState).where(inArray(opsState.key, ["maintenance"])),
  ])
  const ctx = ctxRows[0]
  const settle = (status: "skipped" | "suppressed" | "failed", reason: string) =>
    db.update(outreach).set({ status, reason, updatedAt: nowIso }).where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId)))
  if (!ctx) {
    await settle("failed", "The invoice or customer no longer exists")
    return { kind: "failed" }
  }
  if (ctx.invoice.status !== "open" || ctx.invoice.balanceMinor <= 0) {
    await settle("skipped", "paid")
    return { kind: "skipped" }
  }
  if (ctx.invoice.disputed) {
    await settle("skipped", "disputed")
    return { kind: "skipped" }
  }
  if (!row.toEmail || ctx.suppressed) {
    await settle("suppressed", "The address is on the suppression list")
    return { kind: "skipped" }
  }
  if (ctx.orgMaintenance || maintenanceRows[0]?.value === "on") {
    await db.update(outreach).set({ status: "queued", updatedAt: nowIso }).where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId)))
    await env.DELIVERY.send(body, { contentType: "json", delaySeconds: maintenanceRecheckSeconds })
    return { kind: "deferred" }
  }

  const link = await portalLinkFor(env, db, { orgId, customerId: ctx.invoice.customerId, createdBy: null, expiresInDays: 30 }, now)
  const values = mergeValuesFor({
    orgName: ctx.orgName,
    senderName: ctx.senderName,
    customerName: ctx.customerName,
    contactName: ctx.contactName,
    invoiceNumber: ctx.invoice.invoiceNumber,
    balanceMinor: ctx.invoice.balanceMinor,
    currency: ctx.invoice.currency,
    locale: ctx.locale,
    dueDate: ctx.invoice.dueDate,
    today: dayIn(now, ctx.orgTz),
    payLink: link.url,
    statementLink: statementUrl(link.url),
  })
  const unsubscribeUrl = `${env.APP_URL}/u/${await unsubscribeToken(env, orgId, row.toEmail)}`
  const subject = renderText(row.subject, values)
  const text = `${renderText(row.bodyText, values)}\n\n--\nStop these reminders: ${unsubscribeUrl}\n`
  const html = `${renderHtml(row.bodyText, values)}\n<p style="color:#667085;font-size:12px">Stop these reminders: <a href="${unsubscribeUrl}">unsubscribe</a></p>`
  const result = await mail.send({
    to: row.toEmail,
    subject,
    text,
    html,
    replyTo: `r+${outreachId}@${env.INBOUND_DOMAIN}`,
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "X-Plixo-Outreach": outreachId },
    idempotencyKey: outreachId,
    orgId,
    outreachId,
  })
  if (result.ok) {
    await db.batch([
      link.statement,
      db
        .update(outreach)
        .set({ status: "sent", sentAt: nowIso, providerMessageId: result.providerMessageId, subject, bodyText: text, bodyHtml: html, reason: row.reason, updatedAt: nowIso })
        .where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId))),
    ])
    return { kind: "sent" }
  }
  if (result.permanent) {
    await settle("failed", `The email provider refused the message: ${result.error}`)
    return { kind: "failed" }
  }
  await db.update(outreach).set({ status: "queued", scheduledFor: null, updatedAt: nowIso }).where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId)))
  return { kind: "retry", delaySeconds: backoffSeconds(attempt), error: result.error }
}

/** Messages that exhausted their retries: the outreach is failed with the reason, and the Controller sees it. */
export async function deadLetters(batch: MessageBatch<DeliveryMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB)
  const now = new Date().toISOString()
  for (const message of batch.messages) {
    const { orgId, outreachId } = message.body
    await db
      .update(outreach)
      .set({ status: "failed", reason: "Delivery failed after every retry (dead-letter queue)", updatedAt: now })
      .where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId), inArray(outreach.status, ["queued", "sending"])))
    message.ack()
  }
}
