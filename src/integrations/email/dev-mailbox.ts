// Development transport: hands each email to a store (D1's dev_mail table, for /dev/mail) instead of sending it.
import { headerInjection, toBase64, type EmailTransport, type OutgoingEmail, type SendResult } from "./transport"

/** One stored email; `save` ignores a repeated id. */
export type DevMailRecord = {
  id: string
  orgId: string | null
  to: string
  from: string
  subject: string
  text: string
  html: string | null
  headers: Record<string, string>
  outreachId: string | null
  attachments: { filename: string; contentType: string; base64: string }[] | null
  sentAt: string
}
export type DevMailStore = { save(mail: DevMailRecord): Promise<void> }

export class DevMailbox implements EmailTransport {
  readonly name = "dev"
  constructor(
    private readonly store: DevMailStore,
    private readonly defaultFrom: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    // Development shows what production would do: the same refusal as the real transports.
    const refused = headerInjection(email, email.from ?? this.defaultFrom)
    if (refused) return refused
    const id = email.idempotencyKey ? `mail_${email.idempotencyKey}` : `mail_${crypto.randomUUID()}`
    const headers: Record<string, string> = {
      "Message-ID": `<${email.idempotencyKey ?? id}@plixo.dev>`,
      ...(email.replyTo ? { "Reply-To": email.replyTo } : {}),
      ...email.headers,
    }
    // The store ignores a repeated id, as a provider ignores a repeated idempotency key.
    await this.store.save({
      id,
      orgId: email.orgId ?? null,
      to: email.to,
      from: email.from ?? this.defaultFrom,
      subject: email.subject,
      text: email.text,
      html: email.html ?? null,
      headers,
      outreachId: email.outreachId ?? null,
      attachments: email.attachments?.length
        ? email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, base64: toBase64(a.content) }))
        : null,
      sentAt: new Date().toISOString(),
    })
    return { ok: true, providerMessageId: id }
  }
}
