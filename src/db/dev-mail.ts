// The dev mailbox's store: /dev/mail reads what the development transport wrote here, in arrival order.
import { sql } from "drizzle-orm"
import type { Db } from "./client"
import { devMail } from "./schema"

/** Matches the development transport's `DevMailStore` (integrations/ does not import db/, so the shape is structural). */
export function devMailStore(db: Db): { save(mail: Omit<typeof devMail.$inferInsert, "seq">): Promise<void> } {
  return {
    async save(mail) {
      await db
        .insert(devMail)
        .values({ ...mail, seq: sql`(select coalesce(max(seq), 0) + 1 from dev_mail)` })
        .onConflictDoNothing()
        .run()
    },
  }
}
