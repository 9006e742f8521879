// Five-minute cron: the CFO weekly summary for the organisations whose local time is in their Monday 07:00 slot. Only
// slots where some zone is at Monday 07:00 read anything, and then only organisations in those zones (a bounded page).
import { and, inArray } from "drizzle-orm"
import { createDb } from "../db/client"
import { organisations } from "../db/schema"
import { zonesDueForSummary } from "../domain/cfo-summary"
import { sendCfoSummary } from "../services/cfo-summary"
import { boundedAll } from "./bounded-all"

/** Organisations one invocation summarises at most (the slot is five minutes; a larger zone needs a queue). */
export const SUMMARIES_PER_RUN = 500

export async function sendDueCfoSummaries(env: Env, scheduledTime: number): Promise<{ organisations: number; sent: number }> {
  const now = new Date(scheduledTime)
  const zones = zonesDueForSummary(now, Intl.supportedValuesOf("timeZone"))
  if (zones.length === 0) return { organisations: 0, sent: 0 }
  const db = createDb(env.DB)
  const orgs: { id: string }[] = []
  // D1: at most 100 bound parameters per statement.
  for (let i = 0; i < zones.length && orgs.length < SUMMARIES_PER_RUN; i += 90)
    orgs.push(
      ...(await db
        .select({ id: organisations.id })
        .from(organisations)
        .where(and(inArray(organisations.timeZone, zones.slice(i, i + 90))))
        .limit(SUMMARIES_PER_RUN - orgs.length)),
    )
  let sent = 0
  await boundedAll(orgs, 2, async ({ id }) => {
    try {
      sent += (await sendCfoSummary(env, db, id, now)).length
    } catch (err) {
      console.error("CFO weekly summary failed", id, err)
    }
  })
  return { organisations: orgs.length, sent }
}
