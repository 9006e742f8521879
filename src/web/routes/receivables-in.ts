// Receivables in (issue 3): imports, connectors, Stripe webhooks, cash application and Data-Ready, as one mount.
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { importApiRoutes } from "./api/imports"
import { stripeWebhookRoutes } from "./webhooks/stripe"
import { dataReadyApiRoutes } from "./api/data-ready"
import { connectorRoutes } from "./admin/connectors"
import { erpConnectorRoutes } from "./admin/erp-connectors"
import { connectorApiRoutes } from "./api/connectors"
import { cashRoutes } from "./work/cash"

export const receivablesInRoutes = new Hono<AppEnv>()
  .route("/", importApiRoutes)
  .route("/", stripeWebhookRoutes)
  .route("/", dataReadyApiRoutes)
  .route("/", connectorRoutes)
  .route("/", erpConnectorRoutes)
  .route("/", connectorApiRoutes)
  .route("/", cashRoutes)
