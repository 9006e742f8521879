// Cloudflare send_email binding: the MIME message is built with mimetext, the outreach id is the Message-ID.
import { EmailMessage } from "cloudflare:email"
import { createMimeMessage, Mailbox } from "mimetext"
import { headerInjection, toBase64, type EmailTransport, type OutgoingEmail, type SendResult } from "./transport"

/** "Name <addr@host>" or "addr@host" -> parts. */
export function parseAddress(value: string): { name?: string; addr: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value)
  return m ? { name: m[1]?.replace(/^"|"$/g, "") || undefined, addr: m[2]! } : { addr: value.trim() }
}

export function messageIdFor(key: string, from: string): string {
  const domain = parseAddress(from).addr.split("@")[1] ?? "plixo.dev"
  return `<${key}@${domain}>`
}

/** The raw RFC 5322 message. */
export function buildMime(email: OutgoingEmail, from: string, messageId: string): string {
  const msg = createMimeMessage()
  const sender = parseAddress(from)
  msg.setSender(sender.name ? { name: sender.name, addr: sender.addr } : sender.addr)
  msg.setRecipient(email.to)
  msg.setSubject(email.subject)
  msg.setHeader("Message-ID", messageId)
  // mimetext types Reply-To as a mailbox header: it takes a Mailbox, not a plain string.
  // It holds one mailbox only, so of a list ("tagged, organisation's") the tagged address that records the reply stays.
  const replyTo = email.replyTo?.split(",")[0]?.trim()
  if (replyTo) msg.setHeader("Reply-To", new Mailbox(replyTo, { type: "To" }))
  for (const [name, value] of Object.entries(email.headers ?? {})) msg.setHeader(name, value)
  msg.addMessage({ contentType: "text/plain", data: email.text })
  if (email.html) msg.addMessage({ contentType: "text/html", data: email.html })
  for (const a of email.attachments ?? [])
    msg.addAttachment({ filename: a.filename, contentType: a.contentType, data: toBase64(a.content) })
  return msg.asRaw()
}

/** Errors the binding raises for a message that can never be delivered (retrying would not help). */
const permanentPattern = /(not verified|invalid|not allowed|unverified|rejected|no such|does not exist)/i

export class SendEmailTransport implements EmailTransport {
  readonly name = "send_email"
  constructor(
    private readonly binding: SendEmail,
    private readonly defaultFrom: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    const from = email.from ?? this.defaultFrom
    const refused = headerInjection(email, from)
    if (refused) return refused
    const messageId = messageIdFor(email.idempotencyKey ?? crypto.randomUUID(), from)
    try {
      await this.binding.send(new EmailMessage(parseAddress(from).addr, email.to, buildMime(email, from, messageId)))
      return { ok: true, providerMessageId: messageId }
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      return { ok: false, permanent: permanentPattern.test(error), error }
    }
  }
}
