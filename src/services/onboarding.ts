// The "Get started" state of an organisation: the Quick Start checklist from real data, the Data-Ready result and
// its daily history beside it, and the first drafts on demand (the same tick the cron runs).
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { contactCoverage } from "../db/imports"
import { onboardingCounts } from "../db/onboarding"
import { conflict } from "../domain/errors"
import { isLive, onboardingSteps, type OnboardingFacts } from "../domain/onboarding"
import { planIncludes } from "../domain/plan-tiers"
import { computeDataReady, dataReadyHistory, greenStreakDays } from "./data-ready"
import { tenantOf } from "./outreach"

export async function onboardingState(db: Db, orgId: string, plan: string, now: Date) {
  const [counts, coverage, dataReady, streak, history] = await Promise.all([
    onboardingCounts(db, orgId, nowIso(now)),
    contactCoverage(db.$client as D1Database, orgId),
    computeDataReady(db, orgId, now),
    greenStreakDays(db, orgId, now),
    dataReadyHistory(db, orgId, 30),
  ])
  const ok = (key: string) => dataReady.checks.find((c) => c.key === key)?.ok ?? false
  const facts: OnboardingFacts = {
    ...counts,
    stripeConnected: ok("stripe_connected"),
    stripeTestReceived: ok("stripe_test"),
    customersImported: ok("customers_imported"),
    invoicesImported: ok("invoices_imported"),
    contactCoverage: coverage.coverage,
    thresholdsOnPlan: planIncludes(plan, "approval_thresholds"),
    greenStreakDays: streak,
  }
  const steps = onboardingSteps(facts)
  return { live: isLive(facts), steps, done: steps.filter((s) => s.done).length, dataReady, streak, history, facts }
}
export type OnboardingState = Awaited<ReturnType<typeof onboardingState>>

/** Drafts now for a segment just put in Shadow Mode, instead of waiting up to five minutes for the cron. */
export async function draftFirstOutreach(env: Env, db: Db, orgId: string, now: Date) {
  const { autopilotSegments } = await onboardingCounts(db, orgId, nowIso(now))
  // With Autopilot on, a tick sends real email: that stays the cron's job.
  if (autopilotSegments > 0) throw conflict("A segment is on Autopilot; its messages go out with the scheduled tick")
  return tenantOf(env, orgId).tickNow(orgId)
}
