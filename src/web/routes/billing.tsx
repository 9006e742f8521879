// Plixo's own plans (issue 16): GET /api/v1/billing, the /admin/billing page, plan changes through Stripe Billing,
// the customer portal, and the platform account's Billing webhook at /webhooks/stripe-billing; mounts onboarding.
import { Hono } from "hono"
import { z } from "zod"
import { referralCreditsOf } from "../../db/billing"
import { planFeatures, planLimitLabels, planTiers } from "../../domain/plan-tiers"
import { billingSummary, planChangeUrl, portalUrl } from "../../services/billing"
import { receiveBillingWebhook } from "../../services/billing-webhook"
import type { AppEnv } from "../env"
import { describeRoute } from "../openapi"
import { formString } from "../session-cookie"
import { onboardingRoutes } from "./onboarding"
import { BillingPage } from "../views/pages/billing"

const billingSchema = z.object({
  tier: z.enum(planTiers).describe("the tier in force (the trial's tier while it runs)"),
  paid_tier: z.enum(planTiers).describe("the tier paid for; Starter without a subscription"),
  trial_ends_at: z.string().nullable(),
  trial_days_left: z.number().int(),
  features: z.object(Object.fromEntries(Object.keys(planFeatures).map((k) => [k, z.boolean()]))),
  limits: z.object(
    Object.fromEntries(Object.keys(planLimitLabels).map((k) => [k, z.number().int().nullable().describe("null: no limit")])),
  ),
  usage: z.object({ segments: z.number().int(), users: z.number().int() }),
  subscription_status: z.string().nullable(),
  partner_code: z.string().nullable(),
  referral_credit_minor: z.number().int().describe("partner credit balance in USD minor units"),
})
describeRoute({
  method: "get",
  path: "/api/v1/billing",
  summary: "The organisation's Plixo plan, trial, features, limits and referral credit",
  tags: ["Billing"],
  responses: { 200: { description: "Billing", schema: billingSchema } },
})

const notices: Record<string, string> = {
  checkout: "Thank you. Stripe is confirming the subscription; the plan changes here as soon as it does.",
  cancelled: "Checkout was cancelled; nothing changed.",
  portal: "Back from Stripe's customer portal. Any plan change shows here once Stripe confirms it.",
}

export const billingRoutes = new Hono<AppEnv>()
  .get("/api/v1/billing", async (c) => {
    const s = await billingSummary(c.var.db, c.var.member.orgId, new Date())
    return c.json({
      tier: s.tier,
      paid_tier: s.paidTier,
      trial_ends_at: s.account.trialEndsAt,
      trial_days_left: s.onTrial ? s.trialDaysLeft : 0,
      features: s.features,
      limits: s.limits,
      usage: { segments: s.usage.segments, users: s.usage.users },
      subscription_status: s.account.billingStatus,
      partner_code: s.account.partnerCode,
      referral_credit_minor: s.referralCreditMinor,
    })
  })
  .get("/admin/billing", async (c) => {
    const { db, member } = c.var
    const [summary, credits] = await Promise.all([billingSummary(db, member.orgId, new Date()), referralCreditsOf(db, member.orgId)])
    return c.html(<BillingPage member={member} summary={summary} credits={credits} notice={notices[c.req.query("notice") ?? ""] ?? null} />)
  })
  .post("/admin/billing/change", async (c) => {
    const url = await planChangeUrl(c.env, c.var.db, c.var.member.orgId, await formString(c, "tier"), c.var.actor, new Date())
    return c.redirect(url, 303)
  })
  .post("/admin/billing/portal", async (c) =>
    c.redirect(await portalUrl(c.env, c.var.db, c.var.member.orgId, c.var.actor, new Date()), 303),
  )
  .post("/webhooks/stripe-billing", async (c) => {
    const result = await receiveBillingWebhook(c.var.db, c.env, await c.req.text(), c.req.header("Stripe-Signature"))
    return c.json(result.body, result.status)
  })
  .route("/", onboardingRoutes)
