// Plixo's own plans as data: one table of what each tier includes (features) and allows (limits), the 14-day
// Growth trial, and the referral credit. Every check of a plan reads this table; nothing else names a tier.
export const planTiers = ["starter", "growth", "scale", "enterprise"] as const
export type PlanTier = (typeof planTiers)[number]
export const planLabels: Record<PlanTier, string> = { starter: "Starter", growth: "Growth", scale: "Scale", enterprise: "Enterprise" }

export const planFeatures = {
  policy_as_code: "Policy-as-Code (JSON export and import of cadences)",
  approval_thresholds: "Approval thresholds and approver roles for credits, discounts and plans",
  dual_sign_off: "Dual sign-off above a high approval threshold",
} as const
export type PlanFeature = keyof typeof planFeatures

export const planLimitLabels = {
  segments: "Segments",
  users: "Users (members and pending invitations)",
  sends_per_day: "Emails sent per day (organisation cap)",
} as const
export type PlanLimit = keyof typeof planLimitLabels

export type PlanDefinition = {
  tier: PlanTier
  /** Monthly list price in USD cents; null: priced by contract. */
  priceMinor: number | null
  summary: string
  features: Record<PlanFeature, boolean>
  /** null: no limit. */
  limits: Record<PlanLimit, number | null>
  /** Stripe Billing price lookup key on the platform account; null: no subscription (Starter is free). */
  priceLookupKey: string | null
}

const none = { policy_as_code: false, approval_thresholds: false, dual_sign_off: false }
const all = { policy_as_code: true, approval_thresholds: true, dual_sign_off: true }

export const plans: Record<PlanTier, PlanDefinition> = {
  starter: {
    tier: "starter",
    priceMinor: 0,
    summary: "Basic cadences, one approver for every request.",
    features: none,
    limits: { segments: 2, users: 5, sends_per_day: 200 },
    priceLookupKey: null,
  },
  growth: {
    tier: "growth",
    priceMinor: 49_900,
    summary: "Policy-as-Code, approval thresholds and dual sign-off.",
    features: all,
    limits: { segments: 10, users: 15, sends_per_day: 1_000 },
    priceLookupKey: "plixo_growth_monthly",
  },
  scale: {
    tier: "scale",
    priceMinor: 149_900,
    summary: "Everything in Growth for larger teams and ledgers.",
    features: all,
    limits: { segments: 50, users: 50, sends_per_day: 5_000 },
    priceLookupKey: "plixo_scale_monthly",
  },
  enterprise: {
    tier: "enterprise",
    priceMinor: null,
    summary: "No segment or user limits, the highest send cap.",
    features: all,
    limits: { segments: null, users: null, sends_per_day: 20_000 },
    priceLookupKey: "plixo_enterprise_monthly",
  },
}

/** Every sign-up trials Growth for 14 days, then falls back to what it pays for (Starter unless upgraded). */
export const TRIAL_TIER: PlanTier = "growth"
export const TRIAL_DAYS = 14
/** What the referring partner's account is credited when the referred organisation's trial starts. */
export const REFERRAL_CREDIT = { minor: 10_000, currency: "USD" } as const

export function isPlanTier(value: unknown): value is PlanTier {
  return typeof value === "string" && (planTiers as readonly string[]).includes(value)
}

export function planOf(tier: string): PlanDefinition {
  return isPlanTier(tier) ? plans[tier] : plans.starter
}

const rank = (tier: string) => Math.max(0, planTiers.indexOf(tier as PlanTier))

/** The tier in force: the paid tier, raised to the trial tier while the trial runs. */
export function effectiveTier(paidTier: string, trialEndsAt: string | null | undefined, now: Date): PlanTier {
  const paid = isPlanTier(paidTier) ? paidTier : "starter"
  if (trialEndsAt && Date.parse(trialEndsAt) > now.getTime() && rank(TRIAL_TIER) > rank(paid)) return TRIAL_TIER
  return paid
}

/** Whole days left in the trial, rounded up ("1 day left" until the last second); 0 once it has ended. */
export function trialDaysLeft(trialEndsAt: string | null | undefined, now: Date): number {
  if (!trialEndsAt) return 0
  const ms = Date.parse(trialEndsAt) - now.getTime()
  return ms > 0 ? Math.ceil(ms / 86_400_000) : 0
}

