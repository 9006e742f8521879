// Expiring credentials (Stripe, QuickBooks Online, NetSuite): 14 and 3 days before, every Controller gets an email
// with an RFC 5545 calendar invitation (.ics) for the re-authentication. Each stage is sent once per expiry date.
import { and, eq } from "drizzle-orm"
import { createEvent } from "ics"
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { membersOfOrg, findOrganisation } from "../db/people"
import { connectors } from "../db/schema"
import { reauthSlot, reminderStage, daysUntil } from "../domain/credential-expiry"
import { emailTransport } from "./email"
import { auditInsert, systemActor } from "./audit"
import { linkEmail } from "./auth-emails"
import { label, type Connector } from "./connectors"

/** The invitation: a 30-minute slot before expiry, with the Connectors page as the place to act, and an alarm. */
export function reauthInvitation(
  c: Connector,
  orgName: string,
  appUrl: string,
  attendees: { name: string | null; email: string }[],
  now: Date,
): string {
  const slot = reauthSlot(c.credentialExpiresAt!, now)
  const url = `${appUrl}/admin/connectors`
  const { error, value } = createEvent({
    uid: `reauth-${c.id}-${c.credentialExpiresAt!.slice(0, 10)}@plixo.dev`,
    productId: "plixo/connectors",
    method: "REQUEST",
    title: `Re-authenticate ${label(c.kind)} in Plixo (${orgName})`,
    description: `The ${label(c.kind)} credentials of ${orgName} expire on ${c.credentialExpiresAt!.slice(0, 10)}. Open ${url} and press Reconnect ${label(c.kind)} so receivables keep syncing.`,
    url,
    start: slot.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: 30 },
    status: "CONFIRMED",
    busyStatus: "BUSY",
    organizer: { name: "Plixo", email: "reminders@mail.plixo.dev" },
    attendees: attendees.map((a) => ({
      name: a.name ?? a.email,
      email: a.email,
      rsvp: true,
      partstat: "NEEDS-ACTION",
      role: "REQ-PARTICIPANT",
    })),
    alarms: [{ action: "display", description: `Re-authenticate ${label(c.kind)}`, trigger: { minutes: 30, before: true } }],
    sequence: 0,
  })
  if (error || !value) throw error ?? new Error("calendar invitation could not be built")
  return value
}

export type ReminderResult = { connectorId: string; stage: 14 | 3; sentTo: string[] }

/** Sends the reminders due now for one organisation; records each stage on the connector so it goes out once. */
export async function remindOrganisation(env: Env, db: Db, orgId: string, now = new Date()): Promise<ReminderResult[]> {
  const rows = await db.select().from(connectors).where(eq(connectors.orgId, orgId))
  const due = rows.flatMap((c) => {
    if (!c.credentialExpiresAt || c.status === "disconnected") return []
    const stage = reminderStage(c.credentialExpiresAt, now)
    const key = `${c.credentialExpiresAt.slice(0, 10)}:${stage}`
    const sent = (c.config?.reminders_sent as string[] | undefined) ?? []
    return stage && !sent.includes(key) ? [{ c, stage, key, sent }] : []
  })
  if (!due.length) return []
  const [org, members] = await Promise.all([findOrganisation(db, orgId), membersOfOrg(db, orgId)])
  const controllers = members.filter((m) => m.role === "controller")
  const transport = emailTransport(env, db)
  const out: ReminderResult[] = []
  for (const { c, stage, key, sent } of due) {
    const orgName = org?.name ?? "your organisation"
    const ics = new TextEncoder().encode(reauthInvitation(c, orgName, env.APP_URL, controllers, now))
    const days = daysUntil(c.credentialExpiresAt!, now)
    const mail = linkEmail({
      subject: `${label(c.kind)} credentials expire in ${days} day${days === 1 ? "" : "s"}: re-authenticate (${orgName})`,
      greeting: "Hello,",
      lines: [
        `The ${label(c.kind)} connection of ${orgName} expires on ${c.credentialExpiresAt!.slice(0, 10)}. After that Plixo can no longer sync, and Data-Ready turns red.`,
        "The attached calendar invitation holds 30 minutes before the deadline to reconnect it from Admin → Connectors.",
      ],
      buttonLabel: `Reconnect ${label(c.kind)}`,
      url: `${env.APP_URL}/admin/connectors`,
      footer: `You receive this as a Controller of ${orgName}. Plixo reminds you 14 and 3 days before a credential expires.`,
    })
    const sentTo: string[] = []
    for (const m of controllers) {
      const r = await transport.send({
        to: m.email,
        ...mail,
        orgId,
        idempotencyKey: `credrem_${c.id}_${key.replace(":", "_")}_${m.userId}`,
        attachments: [{ filename: "reauthenticate.ics", contentType: "text/calendar; method=REQUEST; charset=utf-8", content: ics }],
      })
      if (r.ok) sentTo.push(m.email)
    }
    await db.batch([
      db
        .update(connectors)
        .set({ config: { ...(c.config ?? {}), reminders_sent: [...sent, key].slice(-6) }, updatedAt: nowIso(now) })
        .where(and(eq(connectors.orgId, orgId), eq(connectors.id, c.id))),
      auditInsert(
        db,
        orgId,
        systemActor,
        {
          action: "connector.expiry_reminder_sent",
          subjectType: "connector",
          subjectId: c.id,
          after: { kind: c.kind, stage, expires_at: c.credentialExpiresAt, recipients: sentTo.length },
        },
        now,
      ),
    ])
    out.push({ connectorId: c.id, stage, sentTo })
  }
  return out
}
