// The counts behind the "Get started" checklist, in one statement: people, published cadences and their guardrails,
// segments by mode, and the outreach segments have produced. (Stripe and imports come from the Data-Ready facts.)
import type { Db } from "./client"

export async function onboardingCounts(db: Db, orgId: string, now: string) {
  const d1 = db.$client as D1Database
  const row = await d1
    .prepare(
      `SELECT (SELECT count(*) FROM memberships WHERE org_id = ?1) AS members,
              (SELECT count(*) FROM invitations WHERE org_id = ?1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?2) AS pending_invitations,
              (SELECT count(DISTINCT cadence_id) FROM cadence_versions WHERE org_id = ?1 AND status = 'published') AS published,
              (SELECT count(*) FROM cadence_versions WHERE org_id = ?1 AND status = 'published' AND quiet_hours IS NOT NULL) AS with_quiet_hours,
              (SELECT count(*) FROM cadence_versions WHERE org_id = ?1 AND status = 'published' AND approval_threshold_minor IS NOT NULL) AS with_thresholds,
              (SELECT count(*) FROM segments WHERE org_id = ?1 AND status = 'active' AND mode = 'shadow' AND cadence_id IS NOT NULL) AS shadow_segments,
              (SELECT count(*) FROM segments WHERE org_id = ?1 AND status = 'active' AND mode = 'autopilot') AS autopilot_segments,
              (SELECT count(*) FROM outreach WHERE org_id = ?1 AND status = 'draft' AND segment_id IS NOT NULL) AS drafts,
              (SELECT count(*) FROM (SELECT 1 FROM outreach WHERE org_id = ?1 AND segment_id IS NOT NULL LIMIT 1)) AS segment_outreach`,
    )
    .bind(orgId, now)
    .first<Record<string, number>>()
  const n = (k: string) => Number(row?.[k] ?? 0)
  return {
    members: n("members"),
    pendingInvitations: n("pending_invitations"),
    publishedCadences: n("published"),
    publishedWithQuietHours: n("with_quiet_hours"),
    publishedWithThresholds: n("with_thresholds"),
    shadowSegments: n("shadow_segments"),
    autopilotSegments: n("autopilot_segments"),
    drafts: n("drafts"),
    segmentOutreach: n("segment_outreach"),
  }
}
