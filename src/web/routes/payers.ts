// The payer area: the portal under /p, the payer API, and the finance pages for disputes and promises.
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { payerApiRoutes } from "./api/payers"
import { portalRoutes } from "./portal"
import { disputeWorkRoutes } from "./work/disputes"

export const payerRoutes = new Hono<AppEnv>()
  .route("/", portalRoutes as unknown as Hono<AppEnv>)
  .route("/", payerApiRoutes)
  .route("/", disputeWorkRoutes)
