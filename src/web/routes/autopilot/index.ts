// The outreach engine's pages (its API is routes/api/outreach.ts): review queue, deliverability, ops, webhook and unsubscribe.
import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { autopilotPublicRoutes } from "./public"
import { queueRoutes } from "./queue"
import { collectionsRoutes } from "../work/collections"
import { deliverabilityRoutes } from "./deliverability"
import { opsRoutes } from "./ops"

export const autopilotRoutes = new Hono<AppEnv>()
  .route("/", autopilotPublicRoutes)
  .route("/", collectionsRoutes)
  .route("/", queueRoutes)
  .route("/", deliverabilityRoutes)
  .route("/", opsRoutes)
