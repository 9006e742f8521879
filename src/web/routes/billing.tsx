// Plixo's own plans (issue 16; the API half is routes/api/billing.ts): the /admin/billing page, plan changes through Stripe Billing,
// the customer portal, and the platform account's Billing webhook at /webhooks/stripe-billing; mounts onboarding.
import { Hono } from "hono"
import { referralCreditsOf } from "../../db/billing"
import { billingSummary, planChangeUrl, portalUrl } from "../../services/billing"
import { receiveBillingWebhook } from "../../services/billing-webhook"
import type { AppEnv } from "../env"
import { formString } from "../session-cookie"
import { onboardingRoutes } from "./onboarding"
import { BillingPage } from "../views/pages/billing"

const notices: Record<string, string> = {
  checkout: "Thank you. Stripe is confirming the subscription; the plan changes here as soon as it does.",
  cancelled: "Checkout was cancelled; nothing changed.",
  portal: "Back from Stripe's customer portal. Any plan change shows here once Stripe confirms it.",
}

export const billingRoutes = new Hono<AppEnv>()
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
