// Plan tiers: what each subscription includes. Starter has basic cadences only.
export const planTiers = ["starter", "growth", "scale", "enterprise"] as const
export type PlanTier = (typeof planTiers)[number]
export const planLabels: Record<PlanTier, string> = { starter: "Starter", growth: "Growth", scale: "Scale", enterprise: "Enterprise" }

export const planFeatures = {
  versioned_drafts: "Versioned drafts (a new draft of a published cadence)",
  approval_thresholds: "Approval thresholds and dual sign-off",
  policy_as_code: "Policy-as-code (JSON export and import)",
} as const
export type PlanFeature = keyof typeof planFeatures

const growthAndAbove: readonly PlanTier[] = ["growth", "scale", "enterprise"]
const featureTiers: Record<PlanFeature, readonly PlanTier[]> = {
  versioned_drafts: growthAndAbove,
  approval_thresholds: growthAndAbove,
  policy_as_code: growthAndAbove,
}

export function planIncludes(plan: string, feature: PlanFeature): boolean {
  return (featureTiers[feature] as readonly string[]).includes(plan)
}

export function planLabel(plan: string): string {
  return planLabels[plan as PlanTier] ?? plan
}

/** "Approval thresholds and dual sign-off need the Growth plan or above; this organisation is on Starter." */
export function planRefusal(plan: string, feature: PlanFeature): string {
  return `${planFeatures[feature]} need the Growth plan or above; this organisation is on the ${planLabel(plan)} plan.`
}

export function missingFeatures(plan: string): PlanFeature[] {
  return (Object.keys(featureTiers) as PlanFeature[]).filter((f) => !planIncludes(plan, f))
}
