// POST /webhooks/stripe (API.md "Webhooks"): the raw body is read once and verified before anything else.
import { Hono } from "hono"
import { receiveStripeWebhook } from "../../../services/stripe-webhook"
import type { AppEnv } from "../../env"

export const stripeWebhookRoutes = new Hono<AppEnv>().post("/webhooks/stripe", async (c) => {
  const raw = await c.req.text()
  const result = await receiveStripeWebhook(c.var.db, c.env, raw, c.req.header("Stripe-Signature"))
  if (result.after) c.executionCtx.waitUntil(result.after().catch((err) => console.error("stripe webhook follow-up", err)))
  return c.json(result.body, result.status)
})
