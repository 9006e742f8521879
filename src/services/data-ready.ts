// computeDataReady / snapshotDataReady / greenStreakDays: the Data-Ready score from the organisation's data, and the
// daily history the cron writes so "green for three consecutive days" can be asked.
import type { Db } from "../db/client"
import { contactCoverage } from "../db/imports"
import { nowIso } from "../db/ids"
import { scoreDataReady, type DataReadyResult } from "../domain/data-ready"

export type { DataReadyResult }

export async function computeDataReady(db: Db, orgId: string, now: Date = new Date()): Promise<DataReadyResult> {
  const d1 = db.$client as D1Database
  const since = nowIso(new Date(now.getTime() - 86_400_000))
  const [imports, stripe, failures, lastEvent] = await d1.batch<Record<string, unknown>>([
    d1
      .prepare(
        `SELECT kind, max(completed_at) AS last FROM imports WHERE org_id = ?1 AND status = 'completed' AND rows_imported > 0 GROUP BY kind`,
      )
      .bind(orgId),
    d1
      .prepare(
        `SELECT status, account_id, test_event_received_at, last_error_at, last_event_at FROM connectors WHERE org_id = ?1 AND kind = 'stripe' ORDER BY updated_at DESC LIMIT 1`,
      )
      .bind(orgId),
    // Only what verified for this organisation's own account counts: a signature failure cannot be attributed to anyone
    // (webhook_failures), so it is an operator metric (`npm run ops -- status`), never a tenant's score.
    d1
      .prepare(
        `SELECT (SELECT count(*) FROM stripe_events WHERE org_id = ?1 AND status = 'failed' AND received_at >= ?2)
            + (SELECT count(*) FROM connectors WHERE org_id = ?1 AND last_error_at >= ?2)
            + (SELECT count(*) FROM imports WHERE org_id = ?1 AND status = 'failed' AND created_at >= ?2)
            -- A connector that needs a reconnect (revoked, credential expired) is a failure until it is fixed.
            + (SELECT count(*) FROM connectors WHERE org_id = ?1 AND status <> 'disconnected' AND (status = 'revoked' OR credential_expires_at < ?3)) AS n`,
      )
      .bind(orgId, since, nowIso(now)),
    d1
      .prepare(`SELECT max(last) AS last FROM (SELECT max(received_at) AS last FROM stripe_events WHERE org_id = ?1
      UNION ALL SELECT max(last_sync_at) FROM connectors WHERE org_id = ?1 AND kind IN ('quickbooks', 'netsuite') AND status <> 'disconnected')`)
      .bind(orgId),
  ])
  const byKind = new Map((imports.results as { kind: string; last: string }[]).map((r) => [r.kind, r.last]))
  const connector = stripe.results[0] as
    | { status: string; account_id: string | null; test_event_received_at: string | null; last_event_at: string | null }
    | undefined
  const coverage = await contactCoverage(d1, orgId)
  const lastData =
    [
      byKind.get("customers"),
      byKind.get("invoices"),
      (lastEvent.results[0] as { last: string | null } | undefined)?.last,
      connector?.last_event_at,
    ]
      .filter((v): v is string => !!v)
      .sort()
      .pop() ?? null
  return scoreDataReady(
    {
      customersImported: byKind.has("customers"),
      invoicesImported: byKind.has("invoices"),
      customers: coverage.customers,
      withEmail: coverage.withEmail,
      stripeConnected: !!connector?.account_id && (connector.status === "active" || connector.status === "expiring"),
      stripeTestReceivedAt: connector?.test_event_received_at ?? null,
      failures24h: Number((failures.results[0] as { n: number } | undefined)?.n ?? 0),
      lastDataAt: lastData,
    },
    now,
  )
}

/** Writes (or rewrites) today's snapshot; called by the daily cron for every organisation. */
export async function snapshotDataReady(db: Db, orgId: string, now: Date = new Date()): Promise<DataReadyResult> {
  const result = await computeDataReady(db, orgId, now)
  const d1 = db.$client as D1Database
  await d1
    .prepare(
      `INSERT INTO data_ready_snapshots (org_id, day, score, status, checks, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (org_id, day) DO UPDATE SET score = excluded.score, status = excluded.status, checks = excluded.checks, created_at = excluded.created_at`,
    )
    .bind(orgId, nowIso(now).slice(0, 10), result.score, result.status, JSON.stringify(result.checks), nowIso(now))
    .run()
  return result
}

/**
 * Consecutive green days ending today (or yesterday, when today's snapshot is not written yet). A missing day
 * breaks the streak: no snapshot, no evidence.
 */
export async function greenStreakDays(db: Db, orgId: string, now: Date = new Date()): Promise<number> {
  const d1 = db.$client as D1Database
  const { results } = await d1
    .prepare(`SELECT day, status FROM data_ready_snapshots WHERE org_id = ?1 AND day <= ?2 ORDER BY day DESC LIMIT 120`)
    .bind(orgId, nowIso(now).slice(0, 10))
    .all<{ day: string; status: string }>()
  const dayMs = 86_400_000
  let expected = Date.parse(nowIso(now).slice(0, 10))
  if (results[0] && Date.parse(results[0].day) === expected - dayMs) expected -= dayMs
  let streak = 0
  for (const r of results) {
    if (Date.parse(r.day) !== expected || r.status !== "green") break
    streak++
    expected -= dayMs
  }
  return streak
}

/** Snapshot history for the widget's sparkline (oldest first). */
export async function dataReadyHistory(db: Db, orgId: string, days = 30) {
  const d1 = db.$client as D1Database
  const { results } = await d1
    .prepare(`SELECT day, score, status FROM data_ready_snapshots WHERE org_id = ?1 ORDER BY day DESC LIMIT ?2`)
    .bind(orgId, days)
    .all<{ day: string; score: number; status: "green" | "amber" | "red" }>()
  return results.reverse()
}
