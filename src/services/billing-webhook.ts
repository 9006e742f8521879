// POST /webhooks/stripe-billing: Stripe Billing events of the platform's own account (Plixo's subscriptions), on
// their own endpoint and signing secret, apart from the tenants' Connect webhook. The event id is recorded in the
// same D1 batch as the plan change and its audit entry, so a repeated delivery applies nothing.
import { eq } from "drizzle-orm"
import Stripe from "stripe"
import { accountByBillingCustomer, billingAccount, type BillingAccount } from "../db/billing"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { billingEvents, organisations } from "../db/schema"
import { planLabel, tierOfSubscription } from "../domain/plan-tiers"
import { stripeCrypto } from "../integrations/stripe"
import type { Statement } from "./approvals"
import { auditInsert, type Actor } from "./audit"
import { referralCreditStatements } from "./referrals"

const stripeBilling: Actor = { type: "stripe", id: null, label: "Stripe Billing" }

export type BillingWebhookOutcome = {
  status: 200 | 400 | 500
  body: { received: boolean; duplicate?: boolean; outcome?: string; error?: string }
}

const customerId = (c: string | { id: string } | null | undefined) => (typeof c === "string" ? c : (c?.id ?? null))

async function findAccount(
  db: Db,
  customer: string | null,
  metadata: Record<string, string> | null | undefined,
): Promise<BillingAccount | null> {
  const byCustomer = customer ? await accountByBillingCustomer(db, customer) : null
  if (byCustomer) return byCustomer
  // Checkout sets metadata.plixo_org_id on the subscription; used only when the customer is not linked yet.
  const orgId = metadata?.plixo_org_id
  return orgId ? billingAccount(db, orgId) : null
}

type Plan = { orgId: string | null; outcome: string; statements: Statement[]; after?: (account: BillingAccount) => Promise<Statement[]> }

function subscriptionPlan(db: Db, event: Stripe.Event, sub: Stripe.Subscription, account: BillingAccount, now: Date): Plan {
  const deleted = event.type === "customer.subscription.deleted"
  const status = deleted ? "canceled" : sub.status
  const item = sub.items?.data?.[0]
  const tier = tierOfSubscription(status, item?.price?.lookup_key)
  // Stripe does not promise delivery order: an event older than the last one applied changes nothing.
  if (account.billingEventCreated !== null && event.created < account.billingEventCreated)
    return { orgId: account.id, outcome: "stale", statements: [] }
  // Stripe owns the trial end while the subscription is trialing; a deleted subscription ends any trial with it.
  const endedAt = deleted ? new Date((sub.ended_at ?? event.created) * 1000).toISOString() : null
  const trialEndsAt =
    sub.status === "trialing" && sub.trial_end && !deleted
      ? new Date(sub.trial_end * 1000).toISOString()
      : endedAt && account.trialEndsAt && account.trialEndsAt > endedAt
        ? endedAt
        : account.trialEndsAt
  const set = {
    billingCustomerId: account.billingCustomerId ?? customerId(sub.customer),
    billingSubscriptionId: deleted ? null : sub.id,
    billingStatus: status,
    billingEventCreated: event.created,
    trialEndsAt,
    ...(tier ? { planTier: tier } : {}),
  }
  const statements: Statement[] = [db.update(organisations).set(set).where(eq(organisations.id, account.id))]
  const changed = tier !== null && tier !== account.planTier
  statements.push(
    auditInsert(
      db,
      account.id,
      stripeBilling,
      {
        action: changed ? "billing.plan_changed" : "billing.subscription_updated",
        subjectType: "organisation",
        subjectId: account.id,
        before: { tier: account.planTier, status: account.billingStatus },
        after: {
          tier: tier ?? account.planTier,
          status,
          subscription: sub.id,
          event: event.id,
          note: changed ? `${planLabel(account.planTier)} -> ${planLabel(tier!)}` : undefined,
        },
      },
      now,
    ),
  )
  // A Stripe trial starting is the trial starting too: credit the partner if sign-up did not already.
  const after =
    sub.status === "trialing"
      ? (a: BillingAccount) => referralCreditStatements(db, { id: a.id, name: a.name, referralCode: a.referralCode }, stripeBilling, now)
      : undefined
  return { orgId: account.id, outcome: changed ? `plan_${tier}` : "subscription_recorded", statements, after }
}

