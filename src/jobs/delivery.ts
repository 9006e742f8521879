// The DELIVERY queue consumer, the one path of every payer email: claim once, re-check the send rule, render, send, record.
import { staleClaimMs } from "../db/outreach-state"
import { and, eq, isNull, lte, or, sql } from "drizzle-orm"
import { createDb, type Db } from "../db/client"
import { claimOutreach, moveOutreach, applyMove, type OutreachStatus } from "../db/outreach-state"
import { outreachFacts } from "../db/send-facts"
import { outreach } from "../db/schema"
import { brandedHtml, replyToHeader, senderIdentity } from "../domain/org-settings"
import { holdCodes, sendRule } from "../domain/send-rule"
import { emailTransport, type EmailTransport, type OutgoingEmail } from "../services/email"
import { delaySecondsUntil, type DeliveryMessage } from "../tenant/enqueue"
import { outreachSendFacts, purposeOf } from "../tenant/send-facts"
import { loadTickContext, type TickContext } from "../tenant/tick-context"
import { claimCompanions, companionMoves } from "./delivery-companions"
import { reminderEmail } from "./reminder-email"

/** A claim older than this was left by a crashed attempt; the idempotency key makes taking it over safe. */
const maintenanceRecheckSeconds = 15 * 60

export type Outcome =
  | { kind: "sent" | "skipped" | "failed" | "duplicate" | "deferred" }
  | { kind: "retry"; delaySeconds: number; error: string }

/** 30 s, 1 min, 2 min, ... up to an hour: transient provider errors get room to recover. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1))
}

/** Organisation facts read once per batch and organisation, not once per message. */
type ContextCache = Map<string, Promise<TickContext | null>>

export async function deliverBatch(batch: MessageBatch<DeliveryMessage>, env: Env, transport?: EmailTransport): Promise<void> {
  const db = createDb(env.DB)
  const mail = transport ?? emailTransport(env, db)
  const contexts: ContextCache = new Map()
  for (const message of batch.messages) {
    try {
      const outcome = await deliverOne(env, db, mail, message.body, new Date(), message.attempts, contexts)
      if (outcome.kind === "retry") message.retry({ delaySeconds: outcome.delaySeconds })
      else message.ack()
    } catch (err) {
      console.error("delivery failed", message.body?.outreachId, err)
      message.retry({ delaySeconds: backoffSeconds(message.attempts) })
    }
  }
}

