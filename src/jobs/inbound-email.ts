// The Worker's `email` handler: payer replies matched to their outreach, DSN bounces and auto-replies recognised.
import PostalMime, { type Email as ParsedEmail } from "postal-mime"
import { eq } from "drizzle-orm"
import { customersWithEmails } from "../db/cadence-changes"
import { createDb } from "../db/client"
import { newId } from "../db/ids"
import { emailEvents, outreach } from "../db/schema"
import { enforceReputation, providerEventStatements, replyStatements } from "../services/email-events"
import { notifyCadence } from "../tenant/notify"

export type InboundKind = "reply" | "auto_reply" | "bounce" | "unmatched"
export type Classified = {
  kind: InboundKind
  outreachId: string | null
  bouncedEmail: string | null
  permanent: boolean
  from: string
  subject: string
  snippet: string
  messageId: string | null
}

const outreachIdPattern = /\bout_[a-z0-9]{20}\b/
const taggedAddress = /^r\+(out_[a-z0-9]{20})@/i

function header(email: ParsedEmail, key: string): string | null {
  return email.headers.find((h) => h.key === key.toLowerCase())?.value ?? null
}

/** Which outreach a message answers: the tagged Reply-To address first, then In-Reply-To / References. */
export function matchOutreachId(envelopeTo: string, email: ParsedEmail): string | null {
  const tagged = taggedAddress.exec(envelopeTo)?.[1]
  if (tagged) return tagged.toLowerCase()
  for (const addr of email.to ?? []) {
    const m = addr.address ? taggedAddress.exec(addr.address) : null
    if (m) return m[1]!.toLowerCase()
  }
  for (const h of [email.inReplyTo, email.references]) {
    const m = h ? outreachIdPattern.exec(h) : null
    if (m) return m[0]
  }
  return null
}

export function isAutoReply(email: ParsedEmail): boolean {
  const auto = header(email, "auto-submitted")
  if (auto && auto.toLowerCase() !== "no") return true
  if (header(email, "x-autoreply") || header(email, "x-autorespond")) return true
  if (/^(auto_reply|bulk|junk)$/i.test(header(email, "precedence") ?? "")) return true
  return /^(automatic reply|auto(-| )?reply|out of (the )?office|abwesenheitsnotiz|réponse automatique)/i.test(email.subject ?? "")
}

export function isBounce(email: ParsedEmail, raw: string): boolean {
  const type = header(email, "content-type") ?? ""
  if (/multipart\/report/i.test(type) && /delivery-status/i.test(type)) return true
  const from = email.from && "address" in email.from ? (email.from.address ?? "") : ""
  return /^(mailer-daemon|postmaster)@/i.test(from) && /Final-Recipient:/i.test(raw)
}

export async function classifyInbound(raw: string, envelopeTo: string): Promise<Classified> {
  const email = await PostalMime.parse(raw)
  const from = email.from && "address" in email.from ? (email.from.address ?? "") : ""
  const base = { from, subject: email.subject ?? "", snippet: (email.text ?? "").trim().slice(0, 1000), messageId: email.messageId ?? null }
  if (isBounce(email, raw)) {
    // The DSN quotes the original message: its Message-ID / X-Plixo-Outreach names the outreach.
    const outreachId = taggedAddress.exec(envelopeTo)?.[1]?.toLowerCase() ?? outreachIdPattern.exec(raw)?.[0] ?? null
    const recipient = /Final-Recipient:\s*rfc822;\s*<?([^\s>]+)>?/i.exec(raw)?.[1] ?? null
    const status = /^Status:\s*([245])\.\d+\.\d+/im.exec(raw)?.[1]
    return { ...base, kind: "bounce", outreachId, bouncedEmail: recipient, permanent: status !== "4" }
  }
  const outreachId = matchOutreachId(envelopeTo, email)
  if (isAutoReply(email)) return { ...base, kind: "auto_reply", outreachId, bouncedEmail: null, permanent: false }
  return { ...base, kind: outreachId ? "reply" : "unmatched", outreachId, bouncedEmail: null, permanent: false }
}

/** Records an inbound message against its outreach. Returns what it was taken for. */
export async function receiveInbound(env: Env, raw: string, envelopeTo: string, now = new Date()): Promise<Classified> {
  const c = await classifyInbound(raw, envelopeTo)
  if (!c.outreachId) return { ...c, kind: c.kind === "bounce" ? "bounce" : "unmatched" }
  const db = createDb(env.DB)
  // The outreach id is unguessable and global: it names the organisation, whatever the message claims.
  const [o] = await db
    .select({ id: outreach.id, orgId: outreach.orgId, invoiceId: outreach.invoiceId, toEmail: outreach.toEmail })
    .from(outreach)
    .where(eq(outreach.id, c.outreachId))
    .limit(1)
  if (!o) return { ...c, kind: "unmatched" }
  if (c.kind === "bounce") {
    const email = c.bouncedEmail ?? o.toEmail
    if (email) {
      await db.batch(
        providerEventStatements(
          db,
          o.orgId,
          {
            type: "bounce",
            email,
            outreachId: o.id,
            providerEventId: c.messageId,
            detail: `DSN: ${c.subject}`.slice(0, 300),
            permanent: c.permanent,
          },
          now,
        ) as never,
      )
      // A hard bounce suppresses the address: the cadence looks again at that customer's invoices.
      if (c.permanent) await notifyCadence(env, o.orgId, { customerIds: await customersWithEmails(db, o.orgId, [email]) })
      await enforceReputation(db, o.orgId, now)
    }
    return c
  }
  if (c.kind === "auto_reply") {
    await db
      .insert(emailEvents)
      .values({
        id: newId("eev"),
        orgId: o.orgId,
        outreachId: o.id,
        invoiceId: o.invoiceId,
        type: "auto_reply",
        email: c.from.toLowerCase(),
        detail: c.subject.slice(0, 300),
        providerEventId: c.messageId,
        createdAt: now.toISOString(),
      })
      .onConflictDoNothing()
    return c
  }
  await db.batch(replyStatements(db, o.orgId, o, c, now) as never)
  return c
}

/** Entry for `email(message, env, ctx)`. */
export async function handleInboundEmail(message: ForwardableEmailMessage, env: Env): Promise<void> {
  const raw = await new Response(message.raw).text()
  await receiveInbound(env, raw, message.to)
}
