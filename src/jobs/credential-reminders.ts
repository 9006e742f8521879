// Daily cron: credential-expiry reminders for every organisation with a credential expiring within 14 days.
import { createDb } from "../db/client"
import { nowIso } from "../db/ids"
import { remindOrganisation } from "../services/credential-reminders"
import { boundedAll } from "./bounded-all"

export async function remindExpiringCredentials(env: Env, scheduledTime: number): Promise<{ organisations: number; reminders: number }> {
  const db = createDb(env.DB)
  const now = new Date(scheduledTime)
  const horizon = nowIso(new Date(now.getTime() + 15 * 86_400_000))
  const orgs = await db.query.connectors.findMany({
    columns: { orgId: true },
    where: (c, { and, gte, lte, ne }) =>
      and(lte(c.credentialExpiresAt, horizon), gte(c.credentialExpiresAt, nowIso(now)), ne(c.status, "disconnected")),
  })
  const ids = [...new Set(orgs.map((o) => o.orgId))]
  let reminders = 0
  await boundedAll(ids, 2, async (orgId) => {
    try {
      reminders += (await remindOrganisation(env, db, orgId, now)).length
    } catch (err) {
      console.error("credential reminders failed", orgId, err)
    }
  })
  return { organisations: ids.length, reminders }
}
