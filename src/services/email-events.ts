// Bounces, complaints and replies: suppression list, email events, and the reputation guardrail that pauses Autopilot.
import { and, eq, gte, sql } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId } from "../db/ids"
import { emailEvents, invoices, organisations, outreach, tasks } from "../db/schema"
import { rates, reputationBreach, type Rates } from "../domain/deliverability"
import { auditInsert, systemActor, type Actor } from "./audit"
import { suppressStatements } from "./unsubscribe"

export type ProviderEvent = {
  type: "bounce" | "complaint" | "delivered"
  email: string
  outreachId: string | null
  providerEventId: string | null
  detail: string | null
  /** Hard bounces and complaints suppress the address; soft bounces are only recorded. */
  permanent: boolean
}

/** The statements recording one provider event for an organisation (suppression when it warrants one). */
export function providerEventStatements(db: Db, orgId: string, e: ProviderEvent, now: Date) {
  const email = e.email.trim().toLowerCase()
  const statements = [
    db
      .insert(emailEvents)
      .values({
        id: newId("eev"),
        orgId,
        outreachId: e.outreachId,
        type: e.type,
        email,
        detail: e.detail,
        providerEventId: e.providerEventId,
        createdAt: now.toISOString(),
      })
      .onConflictDoNothing(),
  ]
  if (e.type !== "delivered" && e.permanent) {
    const actor: Actor = {
      type: "system",
      id: null,
      label: e.type === "bounce" ? "Bounce from the email provider" : "Complaint from the email provider",
    }
    return [...statements, ...suppressStatements(db, orgId, actor, { email, reason: e.type, detail: e.detail }, now)]
  }
  return statements
}

/** Sends, bounces and complaints of the last 7 days. */
export async function rollingRates(db: Db, orgId: string, now: Date): Promise<Rates> {
  const since = new Date(now.getTime() - 7 * 86_400_000).toISOString()
  const [sent, events] = await db.batch([
    db
      .select({ n: sql<number>`count(*)` })
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "sent"), gte(outreach.sentAt, since))),
    db
      .select({ type: emailEvents.type, n: sql<number>`count(*)` })
      .from(emailEvents)
      .where(and(eq(emailEvents.orgId, orgId), gte(emailEvents.createdAt, since)))
      .groupBy(emailEvents.type),
  ])
  const count = (t: string) => Number(events.find((e) => e.type === t)?.n ?? 0)
  return rates(Number(sent[0]?.n ?? 0), count("bounce"), count("complaint"))
}

/** Pauses Autopilot (with an audit entry) when the rolling rates breach the limits. Returns the reason when it paused. */
export async function enforceReputation(db: Db, orgId: string, now: Date): Promise<string | null> {
  const breach = reputationBreach(await rollingRates(db, orgId, now))
  if (!breach) return null
  const [org] = await db.select({ paused: organisations.autopilotPaused }).from(organisations).where(eq(organisations.id, orgId)).limit(1)
  if (!org || org.paused) return null
  const reason = `Paused automatically: ${breach}`
  await db.batch([
    db
      .update(organisations)
      .set({ autopilotPaused: true, autopilotPausedReason: reason })
      .where(and(eq(organisations.id, orgId), eq(organisations.autopilotPaused, false))),
    auditInsert(
      db,
      orgId,
      systemActor,
      { action: "autopilot.paused", subjectType: "organisation", subjectId: orgId, after: { reason } },
      now,
    ),
  ])
  return reason
}

/** A Controller resumes Autopilot after fixing the cause. */
export async function resumeAutopilot(db: Db, orgId: string, actor: Actor, now = new Date()): Promise<void> {
  await db.batch([
    db.update(organisations).set({ autopilotPaused: false, autopilotPausedReason: null }).where(eq(organisations.id, orgId)),
    auditInsert(db, orgId, actor, { action: "autopilot.resumed", subjectType: "organisation", subjectId: orgId }, now),
  ])
}

/** A payer answered: the invoice shows the response, the outreach is marked, and open escalations close. */
export function replyStatements(
  db: Db,
  orgId: string,
  o: { id: string; invoiceId: string },
  reply: { from: string; subject: string; snippet: string; messageId: string | null },
  now: Date,
) {
  const at = now.toISOString()
  return [
    db
      .update(invoices)
      .set({ lastResponseAt: at, updatedAt: at })
      .where(and(eq(invoices.orgId, orgId), eq(invoices.id, o.invoiceId))),
    db
      .update(outreach)
      .set({ respondedAt: at, updatedAt: at })
      .where(and(eq(outreach.orgId, orgId), eq(outreach.id, o.id))),
    db
      .insert(emailEvents)
      .values({
        id: newId("eev"),
        orgId,
        outreachId: o.id,
        invoiceId: o.invoiceId,
        type: "reply",
        email: reply.from.toLowerCase(),
        detail: `${reply.subject}\n\n${reply.snippet}`.slice(0, 2000),
        providerEventId: reply.messageId,
        createdAt: at,
      })
      .onConflictDoNothing(),
    db
      .update(tasks)
      .set({ status: "done", closedAt: at })
      .where(and(eq(tasks.orgId, orgId), eq(tasks.invoiceId, o.invoiceId), eq(tasks.kind, "escalation"), eq(tasks.status, "open"))),
  ] as const
}
