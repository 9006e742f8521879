// The outreach engine's web surface: API, review queue, deliverability, ops, webhook and unsubscribe.
import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { autopilotApiRoutes } from "./api"
import { composeApiRoutes } from "./compose-api"
import { autopilotPublicRoutes } from "./public"
import { queueRoutes } from "./queue"
import { collectionsRoutes } from "../work/collections"
import { deliverabilityRoutes } from "./deliverability"
import { opsRoutes } from "./ops"

export const autopilotRoutes = new Hono<AppEnv>()
  .route("/", autopilotApiRoutes)
  .route("/", composeApiRoutes)
  .route("/", autopilotPublicRoutes)
  .route("/", collectionsRoutes)
  .route("/", queueRoutes)
  .route("/", deliverabilityRoutes)
  .route("/", opsRoutes)
