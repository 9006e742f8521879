// The plan in the page shell: a trial pill with the days left, and the read-only banner listing what is above the
// organisation's plan after a downgrade or the trial's end (nothing is ever deleted).
import { planLabel } from "../../../domain/plan-tiers"
import { can } from "../../../domain/roles"
import type { AppEnv, Member } from "../../env"

type PlanState = NonNullable<AppEnv["Variables"]["banner"]>["plan"]

export function TrialPill({ member, plan }: { member: Member; plan: PlanState }) {
  if (!plan || plan.trialDaysLeft <= 0 || plan.tier === plan.paidTier) return null
  const text = `${planLabel(plan.tier)} trial · ${plan.trialDaysLeft} day${plan.trialDaysLeft === 1 ? "" : "s"} left`
  return can(member.role, "billing") ? (
    <a class="trial-pill" href="/admin/billing" title={`Then ${planLabel(plan.paidTier)} unless you upgrade`}>
      {text}
    </a>
  ) : (
    <span class="trial-pill" title={`Then ${planLabel(plan.paidTier)} unless a Billing Admin upgrades`}>
      {text}
    </span>
  )
}

export function PlanBanner({ member, plan }: { member: Member; plan: PlanState }) {
  if (!plan || plan.above.length === 0) return null
  return (
    <div class="banner banner-warn plan-banner" role="status">
      <strong>On the {planLabel(plan.tier)} plan, some settings are read-only.</strong> Nothing was deleted. Above this plan:{" "}
      {plan.above.join("; ")}.{" "}
      {can(member.role, "billing") ? (
        <a href="/admin/billing">Compare plans or upgrade</a>
      ) : (
        <span>A Billing Admin or Controller can upgrade.</span>
      )}
    </div>
  )
}