async function planEvent(db: Db, event: Stripe.Event, now: Date): Promise<Plan> {
  switch (event.type) {
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed":
    case "customer.subscription.trial_will_end": {
      const sub = event.data.object as Stripe.Subscription
      const account = await findAccount(db, customerId(sub.customer), sub.metadata)
      if (!account) return { orgId: null, outcome: "unknown_customer", statements: [] }
      if (event.type === "customer.subscription.trial_will_end") {
        return {
          orgId: account.id,
          outcome: "recorded",
          statements: [
            auditInsert(
              db,
              account.id,
              stripeBilling,
              { action: "billing.trial_will_end", subjectType: "organisation", subjectId: account.id, after: { trial_end: sub.trial_end } },
              now,
            ),
          ],
        }
      }
      return subscriptionPlan(db, event, sub, account, now)
    }
    case "invoice.paid": {
      const invoice = event.data.object as Stripe.Invoice
      const account = await findAccount(db, customerId(invoice.customer), invoice.parent?.subscription_details?.metadata)
      if (!account) return { orgId: null, outcome: "unknown_customer", statements: [] }
      const statements: Statement[] = [
        auditInsert(
          db,
          account.id,
          stripeBilling,
          {
            action: "billing.invoice_paid",
            subjectType: "billing_invoice",
            subjectId: invoice.id ?? null,
            after: {
              number: invoice.number,
              amount_paid_minor: invoice.amount_paid,
              currency: invoice.currency?.toUpperCase(),
              hosted_invoice_url: invoice.hosted_invoice_url,
            },
          },
          now,
        ),
      ]
      // A paid invoice settles a past_due subscription; Stripe's subscription.updated follows, this does not wait for it.
      if (account.billingStatus === "past_due")
        statements.push(db.update(organisations).set({ billingStatus: "active" }).where(eq(organisations.id, account.id)))
      return { orgId: account.id, outcome: "invoice_recorded", statements }
    }
    default:
      return { orgId: null, outcome: "ignored", statements: [] }
  }
}

const isDuplicate = (err: unknown) => err instanceof Error && /UNIQUE constraint failed: billing_events/.test(err.message)

export async function receiveBillingWebhook(
  db: Db,
  env: Pick<Env, "STRIPE_BILLING_WEBHOOK_SECRET">,
  raw: string,
  signature: string | undefined,
  now: Date = new Date(),
): Promise<BillingWebhookOutcome> {
  const d1 = db.$client as D1Database
  const at = nowIso(now)
  const refuse = async (reason: string, error: string): Promise<BillingWebhookOutcome> => {
    await d1
      .prepare(`INSERT INTO webhook_failures (id, source, reason, created_at) VALUES (?1, 'stripe_billing', ?2, ?3)`)
      .bind(newId("whf"), reason.slice(0, 500), at)
      .run()
    return { status: 400, body: { received: false, error } }
  }
  if (!env.STRIPE_BILLING_WEBHOOK_SECRET)
    return { status: 500, body: { received: false, error: "STRIPE_BILLING_WEBHOOK_SECRET is not set" } }
  if (!signature) return refuse("missing Stripe-Signature header", "Missing Stripe-Signature header")
  let event: Stripe.Event
  try {
    event = await Stripe.webhooks.constructEventAsync(raw, signature, env.STRIPE_BILLING_WEBHOOK_SECRET, undefined, stripeCrypto)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return refuse(message, /tolerance/i.test(message) ? "Signature timestamp is too old" : "Signature does not match")
  }
  // Billing events belong to the platform account itself; a Connect account's event here is misrouted.
  if (event.account) return { status: 200, body: { received: true, outcome: "connect_event_ignored" } }
  const seen = await db.select({ id: billingEvents.id }).from(billingEvents).where(eq(billingEvents.id, event.id)).limit(1)
  if (seen.length) return { status: 200, body: { received: true, duplicate: true } }

  try {
    const plan = await planEvent(db, event, now)
    await db.batch([
      db
        .insert(billingEvents)
        .values({ id: event.id, type: event.type, orgId: plan.orgId, outcome: plan.outcome, created: event.created, receivedAt: at }),
      ...plan.statements,
    ])
    if (plan.after && plan.orgId) {
      const account = await billingAccount(db, plan.orgId)
      const more = account ? await plan.after(account) : []
      if (more.length)
        await db.batch(more as [Statement, ...Statement[]]).catch((err) => {
          if (!/UNIQUE/.test(String(err))) throw err // credited at the same moment by another delivery
        })
    }
    return { status: 200, body: { received: true, outcome: plan.outcome } }
  } catch (err) {
    if (isDuplicate(err)) return { status: 200, body: { received: true, duplicate: true } }
    console.error("stripe billing webhook", event.type, event.id, err)
    return { status: 500, body: { received: false, error: "Event could not be applied; Stripe will retry" } }
  }
}
