// One organisation's due ERP connectors (next_sync_at passed), synced from its TICKS message: the cron's fan-out
// already skipped organisations in maintenance and everything while the deployment's cron is paused.
import { createDb } from "../db/client"
import { nowIso } from "../db/ids"
import { syncErpConnector } from "../services/erp-sync"
import type { Connector } from "../services/connectors"

export async function syncDueConnectors(
  env: Env,
  orgId: string,
  scheduledTime: number,
): Promise<{ due: number; ok: number; failed: number }> {
  const db = createDb(env.DB)
  const now = new Date(scheduledTime)
  const due = (await db.query.connectors.findMany({
    where: (c, { and, eq, inArray, isNotNull, or, isNull, lte }) =>
      and(
        eq(c.orgId, orgId),
        inArray(c.kind, ["quickbooks", "netsuite"]),
        inArray(c.status, ["active", "error", "expiring"]),
        isNotNull(c.secret),
        or(isNull(c.nextSyncAt), lte(c.nextSyncAt, nowIso(now))),
      ),
    orderBy: (c, { asc }) => [asc(c.nextSyncAt)],
  })) as Connector[]
  const result = { due: due.length, ok: 0, failed: 0 }
  // An organisation has one connector per ERP: one after the other.
  for (const c of due) {
    const r = await syncErpConnector(env, db, c, now)
    if (r.ok) result.ok++
    else result.failed++
  }
  return result
}
