// Cron: syncs every ERP connector that is due (next_sync_at passed), a few at a time, skipping organisations in
// maintenance and everything while the deployment's cron is paused. Revoked connectors wait for a reconnect.
import { sql } from "drizzle-orm"
import { createDb } from "../db/client"
import { nowIso } from "../db/ids"
import { syncErpConnector } from "../services/erp-sync"
import type { Connector } from "../services/connectors"
import { opsSwitches } from "../db/ops-state"
import { boundedAll } from "./bounded-all"

/** Connectors per cron run; the rest are still due next run (oldest first). */
export const SYNCS_PER_RUN = 20

export async function syncDueConnectors(env: Env, scheduledTime: number): Promise<{ due: number; ok: number; failed: number }> {
  const db = createDb(env.DB)
  const now = new Date(scheduledTime)
  const switches = await opsSwitches(db)
  if (switches.cronPaused || switches.maintenance) return { due: 0, ok: 0, failed: 0 }
  const due = (await db.query.connectors.findMany({
    where: (c, { and, inArray, isNotNull, or, isNull, lte }) =>
      and(
        inArray(c.kind, ["quickbooks", "netsuite"]),
        inArray(c.status, ["active", "error", "expiring"]),
        isNotNull(c.secret),
        or(isNull(c.nextSyncAt), lte(c.nextSyncAt, nowIso(now))),
        sql`not exists (select 1 from organisations o where o.id = ${c.orgId} and o.maintenance = 1)`,
      ),
    orderBy: (c, { asc }) => [asc(c.nextSyncAt)],
    limit: SYNCS_PER_RUN,
  })) as Connector[]
  const result = { due: due.length, ok: 0, failed: 0 }
  await boundedAll(due, 2, async (c) => {
    const r = await syncErpConnector(env, db, c, now)
    if (r.ok) result.ok++
    else result.failed++
  })
  return result
}
