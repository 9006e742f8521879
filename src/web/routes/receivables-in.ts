// Receivables in (issue 3): imports, connectors, Stripe webhooks, cash application and Data-Ready, as one mount.
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { importApiRoutes } from "./api/imports"
import { stripeWebhookRoutes } from "./webhooks/stripe"

export const receivablesInRoutes = new Hono<AppEnv>().route("/", importApiRoutes).route("/", stripeWebhookRoutes)
