// The policies area: cadences, segments, approvals and audit, as API routes and pages.
import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { cadenceApi } from "../api/cadences"
import { cadencePages } from "./cadence-pages"
import { segmentPages } from "./segment-pages"
import { approvalPages } from "./approval-pages"
import { auditPages } from "./audit-pages"

export const policiesRoutes = new Hono<AppEnv>()
  .route("/", cadenceApi)
  .route("/", cadencePages)
  .route("/", segmentPages)
  .route("/", approvalPages)
  .route("/", auditPages)
