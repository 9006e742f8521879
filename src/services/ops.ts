// A tenant's switches (its own maintenance, its Autopilot pause), audited; the readiness panel's data, including the
// deployment-wide state, which tenants only read.
import { and, eq, inArray, like, sql } from "drizzle-orm"
import type { Db } from "../db/client"
import { connectors, opsState, organisations, outreach } from "../db/schema"
import { auditInsert, type Actor } from "./audit"

/** A tenant's own maintenance switch. Deployment-wide maintenance and the cron pause are not here on purpose: they
 * belong to the deployment's operators (`npm run ops`, src/cli/ops.mjs), never to a tenant role. */
export async function setOrgMaintenance(db: Db, orgId: string, actor: Actor, on: boolean, now = new Date()) {
  await db.batch([
    db.update(organisations).set({ maintenance: on }).where(eq(organisations.id, orgId)),
    auditInsert(
      db,
      orgId,
      actor,
      { action: on ? "ops.maintenance_on" : "ops.maintenance_off", subjectType: "organisation", subjectId: orgId },
      now,
    ),
  ])
}

/** A Controller pauses Autopilot for its own organisation (drafts still appear in Shadow Mode); resume is resumeAutopilot. */
export async function pauseAutopilot(db: Db, orgId: string, actor: Actor, now = new Date()) {
  const reason = `Paused by ${actor.label}`
  await db.batch([
    db.update(organisations).set({ autopilotPaused: true, autopilotPausedReason: reason }).where(eq(organisations.id, orgId)),
    auditInsert(db, orgId, actor, { action: "autopilot.paused", subjectType: "organisation", subjectId: orgId, after: { reason } }, now),
  ])
}

export async function readiness(db: Db, orgId: string) {
  const [ops, org, backlog, dead, conns] = await db.batch([
    db.select().from(opsState),
    db
      .select({
        maintenance: organisations.maintenance,
        paused: organisations.autopilotPaused,
        reason: organisations.autopilotPausedReason,
      })
      .from(organisations)
      .where(eq(organisations.id, orgId))
      .limit(1),
    db
      .select({ status: outreach.status, n: sql<number>`count(*)` })
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), inArray(outreach.status, ["queued", "sending"])))
      .groupBy(outreach.status),
    db
      .select({ n: sql<number>`count(*)` })
      .from(outreach)
      .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "failed"), like(outreach.reason, "%dead-letter%"))),
    db
      .select({ kind: connectors.kind, status: connectors.status, lastEventAt: connectors.lastEventAt, lastError: connectors.lastError })
      .from(connectors)
      .where(eq(connectors.orgId, orgId)),
  ])
  const value = (key: string) => ops.find((o) => o.key === key) ?? null
  const parse = (key: string) => {
    const v = value(key)
    if (!v) return null
    try {
      return { ...(JSON.parse(v.value) as { at: string; organisations: number; failed: number }), updatedAt: v.updatedAt }
    } catch {
      return { at: v.updatedAt, organisations: 0, failed: 0, updatedAt: v.updatedAt }
    }
  }
  return {
    globalMaintenance: value("maintenance")?.value === "on",
    cronPaused: value("cron_paused")?.value === "on",
    cronLastRun: parse("cron_last_run"),
    dailyLastRun: parse("cron_last_daily"),
    orgMaintenance: Boolean(org[0]?.maintenance),
    autopilotPaused: org[0]?.paused ? (org[0].reason ?? "paused") : null,
    queued: Number(backlog.find((b) => b.status === "queued")?.n ?? 0),
    sending: Number(backlog.find((b) => b.status === "sending")?.n ?? 0),
    deadLetters: Number(dead[0]?.n ?? 0),
    connectors: conns,
  }
}
