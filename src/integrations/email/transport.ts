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
}

export type SendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; permanent: boolean; error: string }

export interface EmailTransport {
  readonly name: string
  send(email: OutgoingEmail): Promise<SendResult>
}
