// Development transport: stores each email in D1 for /dev/mail and /dev/mail.json instead of sending it.
import { sql } from "drizzle-orm"
import type { Db } from "../../db/client"
import { newId } from "../../db/ids"
import { devMail } from "../../db/schema"
import { headerInjection, toBase64, type EmailTransport, type OutgoingEmail, type SendResult } from "./transport"

export class DevMailbox implements EmailTransport {
  readonly name = "dev"
  constructor(
    private readonly db: Db,
    private readonly defaultFrom: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    // Development shows what production would do: the same refusal as the real transports.
    const refused = headerInjection(email, email.from ?? this.defaultFrom)
    if (refused) return refused
    const id = email.idempotencyKey ? `mail_${email.idempotencyKey}` : newId("mail")
    const headers: Record<string, string> = {
      "Message-ID": `<${email.idempotencyKey ?? id}@plixo.dev>`,
      ...(email.replyTo ? { "Reply-To": email.replyTo } : {}),
      ...email.headers,
    }
    // The idempotency key makes a repeated send of the same message a no-op, as a provider would.
    await this.db
      .insert(devMail)
      .values({
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
        seq: sql`(select coalesce(max(seq), 0) + 1 from dev_mail)`,
      })
      .onConflictDoNothing()
      .run()
    return { ok: true, providerMessageId: id }
  }
}
