// A local fake of the Stripe API for development and the e2e tests (`npm run stripe-fake`, or started by
// `npm run dev -- --fresh` and test/e2e/run.mjs): Connect onboarding and the test event, and Stripe Billing
// (prices by lookup key, Checkout in subscription mode, the customer portal). Like Stripe, it answers the API and
// then delivers signed webhooks: Connect events to /webhooks/stripe, Billing events to /webhooks/stripe-billing.
// Point the Worker at it with STRIPE_API_BASE=http://127.0.0.1:12111 and any STRIPE_SECRET_KEY.
import { createHmac, randomBytes } from "node:crypto"
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"

const tiers = {
  plixo_growth_monthly: { tier: "growth", label: "Growth", amount: 49_900 },
  plixo_scale_monthly: { tier: "scale", label: "Scale", amount: 149_900 },
  plixo_enterprise_monthly: { tier: "enterprise", label: "Enterprise", amount: 499_900 },
}
const rid = (prefix) => `${prefix}_fake${randomBytes(8).toString("hex")}`
const epoch = () => Math.floor(Date.now() / 1000)
const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** Stripe's signature scheme: HMAC-SHA256 of "<timestamp>.<payload>" with the endpoint secret, as t=...,v1=... */
export function signPayload(payload, secret, timestamp = epoch()) {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex")}`
}

