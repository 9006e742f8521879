// Picks the email transport from configuration (EMAIL_TRANSPORT): dev | send_email | http.
import type { Db } from "../../db/client"
import { DevMailbox } from "./dev-mailbox"
import type { EmailTransport } from "./transport"

export type { EmailTransport, OutgoingEmail, SendResult } from "./transport"

export function emailTransport(env: Env, db: Db): EmailTransport {
  switch (env.EMAIL_TRANSPORT) {
    case "dev":
    default:
      return new DevMailbox(db, env.EMAIL_FROM)
  }
}
