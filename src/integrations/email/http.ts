// An HTTP email provider (EMAIL_API_URL / EMAIL_API_KEY): JSON POST with an Idempotency-Key, so a retry never sends twice.
import { messageIdFor } from "./send-email"
import { headerInjection, toBase64, type EmailTransport, type OutgoingEmail, type SendResult } from "./transport"

export class HttpEmailTransport implements EmailTransport {
  readonly name = "http"
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly defaultFrom: string,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    const from = email.from ?? this.defaultFrom
    const refused = headerInjection(email, from)
    if (refused) return refused
    const key = email.idempotencyKey ?? crypto.randomUUID()
    const messageId = messageIdFor(key, from)
    let res: Response
    try {
      res = await this.fetcher(this.url, {
        method: "POST",
        headers: { Authorization: `Bearer ${this.apiKey}`, "Content-Type": "application/json", "Idempotency-Key": key },
        body: JSON.stringify({
          from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          reply_to: email.replyTo,
          headers: { "Message-ID": messageId, ...email.headers },
          ...(email.attachments?.length
            ? {
                attachments: email.attachments.map((a) => ({
                  filename: a.filename,
                  content_type: a.contentType,
                  content: toBase64(a.content),
                })),
              }
            : {}),
        }),
      })
    } catch (err) {
      return { ok: false, permanent: false, error: `network: ${err instanceof Error ? err.message : String(err)}` }
    }
    if (res.ok) {
      const body = (await res.json().catch(() => ({}))) as { id?: string; message_id?: string }
      return { ok: true, providerMessageId: body.id ?? body.message_id ?? messageId }
    }
    const text = (await res.text().catch(() => "")).slice(0, 300)
    // 408, 409 (idempotent replay in flight), 429 and 5xx are worth retrying; other 4xx are the message's fault.
    const transient = res.status === 408 || res.status === 409 || res.status === 429 || res.status >= 500
    return { ok: false, permanent: !transient, error: `HTTP ${res.status}${text ? `: ${text}` : ""}` }
  }
}
