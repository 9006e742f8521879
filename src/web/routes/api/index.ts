// The /api/v1 surface: one sub-app per resource, mounted at its own path, each route declared once (`apiRoute`).
// Routes still written the older way (absolute paths, `describeRoute`) mount beside it in routes/index.ts.
import { Hono } from "hono"
import { z } from "zod"
import { capabilitiesOf } from "../../../domain/roles"
import { apiApp, apiRoute } from "../../api-route"
import { meSchema } from "../../api-schemas"
import { openApiDocument } from "../../openapi"
import { cadenceApi } from "./cadences"
import { connectorApiRoutes } from "./connectors"
import { customerApiRoutes } from "./customers"
import { dataReadyApiRoutes } from "./data-ready"
import { importApiRoutes } from "./imports"
import { approvalApi, auditApi } from "./governance"
import { invoiceApiRoutes } from "./invoices"
import { disputeApi, portalLinkApi, promiseApi } from "./payers"
import { segmentApi } from "./segments"
import { autopilotApi, outreachApi } from "./outreach"
import { billingApi } from "./billing"
import { metricsApiRoutes } from "./metrics"
import { apiDocsPage } from "./openapi"
import { worklistApiRoutes } from "./worklist"
import type { AppEnv } from "../../env"

const me = apiRoute({
  method: "get",
  path: "/me",
  capability: "read",
  summary: "The organisation and role of this API key",
  tags: ["Account"],
  responses: { 200: { description: "Who is calling", content: { "application/json": { schema: meSchema } } } },
})

const document = apiRoute({
  method: "get",
  path: "/openapi.json",
  capability: "public",
  summary: "This document: the whole API as OpenAPI 3.1",
  tags: ["Account"],
  responses: {
    200: { description: "The OpenAPI document", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
  },
})

export const api = apiApp()
  .openapi(me, (c) => {
    const m = c.var.member
    return c.json(
      {
        organisation: { id: m.orgId, name: m.orgName, plan_tier: m.planTier },
        role: m.role,
        via: m.via,
        label: m.label,
        capabilities: capabilitiesOf(m.role),
      },
      200,
    )
  })
  .route("/customers", customerApiRoutes)
  .route("/invoices", invoiceApiRoutes)
  .route("/imports", importApiRoutes)
  .route("/data-ready", dataReadyApiRoutes)
  .route("/connectors", connectorApiRoutes)
  .route("/cadences", cadenceApi)
  .route("/segments", segmentApi)
  .route("/", auditApi)
  .route("/approvals", approvalApi)
  .route("/portal-links", portalLinkApi)
  .route("/promises", promiseApi)
  .route("/disputes", disputeApi)
  .route("/outreach", outreachApi)
  .route("/autopilot", autopilotApi)
  .route("/billing", billingApi)

api.openapi(document, (c) => c.json(openApiDocument(api, new URL(c.req.url).origin), 200))
api.get("/docs", apiDocsPage)

/** Not yet declared with `apiRoute`: absolute paths, mounted at "/". */
export const apiRoutes = new Hono<AppEnv>().route("/", metricsApiRoutes).route("/", worklistApiRoutes)
