// Picks the email transport from configuration (EMAIL_TRANSPORT): dev | send_email | http.
import { DevMailbox, type DevMailStore } from "./dev-mailbox"
import { HttpEmailTransport } from "./http"
import { SendEmailTransport } from "./send-email"
import type { EmailTransport } from "./transport"

export type { DevMailRecord, DevMailStore } from "./dev-mailbox"
export type { EmailAttachment, EmailTransport, OutgoingEmail, SendResult } from "./transport"

/** `devStore` keeps what the development transport "sends" (see `db/dev-mail.ts`). */
export function createTransport(env: Env, devStore: DevMailStore): EmailTransport {
  switch (env.EMAIL_TRANSPORT) {
    case "send_email":
      return new SendEmailTransport(env.SEND_EMAIL, env.EMAIL_FROM)
    case "http":
      if (!env.EMAIL_API_URL || !env.EMAIL_API_KEY) throw new Error("EMAIL_TRANSPORT=http needs EMAIL_API_URL and EMAIL_API_KEY")
      return new HttpEmailTransport(env.EMAIL_API_URL, env.EMAIL_API_KEY, env.EMAIL_FROM)
    case "dev":
    default:
      return new DevMailbox(devStore, env.EMAIL_FROM)
  }
}
