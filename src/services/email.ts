// The email transport for this deployment (EMAIL_TRANSPORT), with the dev mailbox stored in D1.
import type { Db } from "../db/client"
import { devMailStore } from "../db/dev-mail"
import { createTransport, type EmailTransport } from "../integrations/email"

export type { EmailAttachment, EmailTransport, OutgoingEmail, SendResult } from "../integrations/email"

export function emailTransport(env: Env, db: Db): EmailTransport {
  return createTransport(env, devMailStore(db))
}