export function trialEndsAtFor(start: Date): string {
  return new Date(start.getTime() + TRIAL_DAYS * 86_400_000).toISOString()
}

export function planIncludes(plan: string, feature: PlanFeature): boolean {
  return planOf(plan).features[feature]
}

export function planLimit(plan: string, limit: PlanLimit): number | null {
  return planOf(plan).limits[limit]
}

export function planLabel(plan: string): string {
  return planLabels[plan as PlanTier] ?? plan
}

/** The lowest tier that includes a feature (for "needs the Growth plan or above"). */
export function lowestTierWith(feature: PlanFeature): PlanTier {
  return planTiers.find((t) => plans[t].features[feature]) ?? "enterprise"
}

/** "Dual sign-off ... needs the Growth plan or above; this organisation is on the Starter plan." */
export function planRefusal(plan: string, feature: PlanFeature): string {
  return `${planFeatures[feature]} needs the ${planLabel(lowestTierWith(feature))} plan or above; this organisation is on the ${planLabel(plan)} plan.`
}

/** "Starter allows 2 segments; this organisation has 2. Upgrade to add more." */
export function limitRefusal(plan: string, limit: PlanLimit, used: number): string {
  const max = planLimit(plan, limit)
  return `The ${planLabel(plan)} plan allows ${max} ${planLimitLabels[limit].toLowerCase()}; this organisation has ${used}. Existing ones are kept; upgrade to add more.`
}

/** Whether one more may be added under the plan's limit. */
export function withinLimit(plan: string, limit: PlanLimit, used: number): boolean {
  const max = planLimit(plan, limit)
  return max === null || used < max
}

export function missingFeatures(plan: string): PlanFeature[] {
  return (Object.keys(planFeatures) as PlanFeature[]).filter((f) => !planIncludes(plan, f))
}

/** The tier a Stripe Billing price stands for, by its lookup key. */
export function tierOfPriceLookupKey(key: string | null | undefined): PlanTier | null {
  return planTiers.find((t) => plans[t].priceLookupKey !== null && plans[t].priceLookupKey === key) ?? null
}

/**
 * The paid tier a Stripe subscription grants: its price's tier while the subscription is in good standing
 * (active, trialing, or past_due during Stripe's retries); Starter once it is canceled, unpaid or expired.
 * null: no change yet (an incomplete first payment, or a price Plixo does not know).
 */
export function tierOfSubscription(status: string, lookupKey: string | null | undefined): PlanTier | null {
  if (["canceled", "unpaid", "incomplete_expired"].includes(status)) return "starter"
  if (!["active", "trialing", "past_due"].includes(status)) return null
  return tierOfPriceLookupKey(lookupKey)
}

export type PlanFootprint = { segments: number; users: number; thresholdVersions: number; dualSignOffVersions: number }

/**
 * What the organisation has that its tier no longer includes (after a downgrade or the trial's end), in words for
 * the read-only banner. Nothing is deleted: each stays as it is, read-only.
 */
export function aboveTier(tier: string, f: PlanFootprint): string[] {
  const out: string[] = []
  const over = (limit: PlanLimit, used: number, noun: string) => {
    const max = planLimit(tier, limit)
    if (max !== null && used > max) out.push(`${used} ${noun} (the plan allows ${max}; no new ones can be added)`)
  }
  over("segments", f.segments, "segments")
  over("users", f.users, "users")
  if (f.thresholdVersions > 0 && !planIncludes(tier, "approval_thresholds"))
    out.push(
      `approval thresholds on ${f.thresholdVersions} cadence version${f.thresholdVersions === 1 ? "" : "s"} (still enforced, cannot be changed)`,
    )
  if (f.dualSignOffVersions > 0 && !planIncludes(tier, "dual_sign_off"))
    out.push(
      `dual sign-off on ${f.dualSignOffVersions} cadence version${f.dualSignOffVersions === 1 ? "" : "s"} (still enforced, cannot be changed)`,
    )
  return out
}