export function startStripeFake({ port = 12111, appUrl, connectSecret, billingSecret, log = () => {} }) {
  const state = { sessions: new Map(), portals: new Map(), subscriptions: new Map(), accounts: new Set() }
  const base = () => `http://127.0.0.1:${server.address().port}`

  async function deliver(path, type, object, account) {
    const event = {
      id: rid("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: epoch(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: rid("req"), idempotency_key: null },
      type,
      ...(account ? { account } : {}),
    }
    const payload = JSON.stringify(event)
    const secret = path === "/webhooks/stripe" ? connectSecret : billingSecret
    try {
      const res = await fetch(`${appUrl}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Stripe-Signature": signPayload(payload, secret) },
        body: payload,
      })
      log(`stripe-fake: ${type} -> ${path} ${res.status}`)
    } catch (err) {
      log(`stripe-fake: ${type} -> ${path} failed: ${err.message}`)
    }
  }

  function subscriptionObject(sub) {
    const t = tiers[sub.lookupKey]
    return {
      id: sub.id,
      object: "subscription",
      customer: sub.customer,
      status: sub.status,
      created: sub.created,
      start_date: sub.created,
      currency: "usd",
      cancel_at_period_end: false,
      canceled_at: sub.status === "canceled" ? epoch() : null,
      ended_at: sub.status === "canceled" ? epoch() : null,
      trial_start: sub.trialEnd ? sub.created : null,
      trial_end: sub.trialEnd,
      collection_method: "charge_automatically",
      livemode: false,
      metadata: sub.metadata,
      items: {
        object: "list",
        has_more: false,
        total_count: 1,
        url: `/v1/subscription_items?subscription=${sub.id}`,
        data: [
          {
            id: sub.itemId,
            object: "subscription_item",
            quantity: 1,
            subscription: sub.id,
            current_period_start: epoch(),
            current_period_end: epoch() + 30 * 86_400,
            price: {
              id: `price_fake_${t.tier}`,
              object: "price",
              active: true,
              currency: "usd",
              lookup_key: sub.lookupKey,
              unit_amount: t.amount,
              type: "recurring",
              recurring: { interval: "month", interval_count: 1 },
              product: "prod_fake_plixo",
            },
          },
        ],
      },
    }
  }

  function invoiceFor(sub) {
    const t = tiers[sub.lookupKey]
    return {
      id: rid("in"),
      object: "invoice",
      customer: sub.customer,
      status: "paid",
      amount_due: t.amount,
      amount_paid: t.amount,
      amount_remaining: 0,
      currency: "usd",
      number: `PLIXO-${String(state.subscriptions.size).padStart(4, "0")}`,
      billing_reason: "subscription_create",
      created: epoch(),
      livemode: false,
      hosted_invoice_url: `${base()}/invoices/${sub.id}`,
      parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: sub.id, metadata: sub.metadata } },
    }
  }

  const page = (title, body) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:system-ui;max-width:560px;margin:3rem auto;color:#1a2233}button{font:inherit;padding:.5rem 1rem;margin:.25rem 0;border-radius:6px;border:1px solid #3b4fd8;background:#3b4fd8;color:#fff;cursor:pointer}button.quiet{background:#fff;color:#3b4fd8}.note{color:#5b6678;font-size:.9rem}</style></head><body><p class="note">Local Stripe fake (development only)</p>${body}</body></html>`

  async function api(req, res, url, form) {
    const json = (o, status = 200) => {
      res.writeHead(status, { "Content-Type": "application/json", "Request-Id": rid("req") })
      res.end(JSON.stringify(o))
    }
    const account = req.headers["stripe-account"] ?? null
    const p = url.pathname
    if (req.method === "POST" && p === "/v1/accounts") {
      const id = rid("acct")
      state.accounts.add(id)
      return json({ id, object: "account", type: "standard", details_submitted: false, charges_enabled: false })
    }
    if (req.method === "GET" && p.startsWith("/v1/accounts/"))
      return json({ id: p.split("/")[3], object: "account", details_submitted: true, charges_enabled: true })
    if (req.method === "POST" && p === "/v1/account_links")
      return json({
        object: "account_link",
        created: epoch(),
        expires_at: epoch() + 300,
        url: `${base()}/connect/onboard?return_url=${encodeURIComponent(form.get("return_url") ?? "")}`,
      })
    if (req.method === "POST" && p === "/v1/customers") {
      const metadata = Object.fromEntries([...form].filter(([k]) => k.startsWith("metadata[")).map(([k, v]) => [k.slice(9, -1), v]))
      const customer = {
        id: rid("cus"),
        object: "customer",
        name: form.get("name"),
        description: form.get("description"),
        metadata,
        created: epoch(),
        livemode: false,
      }
      json(customer)
      // A customer on a connected account is the Connect test event: Stripe sends customer.created to the platform.
      if (account) setTimeout(() => deliver("/webhooks/stripe", "customer.created", customer, account), 500)
      return
    }
    if (req.method === "GET" && p === "/v1/prices") {
      const key = form.get("lookup_keys[0]") ?? form.getAll("lookup_keys[]")[0]
      const t = tiers[key]
      return json({
        object: "list",
        url: "/v1/prices",
        has_more: false,
        data: t
          ? [
              {
                id: `price_fake_${t.tier}`,
                object: "price",
                active: true,
                lookup_key: key,
                currency: "usd",
                unit_amount: t.amount,
                type: "recurring",
              },
            ]
          : [],
      })
    }
    if (req.method === "POST" && p === "/v1/checkout/sessions") {
      const id = rid("cs")
      const priceId = form.get("line_items[0][price]") ?? ""
      const lookupKey = Object.keys(tiers).find((k) => priceId === `price_fake_${tiers[k].tier}`) ?? null
      const metadata = Object.fromEntries(
        [...form].filter(([k]) => k.startsWith("subscription_data[metadata][")).map(([k, v]) => [k.slice(27, -1), v]),
      )
      state.sessions.set(id, {
        id,
        mode: form.get("mode"),
        customer: form.get("customer"),
        lookupKey,
        metadata,
        trialEnd: Number(form.get("subscription_data[trial_end]")) || null,
        success: form.get("success_url"),
        cancel: form.get("cancel_url"),
      })
      return json({ id, object: "checkout.session", mode: form.get("mode"), url: `${base()}/checkout/${id}` })
    }
    if (req.method === "POST" && p === "/v1/billing_portal/sessions") {
      const id = rid("bps")
      state.portals.set(id, { customer: form.get("customer"), returnUrl: form.get("return_url"), flow: form.get("flow_data[type]") })
      return json({ id, object: "billing_portal.session", customer: form.get("customer"), url: `${base()}/portal/${id}` })
    }
    return json({ error: { type: "invalid_request_error", message: `The local Stripe fake does not serve ${req.method} ${p}` } }, 404)
  }

  function pages(req, res, url, form) {
    const html = (body) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
      res.end(body)
    }
    const go = (to) => {
      res.writeHead(303, { Location: to })
      res.end()
    }
    const [, kind, id, action] = url.pathname.split("/")
    if (kind === "connect") return go(url.searchParams.get("return_url") || appUrl)
    if (kind === "checkout") {
      const s = state.sessions.get(id)
      if (!s) return html(page("Expired", "<h1>This Checkout session expired</h1>"))
      if (req.method === "GET") {
        const t = tiers[s.lookupKey]
        const what =
          s.mode === "subscription" && t
            ? `Plixo ${esc(t.label)} · $${(t.amount / 100).toFixed(2)} per month${s.trialEnd ? ", first charge when the trial ends" : ""}`
            : "Payment"
        return html(
          page(
            "Checkout",
            `<h1>Checkout</h1><p>${what}</p><form method="post" action="/checkout/${esc(id)}/pay"><button type="submit">Subscribe</button></form><p><a href="${esc(s.cancel)}">Cancel and return to Plixo</a></p>`,
          ),
        )
      }
      if (action === "pay") {
        state.sessions.delete(id)
        if (s.mode === "subscription" && s.lookupKey) {
          const sub = {
            id: rid("sub"),
            itemId: rid("si"),
            customer: s.customer,
            lookupKey: s.lookupKey,
            metadata: s.metadata,
            created: epoch(),
            trialEnd: s.trialEnd,
            status: s.trialEnd ? "trialing" : "active",
          }
          state.subscriptions.set(sub.id, sub)
          setTimeout(async () => {
            await deliver("/webhooks/stripe-billing", "customer.subscription.created", subscriptionObject(sub))
            if (sub.status === "active") await deliver("/webhooks/stripe-billing", "invoice.paid", invoiceFor(sub))
          }, 200)
        }
        return go(s.success)
      }
    }
    if (kind === "portal") {
      const s = state.portals.get(id)
      if (!s) return html(page("Expired", "<h1>This portal session expired</h1>"))
      const sub = [...state.subscriptions.values()].find((x) => x.customer === s.customer && x.status !== "canceled")
      if (req.method === "GET") {
        const current = sub ? tiers[sub.lookupKey] : null
        const switches = sub
          ? Object.entries(tiers)
              .filter(([k]) => k !== sub.lookupKey)
              .map(
                ([k, t]) =>
                  `<form method="post" action="/portal/${esc(id)}/switch"><input type="hidden" name="key" value="${k}"><button type="submit">Switch to ${esc(t.label)}</button></form>`,
              )
              .join("")
          : ""
        const cancel = sub
          ? `<form method="post" action="/portal/${esc(id)}/cancel"><button class="quiet" type="submit">Cancel subscription</button></form>`
          : ""
        return html(
          page(
            "Billing portal",
            `<h1>Billing portal</h1><p>${current ? `Current plan: Plixo ${esc(current.label)}` : "No subscription"}. Payment method: Visa •••• 4242.</p>${switches}${cancel}<p><a href="${esc(s.returnUrl)}">Return to Plixo</a></p>`,
          ),
        )
      }
      if (sub && action === "switch" && tiers[form.get("key")]) {
        sub.lookupKey = form.get("key")
        setTimeout(() => deliver("/webhooks/stripe-billing", "customer.subscription.updated", subscriptionObject(sub)), 200)
      }
      if (sub && action === "cancel") {
        sub.status = "canceled"
        setTimeout(() => deliver("/webhooks/stripe-billing", "customer.subscription.deleted", subscriptionObject(sub)), 200)
      }
      return go(s.returnUrl)
    }
    res.writeHead(404, { "Content-Type": "text/plain" })
    res.end("not found")
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1")
    let body = ""
    for await (const chunk of req) body += chunk
    const form = new URLSearchParams(req.method === "GET" ? url.search : body)
    try {
      if (url.pathname.startsWith("/v1/")) await api(req, res, url, form)
      else pages(req, res, url, form)
    } catch (err) {
      res.writeHead(500, { "Content-Type": "application/json" })
      res.end(JSON.stringify({ error: { message: String(err) } }))
    }
  })
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve({
        server,
        url: base(),
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.()
            server.close(r)
          }),
      }),
    ),
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.STRIPE_FAKE_PORT ?? 12111)
  const fake = await startStripeFake({
    port,
    appUrl: process.env.APP_URL ?? "http://localhost:8787",
    connectSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_plixo_dev",
    billingSecret: process.env.STRIPE_BILLING_WEBHOOK_SECRET ?? "whsec_plixo_billing_dev",
    log: console.log,
  })
  console.log(`stripe-fake: listening on ${fake.url}; webhooks go to ${process.env.APP_URL ?? "http://localhost:8787"}`)
}
