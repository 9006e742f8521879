/// <reference types="vite/client" />
// Stripe test fixtures: events from test/fixtures/stripe, signed like Stripe signs them, delivered to /webhooks/stripe.
import Stripe from "stripe"
import { connectors, stripeAccounts } from "../../src/db/schema"
import { newId } from "../../src/db/ids"
import { stripeCrypto } from "../../src/integrations/stripe"
import { call, db } from "../helpers"

const events = import.meta.glob("../fixtures/stripe/*.json", { eager: true, import: "default" }) as Record<string, Stripe.Event>
export const WEBHOOK_SECRET = "whsec_test_plixo"

/** A fresh copy of a fixture event for `account`, with changes applied to its `data.object`. */
export function stripeEvent(
  name: string,
  account: string,
  object: Record<string, unknown> = {},
  top: Partial<Stripe.Event> = {},
): Stripe.Event {
  const base = events[`../fixtures/stripe/${name}.json`]
  if (!base) throw new Error(`no Stripe fixture ${name}`)
  const copy = structuredClone(base) as Stripe.Event & { data: { object: Record<string, unknown> } }
  Object.assign(copy.data.object, object)
  return { ...copy, account, ...top } as Stripe.Event
}

export async function signature(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: opts.secret ?? WEBHOOK_SECRET,
    timestamp: opts.timestamp,
    cryptoProvider: stripeCrypto,
  })
}

export async function deliver(event: Stripe.Event, opts: { secret?: string; timestamp?: number; header?: string | null } = {}) {
  const payload = JSON.stringify(event)
  const header = opts.header === null ? null : (opts.header ?? (await signature(payload, opts)))
  const headers: Record<string, string> = { "Content-Type": "application/json" }
  if (header) headers["Stripe-Signature"] = header
  return call("/webhooks/stripe", { method: "POST", headers, body: payload })
}

/** Connects Stripe for an organisation: the connector row and the account -> organisation route. */
export async function connectStripe(orgId: string, account = `acct_${orgId.slice(-12)}`) {
  const now = new Date().toISOString()
  await db().batch([
    db()
      .insert(connectors)
      .values({ id: newId("cnr"), orgId, kind: "stripe", status: "active", accountId: account, createdAt: now, updatedAt: now }),
    db().insert(stripeAccounts).values({ accountId: account, orgId, createdAt: now }),
  ])
  return account
}

/** Waits for work the Worker deferred with ctx.waitUntil. */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 3_000): Promise<T> {
  const until = Date.now() + ms
  let value = await probe()
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50))
    value = await probe()
  }
  return value
}
