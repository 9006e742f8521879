// The email transport interface: dev mailbox, Cloudflare send_email (MIME), or an HTTP provider, by config.

export type OutgoingEmail = {
  to: string
  subject: string
  text: string
  html?: string
  from?: string
  replyTo?: string
  /** Extra headers: List-Unsubscribe, In-Reply-To, ... */
  headers?: Record<string, string>
  /** Becomes the Message-ID and the provider idempotency key (the outreach id for reminders). */
  idempotencyKey?: string
  orgId?: string | null
  outreachId?: string | null
  /** Files sent with the message: a statement PDF, a calendar invitation. */
  attachments?: EmailAttachment[]
}

export type EmailAttachment = { filename: string; contentType: string; content: Uint8Array }

/** Standard base64 (MIME, provider JSON) of an attachment's bytes, built in slices to stay under argument limits. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ""
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export type SendResult = { ok: true; providerMessageId: string } | { ok: false; permanent: boolean; error: string }

export interface EmailTransport {
  readonly name: string
  send(email: OutgoingEmail): Promise<SendResult>
}

/**
 * The first address, subject or header of `email` that holds a CR, LF or other control character, as a refusal, or
 * null. A line break there would let a merge field or a reply address add headers (header injection), so every
 * transport refuses the message, permanently, before it is built.
 */
export function headerInjection(email: OutgoingEmail, from: string): SendResult | null {
  const fields: [string, string | undefined][] = [
    ["to", email.to],
    ["from", from],
    ["reply_to", email.replyTo],
    ["subject", email.subject],
    ["idempotency key", email.idempotencyKey],
    ...Object.entries(email.headers ?? {}).flatMap(([name, value]): [string, string][] => [
      [`header name ${JSON.stringify(name)}`, name],
      [`header ${name}`, value],
    ]),
  ]
  // control characters are exactly what is refused
  const bad = fields.find(([, v]) => v !== undefined && /[\u0000-\u001f\u007f]/.test(v))
  return bad ? { ok: false, permanent: true, error: `Refused: the ${bad[0]} contains a line break or control character` } : null
}
