/// <reference types="vite/client" />
// Stripe Billing test support: platform-account events from test/fixtures/stripe-billing signed with the Billing
// webhook secret, a fake of the Stripe API for Checkout and the portal, and an organisation linked to a customer.
import { eq } from "drizzle-orm"
import Stripe from "stripe"
import { vi } from "vitest"
import { organisations } from "../../src/db/schema"
import { stripeCrypto } from "../../src/integrations/stripe"
import { call, db } from "../helpers"

const fixtures = import.meta.glob("../fixtures/stripe-billing/*.json", { eager: true, import: "default" }) as Record<string, Stripe.Event>
export const BILLING_SECRET = "whsec_test_plixo_billing"

/** A fixture event for the organisation's customer, with `object` merged into data.object. */
export function billingEvent(
  name: string,
  org: { id: string; customer: string },
  object: Record<string, unknown> = {},
  top: Partial<Stripe.Event> = {},
): Stripe.Event {
  const base = fixtures[`../fixtures/stripe-billing/${name}.json`]
  if (!base) throw new Error(`no Stripe Billing fixture ${name}`)
  const e = structuredClone(base) as Stripe.Event & { data: { object: Record<string, unknown> } }
  const o = e.data.object
  o.customer = org.customer
  if (o.metadata) (o.metadata as Record<string, string>).plixo_org_id = org.id
  const parent = o.parent as { subscription_details?: { metadata?: Record<string, string> } } | undefined
  if (parent?.subscription_details?.metadata) parent.subscription_details.metadata.plixo_org_id = org.id
  Object.assign(o, object)
  return { ...e, id: `${e.id}_${org.id.slice(-8)}`, ...top } as Stripe.Event
}

/** Replaces the price (and so the tier) of a subscription fixture. */
export function withPrice(lookupKey: string) {
  return (e: Stripe.Event) => {
    const sub = e.data.object as { items: { data: { price: { lookup_key: string } }[] } }
    sub.items.data[0]!.price.lookup_key = lookupKey
    return e
  }
}

export async function deliverBilling(event: Stripe.Event, opts: { secret?: string; path?: string } = {}) {
  const payload = JSON.stringify(event)
  const header = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: opts.secret ?? BILLING_SECRET,
    cryptoProvider: stripeCrypto,
  })
  return call(opts.path ?? "/webhooks/stripe-billing", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": header },
    body: payload,
  })
}

export async function linkCustomer(orgId: string, customer = `cus_${orgId.slice(-10)}`) {
  await db().update(organisations).set({ billingCustomerId: customer }).where(eq(organisations.id, orgId))
  return customer
}

export type StripeCall = { method: string; path: string; form: URLSearchParams; account: string | null }

/** Answers Stripe API calls to api.stripe.com (never the network) the way Stripe does for Billing. */
export function fakeStripeBilling() {
  const calls: StripeCall[] = []
  const real = globalThis.fetch
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    if (url.hostname !== "api.stripe.com") return real(input, init)
    const form = new URLSearchParams(req.method === "GET" ? url.search : await req.text())
    calls.push({ method: req.method, path: url.pathname, form, account: req.headers.get("Stripe-Account") })
    const json = (o: unknown) =>
      new Response(JSON.stringify(o), { status: 200, headers: { "Content-Type": "application/json", "Request-Id": "req_fake" } })
    if (url.pathname === "/v1/customers")
      return json({
        id: `cus_Fake_${(form.get("metadata[plixo_org_id]") ?? "").slice(-8)}`,
        object: "customer",
        name: form.get("name"),
        metadata: { plixo_org_id: form.get("metadata[plixo_org_id]") },
      })
    if (url.pathname === "/v1/prices") {
      const key = form.get("lookup_keys[0]") ?? form.getAll("lookup_keys[]")[0] ?? ""
      return json({
        object: "list",
        data: [
          {
            id: `price_for_${key}`,
            object: "price",
            lookup_key: key,
            active: true,
            currency: "usd",
            unit_amount: 49_900,
            type: "recurring",
          },
        ],
        has_more: false,
        url: "/v1/prices",
      })
    }
    if (url.pathname === "/v1/checkout/sessions")
      return json({
        id: "cs_test_FakeBilling01",
        object: "checkout.session",
        mode: "subscription",
        url: "https://checkout.stripe.com/c/pay/cs_test_FakeBilling01",
      })
    if (url.pathname === "/v1/billing_portal/sessions")
      return json({
        id: "bps_FakeBilling01",
        object: "billing_portal.session",
        url: "https://billing.stripe.com/p/session/test_FakeBilling01",
      })
    return new Response(JSON.stringify({ error: { message: `not faked: ${url.pathname}` } }), { status: 404 })
  })
  return calls
}
