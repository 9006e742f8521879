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

export type SendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; permanent: boolean; error: string }

export interface EmailTransport {
  readonly name: string
  send(email: OutgoingEmail): Promise<SendResult>
}
