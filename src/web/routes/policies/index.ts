// The policies area pages: cadences, segments, approvals and audit (their API lives under /api/v1).
import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { cadencePages } from "./cadence-pages"
import { segmentPages } from "./segment-pages"
import { approvalPages } from "./approval-pages"
import { auditPages } from "./audit-pages"

export const policiesRoutes = new Hono<AppEnv>()
  .route("/", cadencePages)
  .route("/", segmentPages)
  .route("/", approvalPages)
  .route("/", auditPages)