export async function deliverOne(
  env: Env,
  db: Db,
  mail: EmailTransport,
  body: DeliveryMessage,
  now: Date,
  attempt: number,
  contexts: ContextCache = new Map(),
): Promise<Outcome> {
  const { orgId, outreachId } = body
  const nowIso = now.toISOString()
  const soon = new Date(now.getTime() + 60_000).toISOString()
  const stale = new Date(now.getTime() - staleClaimMs).toISOString()
  const row = await claimOutreach(
    db,
    orgId,
    outreachId,
    {
      to: "sending",
      from: ["queued", "sending"],
      set: { attempts: sql`${outreach.attempts} + 1` },
      guard: or(
        and(eq(outreach.status, "queued"), or(isNull(outreach.scheduledFor), lte(outreach.scheduledFor, soon))),
        and(eq(outreach.status, "sending"), lte(outreach.updatedAt, stale)),
      ),
      note: `delivery attempt ${attempt}`,
      actor: "delivery",
    },
    nowIso,
  )
  if (!row) {
    const [current] = await db
      .select({ status: outreach.status, scheduledFor: outreach.scheduledFor, updatedAt: outreach.updatedAt })
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), eq(outreach.id, outreachId)))
      .limit(1)
    if (current?.status === "sending") {
      // An earlier attempt claimed it and did not record the result (it crashed between send and record): come back
      // when that claim is stale and take it over; the idempotency key stops a second email on the HTTP provider.
      return { kind: "retry", delaySeconds: Math.ceil(staleClaimMs / 1000) + 30, error: "claimed by an unfinished attempt" }
    }
    if (current?.status === "queued" && current.scheduledFor) {
      // Still early (quiet hours longer than the queue's longest delay): come back at the send time.
      await env.DELIVERY.send(body, { contentType: "json", delaySeconds: delaySecondsUntil(new Date(current.scheduledFor), now) })
      return { kind: "deferred" }
    }
    return { kind: "duplicate" }
  }
  const settle = async (to: OutreachStatus, reason: string, note: string, companions: Row[] = []) => {
    const move = { to, from: ["sending"] as OutreachStatus[], set: { reason }, note, actor: "delivery" }
    if (companions.length === 0) return applyMove(db, orgId, outreachId, move, nowIso)
    await db.batch([...moveOutreach(db, orgId, outreachId, move, nowIso), ...companionMoves(db, orgId, companions, move, nowIso)])
    return true
  }

  if (!contexts.has(orgId)) contexts.set(orgId, loadTickContext(db, orgId, now))
  const [ctx, [facts]] = await Promise.all([contexts.get(orgId)!, outreachFacts(db, orgId, [outreachId])])
  if (!ctx || !facts || (purposeOf(row.kind) !== "notification" && !facts.invoiceFound)) {
    await settle("failed", "The invoice or customer no longer exists", "The invoice or customer no longer exists")
    return { kind: "failed" }
  }
  // Circumstances may have changed since it was queued (a payment, a promise, a plan, a dispute, a pause, Shadow Mode).
  const { blockers } = sendRule(outreachSendFacts(ctx, facts), now)
  const final = blockers.filter((b) => !holdCodes.includes(b.code))
  if (final.length) {
    const first = final[0]!
    await settle(
      first.code === "suppressed" || first.code === "unsubscribed" ? "suppressed" : "skipped",
      first.code,
      final.map((b) => b.message).join(" "),
    )
    return { kind: "skipped" }
  }
  if (blockers.length) {
    await applyMove(db, orgId, outreachId, { to: "queued", from: ["sending"], note: blockers[0]!.message, actor: "delivery" }, nowIso)
    await env.DELIVERY.send(body, { contentType: "json", delaySeconds: maintenanceRecheckSeconds })
    return { kind: "deferred" }
  }

  // The organisation's name and domain in From, its mailbox next to the tagged reply address, its colour and logo.
  const identity = senderIdentity(ctx.sender.settings, ctx.sender.domains, env.EMAIL_FROM)
  // The customer's other reminders due now go in the same email (one email per customer per day; caps counted one).
  const companions = purposeOf(row.kind) === "notification" ? [] : await claimCompanions(db, ctx, row, now)
  const rendered =
    purposeOf(row.kind) === "notification" ? notificationEmail(row) : await reminderEmail(env, db, [row, ...companions], now, identity)
  const result = await mail.send({
    ...rendered.email,
    html: rendered.email.html === undefined ? undefined : brandedHtml(identity, rendered.email.html),
    from: identity.from,
    replyTo: replyToHeader(`r+${outreachId}@${env.INBOUND_DOMAIN}`, identity.replyTo),
    idempotencyKey: outreachId,
    orgId,
    outreachId,
  })
  if (result.ok) {
    const [sent, history] = moveOutreach(
      db,
      orgId,
      outreachId,
      {
        to: "sent",
        from: ["sending"],
        set: {
          sentAt: nowIso,
          providerMessageId: result.providerMessageId,
          subject: rendered.email.subject,
          bodyText: rendered.email.text,
          bodyHtml: rendered.email.html ?? null,
        },
        note: `sent through ${mail.name}`,
        actor: "delivery",
      },
      nowIso,
    )
    const together = companionMoves(
      db,
      orgId,
      companions,
      {
        to: "sent",
        set: {
          sentAt: nowIso,
          providerMessageId: result.providerMessageId,
          subject: rendered.email.subject,
          bodyText: rendered.email.text,
          bodyHtml: rendered.email.html ?? null,
        },
        note: `sent in one email with ${outreachId} through ${mail.name}`,
      },
      nowIso,
    )
    await db.batch(rendered.link ? [rendered.link, sent, history, ...together] : [sent, history, ...together])
    return { kind: "sent" }
  }
  if (result.permanent) {
    await settle("failed", `The email provider refused the message: ${result.error}`, result.error, companions)
    return { kind: "failed" }
  }
  const retry = { to: "queued" as const, set: { scheduledFor: null }, note: `provider error, retrying: ${result.error}` }
  await db.batch([
    ...moveOutreach(db, orgId, outreachId, { ...retry, from: ["sending"], actor: "delivery" }, nowIso),
    ...companionMoves(db, orgId, companions, retry, nowIso),
  ])
  return { kind: "retry", delaySeconds: backoffSeconds(attempt), error: result.error }
}

type Row = typeof outreach.$inferSelect

/** A payer notification is rendered when it is queued (its cause's words); delivery sends it as written. */
function notificationEmail(row: Row): { email: Omit<OutgoingEmail, "idempotencyKey">; link: null } {
  return {
    email: {
      to: row.toEmail!,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml ?? undefined,
      headers: { "X-Plixo-Outreach": row.id },
    },
    link: null,
  }
}

/** Messages that exhausted their retries: the outreach is failed with the reason, and the Controller sees it. */
export async function deadLetters(batch: MessageBatch<DeliveryMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB)
  const now = new Date().toISOString()
  for (const message of batch.messages) {
    const { orgId, outreachId } = message.body
    const reason = "Delivery failed after every retry (dead-letter queue)"
    await applyMove(
      db,
      orgId,
      outreachId,
      { to: "failed", from: ["queued", "sending"], set: { reason }, note: reason, actor: "delivery" },
      now,
    )
    message.ack()
  }
}
