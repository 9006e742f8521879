// The /api/v1 base: who am I, receivables, metrics and the OpenAPI document. Other areas mount their own API files.
import { Hono } from "hono"
import { capabilitiesOf } from "../../../domain/roles"
import { meSchema } from "../../api-schemas"
import type { AppEnv } from "../../env"
import { describeRoute } from "../../openapi"
import { customerApiRoutes } from "./customers"
import { invoiceApiRoutes } from "./invoices"
import { metricsApiRoutes } from "./metrics"
import { openApiRoutes } from "./openapi"
import { worklistApiRoutes } from "./worklist"

describeRoute({
  method: "get",
  path: "/api/v1/me",
  summary: "The organisation and role of this API key",
  tags: ["Account"],
  responses: { 200: { description: "Who is calling", schema: meSchema } },
})

export const apiRoutes = new Hono<AppEnv>()
  .get("/api/v1/me", (c) => {
    const m = c.var.member
    return c.json({
      organisation: { id: m.orgId, name: m.orgName, plan_tier: m.planTier },
      role: m.role,
      via: m.via,
      label: m.label,
      capabilities: capabilitiesOf(m.role),
    })
  })
  .route("/", customerApiRoutes)
  .route("/", invoiceApiRoutes)
  .route("/", metricsApiRoutes)
  .route("/", worklistApiRoutes)
  .route("/", openApiRoutes)
