// POST /webhooks/stripe: verify the signature on the raw body, route by connected account, record the event id in
// the same D1 batch as its effects (a repeated or concurrent duplicate rolls back and applies nothing), answer fast.
import Stripe from "stripe"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { invoicesChangedAt } from "../db/cadence-changes"
import { stripeCrypto } from "../integrations/stripe"
import { notifyCadence } from "../tenant/notify"
import { auditInsert } from "./audit"
import { autoApplyByReference } from "./cash-app"
import { paymentIntentOf, queueReceipts } from "./payment-receipts"
import { planStripeEvent } from "./stripe-apply"

export const UNKNOWN_ACCOUNT_ORG = "_unknown_account"
const stripeActor = { type: "stripe" as const, id: null, label: "Stripe" }

export type WebhookOutcome = {
  status: 200 | 400 | 500
  body: { received: boolean; duplicate?: boolean; outcome?: string; error?: string }
  /** Work that may run after the response (ctx.waitUntil): connector health, cash application by reference. */
  after?: () => Promise<void>
}

function failure(d1: D1Database, reason: string, now: string) {
  return d1
    .prepare(`INSERT INTO webhook_failures (id, source, reason, created_at) VALUES (?1, 'stripe', ?2, ?3)`)
    .bind(newId("whf"), reason.slice(0, 500), now)
    .run()
}

const isDuplicate = (err: unknown) => err instanceof Error && /UNIQUE constraint failed: stripe_events/.test(err.message)

function recordEvent(
  d1: D1Database,
  orgId: string,
  event: Stripe.Event,
  status: string,
  raw: string | null,
  error: string | null,
  now: string,
) {
  return d1
    .prepare(
      `INSERT INTO stripe_events (org_id, id, type, account, created, livemode, status, error, payload, received_at, processed_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)`,
    )
    .bind(
      orgId,
      event.id,
      event.type,
      event.account ?? null,
      event.created,
      event.livemode ? 1 : 0,
      status,
      error,
      raw && raw.length <= 65_536 ? raw : null,
      now,
    )
}

export async function receiveStripeWebhook(
  db: Db,
  env: Env,
  raw: string,
  signature: string | undefined,
  now: Date = new Date(),
): Promise<WebhookOutcome> {
  const d1 = db.$client as D1Database
  const at = nowIso(now)
  if (!signature) {
    await failure(d1, "missing Stripe-Signature header", at)
    return { status: 400, body: { received: false, error: "Missing Stripe-Signature header" } }
  }
  let event: Stripe.Event
  try {
    // Default tolerance (300 s): a replayed delivery with an old timestamp is refused.
    event = await Stripe.webhooks.constructEventAsync(raw, signature, env.STRIPE_WEBHOOK_SECRET, undefined, stripeCrypto)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await failure(d1, message, at)
    return {
      status: 400,
      body: { received: false, error: /tolerance/i.test(message) ? "Signature timestamp is too old" : "Signature does not match" },
    }
  }

  const route = event.account
    ? await d1.prepare(`SELECT org_id FROM stripe_accounts WHERE account_id = ?1`).bind(event.account).first<{ org_id: string }>()
    : null
  if (!route) {
    await recordEvent(
      d1,
      UNKNOWN_ACCOUNT_ORG,
      event,
      "unknown_account",
      null,
      `no organisation has connected account ${event.account ?? "(platform)"}`,
      at,
    )
      .run()
      .catch((e) => {
        if (!isDuplicate(e)) throw e
      })
    return { status: 200, body: { received: true, outcome: "unknown_account" } }
  }
  const orgId = route.org_id
  const seen = await d1
    .prepare(`SELECT status FROM stripe_events WHERE org_id = ?1 AND id = ?2`)
    .bind(orgId, event.id)
    .first<{ status: string }>()
  if (seen) return { status: 200, body: { received: true, duplicate: true } }

  let plan
  try {
    plan = await planStripeEvent(d1, orgId, event, at)
    const audit = auditInsert(
      db,
      orgId,
      stripeActor,
      {
        action: `stripe.${event.type}`,
        subjectType: "stripe_event",
        subjectId: event.id,
        after: { outcome: plan.outcome, note: plan.note },
      },
      now,
    ).toSQL()
    await d1.batch([
      recordEvent(d1, orgId, event, plan.outcome, raw, plan.outcome === "ignored" ? plan.note : null, at),
      ...plan.statements,
      d1.prepare(audit.sql).bind(...audit.params),
    ])
  } catch (err) {
    if (isDuplicate(err)) return { status: 200, body: { received: true, duplicate: true } }
    const message = err instanceof Error ? err.message : String(err)
    await d1
      .prepare(
        `UPDATE connectors SET status = 'error', last_error = ?2, last_error_at = ?3, updated_at = ?3 WHERE org_id = ?1 AND kind = 'stripe'`,
      )
      .bind(orgId, `${event.type} ${event.id}: ${message}`.slice(0, 500), at)
      .run()
    // Not recorded: Stripe retries the delivery and the event applies once it can.
    return { status: 500, body: { received: false, error: "Event could not be applied; Stripe will retry" } }
  }

  // Payments, refunds, disputes and invoice states change what the cadence may send: tell the TenantDO now.
  if (plan.outcome === "applied") await notifyCadence(env, orgId, { invoiceIds: await invoicesChangedAt(d1, orgId, at) })
  const unapplied = plan.unappliedPaymentIntent
  return {
    status: 200,
    body: { received: true, outcome: plan.outcome },
    after: async () => {
      await d1
        .prepare(
          `UPDATE connectors SET last_event_at = ?2, updated_at = ?2, status = CASE WHEN status IN ('pending', 'error') THEN 'active' ELSE status END
           WHERE org_id = ?1 AND kind = 'stripe' AND (last_event_at IS NULL OR last_event_at < ?2)`,
        )
        .bind(orgId, at)
        .run()
      if (unapplied) await autoApplyByReference(db, orgId, { by: "payment_intent", id: unapplied }, now)
      if (plan.outcome === "applied" && (event.type === "payment_intent.succeeded" || event.type === "checkout.session.completed"))
        await queueReceipts(env, db, orgId, paymentIntentOf(event), now)
    },
  }
}
