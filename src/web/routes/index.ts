// Mounts every area's sub-app. Each area owns its file; add one line here per area.
import type { Hono } from "hono"
import type { AppEnv } from "../env"
import { peopleRoutes } from "./people"
import { payerRoutes } from "./payers"
import { rootRoutes } from "./root"
import { policiesRoutes } from "./policies"
import { receivablesRoutes } from "./work/receivables"
import { apiRules } from "../api-route"
import { declareRules } from "../route-rules"
import { api, apiRoutes } from "./api"
import { overviewRoutes } from "./admin/overview"
import { receivablesInRoutes } from "./receivables-in"
import { autopilotRoutes } from "./autopilot"
import { billingRoutes } from "./billing"
import { settingsRoutes } from "./settings"

export function mountRoutes(app: Hono<AppEnv>) {
  app.route("/", rootRoutes)
  app.route("/", policiesRoutes)
  app.route("/", payerRoutes)
  app.route("/", receivablesRoutes)
  app.route("/api/v1", api)
  declareRules(apiRules(api, "/api/v1"))
  app.route("/", apiRoutes)
  app.route("/", overviewRoutes)
  app.route("/", peopleRoutes)
  app.route("/", receivablesInRoutes)
  app.route("/", autopilotRoutes)
  app.route("/", billingRoutes)
  app.route("/", settingsRoutes)
}
