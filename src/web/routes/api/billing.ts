// Billing API (API.md "Billing"): the organisation's Plixo plan, trial, features, limits and referral credit.
import { z } from "zod"
import { planFeatures, planLimitLabels, planTiers } from "../../../domain/plan-tiers"
import { billingSummary } from "../../../services/billing"
import { apiApp, apiRoute } from "../../api-route"

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

const billing = apiRoute({
  method: "get",
  path: "/",
  capability: "billing",
  summary: "The organisation's Plixo plan, trial, features, limits and referral credit",
  tags: ["Billing"],
  responses: { 200: { description: "Billing", content: { "application/json": { schema: billingSchema } } } },
})

export const billingApi = apiApp().openapi(billing, async (c) => {
  const s = await billingSummary(c.var.db, c.var.member.orgId, new Date())
  return c.json(
    {
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
    },
    200,
  )
})
