// Plixo's own subscription: the billing summary (GET /api/v1/billing, /admin/billing), and upgrade or downgrade
// through Stripe Billing on the platform's own account: Checkout in subscription mode, or the customer portal.
import { eq } from "drizzle-orm"
import type Stripe from "stripe"
import { billingAccount, planUsage, referralCreditBalance } from "../db/billing"
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { organisations } from "../db/schema"
import { AppError, badRequest, notFound, unprocessable } from "../domain/errors"
import { effectiveTier, isPlanTier, planLabel, planOf, trialDaysLeft, type PlanTier } from "../domain/plan-tiers"
import { createStripe } from "../integrations/stripe"
import { auditInsert, type Actor } from "./audit"

export async function billingSummary(db: Db, orgId: string, now: Date) {
  const account = await billingAccount(db, orgId)
  if (!account) throw notFound("Organisation")
  const tier = effectiveTier(account.planTier, account.trialEndsAt, now)
  const [credit, usage] = await Promise.all([referralCreditBalance(db, orgId), planUsage(db, orgId, nowIso(now))])
  const plan = planOf(tier)
  const daysLeft = trialDaysLeft(account.trialEndsAt, now)
  return {
    account,
    tier,
    paidTier: planOf(account.planTier).tier,
    onTrial: daysLeft > 0 && tier !== account.planTier,
    trialDaysLeft: daysLeft,
    features: plan.features,
    limits: plan.limits,
    usage,
    referralCreditMinor: credit,
  }
}
export type BillingSummary = Awaited<ReturnType<typeof billingSummary>>

/** The Stripe client of the platform account for Billing (its own key when set, else the Connect platform key). */
function billingStripe(env: Env): Stripe {
  const stripe = createStripe({
    STRIPE_SECRET_KEY: env.STRIPE_BILLING_SECRET_KEY || env.STRIPE_SECRET_KEY,
    STRIPE_API_BASE: env.STRIPE_API_BASE,
  })
  if (!stripe)
    throw new AppError(
      503,
      "not_configured",
      "Stripe Billing is not configured: set STRIPE_BILLING_SECRET_KEY (or STRIPE_SECRET_KEY) and STRIPE_BILLING_WEBHOOK_SECRET.",
    )
  return stripe
}

const appUrl = (env: Env, path: string) => `${env.APP_URL.replace(/\/$/, "")}${path}`

/** The platform-account customer of the organisation, created (and remembered) on first use. */
async function ensureCustomer(db: Db, stripe: Stripe, orgId: string, actor: Actor, now: Date): Promise<string> {
  const account = await billingAccount(db, orgId)
  if (!account) throw notFound("Organisation")
  if (account.billingCustomerId) return account.billingCustomerId
  // Idempotency key: two Billing Admins pressing Upgrade at once still make one customer.
  const customer = await stripe.customers.create(
    { name: account.name, metadata: { plixo_org_id: orgId } },
    { idempotencyKey: `plixo-billing-customer-${orgId}` },
  )
  await db.batch([
    db.update(organisations).set({ billingCustomerId: customer.id }).where(eq(organisations.id, orgId)),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "billing.customer_created", subjectType: "organisation", subjectId: orgId, after: { customer: customer.id } },
      now,
    ),
  ])
  return customer.id
}

async function priceFor(stripe: Stripe, tier: PlanTier): Promise<string> {
  const key = planOf(tier).priceLookupKey
  if (!key) throw unprocessable(`${planLabel(tier)} has no subscription price`)
  const prices = await stripe.prices.list({ lookup_keys: [key], active: true, limit: 1 })
  const price = prices.data[0]
  if (!price)
    throw new AppError(503, "not_configured", `No active Stripe price has the lookup key ${key}; create it on the platform account.`)
  return price.id
}

/**
 * Where to send the Billing Admin to move to `tier`: Checkout (subscription mode) when there is no subscription yet,
 * else the customer portal's plan-change or cancel flow. The tier changes only when Stripe's webhook confirms it.
 */
export async function planChangeUrl(env: Env, db: Db, orgId: string, target: string, actor: Actor, now: Date): Promise<string> {
  if (!isPlanTier(target))
    throw badRequest(`Unknown plan "${target}": choose starter, growth, scale or enterprise`, [{ field: "tier", message: "not a plan" }])
  const account = await billingAccount(db, orgId)
  if (!account) throw notFound("Organisation")
  const stripe = billingStripe(env)
  const hasSubscription = !!account.billingSubscriptionId && account.billingStatus !== "canceled"
  if (target === account.planTier && hasSubscription) return portalUrl(env, db, orgId, actor, now)
  if (target === "starter") {
    if (!hasSubscription) throw unprocessable("This organisation has no paid subscription; it falls back to Starter when the trial ends.")
    const customer = await ensureCustomer(db, stripe, orgId, actor, now)
    const session = await stripe.billingPortal.sessions.create({
      customer,
      return_url: appUrl(env, "/admin/billing?notice=portal"),
      flow_data: { type: "subscription_cancel", subscription_cancel: { subscription: account.billingSubscriptionId! } },
    })
    return session.url
  }
  const customer = await ensureCustomer(db, stripe, orgId, actor, now)
  if (hasSubscription) {
    const session = await stripe.billingPortal.sessions.create({
      customer,
      return_url: appUrl(env, "/admin/billing?notice=portal"),
      flow_data: { type: "subscription_update", subscription_update: { subscription: account.billingSubscriptionId! } },
    })
    return session.url
  }
  const price = await priceFor(stripe, target)
  // The days left of the trial carry into the subscription: nothing is charged before the trial would have ended.
  // Stripe wants a trial_end at least 48 hours ahead.
  const trialEnd =
    account.trialEndsAt && Date.parse(account.trialEndsAt) - now.getTime() > 48 * 3_600_000
      ? Math.floor(Date.parse(account.trialEndsAt) / 1000)
      : undefined
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: orgId,
    line_items: [{ price, quantity: 1 }],
    subscription_data: { metadata: { plixo_org_id: orgId, plixo_tier: target }, ...(trialEnd ? { trial_end: trialEnd } : {}) },
    metadata: { plixo_org_id: orgId, plixo_tier: target },
    success_url: appUrl(env, "/admin/billing?notice=checkout"),
    cancel_url: appUrl(env, "/admin/billing?notice=cancelled"),
  })
  if (!session.url) throw new AppError(502, "upstream_error", "Stripe did not return a Checkout URL")
  return session.url
}

/** The customer portal: payment method, invoices, plan changes. */
export async function portalUrl(env: Env, db: Db, orgId: string, actor: Actor, now: Date): Promise<string> {
  const stripe = billingStripe(env)
  const customer = await ensureCustomer(db, stripe, orgId, actor, now)
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: appUrl(env, "/admin/billing?notice=portal") })
  return session.url
}
