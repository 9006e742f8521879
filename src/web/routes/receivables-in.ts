// Receivables in (issue 3): connector pages, Stripe webhooks and cash application; their API lives under /api/v1.
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { stripeWebhookRoutes } from "./webhooks/stripe"
import { connectorRoutes } from "./admin/connectors"
import { erpConnectorRoutes } from "./admin/erp-connectors"
import { cashRoutes } from "./work/cash"

export const receivablesInRoutes = new Hono<AppEnv>()
  .route("/", stripeWebhookRoutes)
  .route("/", connectorRoutes)
  .route("/", erpConnectorRoutes)
  .route("/", cashRoutes)
