// Queries behind Plixo's own billing: the organisation's subscription fields, partner codes, referral credits,
// and the usage the plan limits count (segments, seats).
import { desc, eq, sum } from "drizzle-orm"
import type { Db } from "./client"
import { organisations, referralCredits } from "./schema"

const accountFields = {
  id: organisations.id,
  name: organisations.name,
  planTier: organisations.planTier,
  trialEndsAt: organisations.trialEndsAt,
  partnerCode: organisations.partnerCode,
  referralCode: organisations.referralCode,
  billingCustomerId: organisations.billingCustomerId,
  billingSubscriptionId: organisations.billingSubscriptionId,
  billingStatus: organisations.billingStatus,
  billingEventCreated: organisations.billingEventCreated,
  createdAt: organisations.createdAt,
}

/** One organisation's plan and subscription fields. */
export async function billingAccount(db: Db, orgId: string) {
  const rows = await db.select(accountFields).from(organisations).where(eq(organisations.id, orgId)).limit(1)
  return rows[0] ?? null
}
export type BillingAccount = NonNullable<Awaited<ReturnType<typeof billingAccount>>>

/** The organisation a Stripe Billing customer (platform account) belongs to. */
export async function accountByBillingCustomer(db: Db, customerId: string) {
  const rows = await db.select(accountFields).from(organisations).where(eq(organisations.billingCustomerId, customerId)).limit(1)
  return rows[0] ?? null
}

/** The partner organisation that owns a referral code (codes are stored upper-case). */
export async function partnerByCode(db: Db, code: string) {
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.partnerCode, code.trim().toUpperCase()))
    .limit(1)
  return rows[0] ?? null
}

/** Credit balance of a partner organisation, in USD minor units. */
export async function referralCreditBalance(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ total: sum(referralCredits.amountMinor) })
    .from(referralCredits)
    .where(eq(referralCredits.orgId, orgId))
  return Number(row?.total ?? 0)
}

/** The credits a partner earned, newest first, with the referred organisation's name. */
export function referralCreditsOf(db: Db, orgId: string, limit = 20) {
  return db
    .select({
      id: referralCredits.id,
      amountMinor: referralCredits.amountMinor,
      currency: referralCredits.currency,
      reason: referralCredits.reason,
      createdAt: referralCredits.createdAt,
      referredName: organisations.name,
    })
    .from(referralCredits)
    .leftJoin(organisations, eq(organisations.id, referralCredits.referredOrgId))
    .where(eq(referralCredits.orgId, orgId))
    .orderBy(desc(referralCredits.createdAt))
    .limit(limit)
}

/**
 * What the plan limits count, in one statement: segments (any status), seats (members + invitations still pending),
 * and the cadence versions (not retired) that use approval thresholds or dual sign-off.
 */
export async function planUsage(db: Db, orgId: string, now: string) {
  const d1 = db.$client as D1Database
  const row = await d1
    .prepare(
      `SELECT (SELECT count(*) FROM segments WHERE org_id = ?1) AS segments,
              (SELECT count(*) FROM memberships WHERE org_id = ?1)
            + (SELECT count(*) FROM invitations WHERE org_id = ?1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?2) AS users,
              (SELECT count(*) FROM cadence_versions WHERE org_id = ?1 AND status <> 'retired' AND (approval_threshold_minor IS NOT NULL OR approver_roles IS NOT NULL)) AS thresholds,
              (SELECT count(*) FROM cadence_versions WHERE org_id = ?1 AND status <> 'retired' AND high_approval_threshold_minor IS NOT NULL) AS dual`,
    )
    .bind(orgId, now)
    .first<{ segments: number; users: number; thresholds: number; dual: number }>()
  return {
    segments: row?.segments ?? 0,
    users: row?.users ?? 0,
    thresholdVersions: row?.thresholds ?? 0,
    dualSignOffVersions: row?.dual ?? 0,
  }
}
export type PlanUsage = Awaited<ReturnType<typeof planUsage>>
