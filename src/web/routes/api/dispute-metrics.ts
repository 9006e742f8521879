// GET /api/v1/disputes/metrics (API.md "Disputes and the CFO console"): SLA snapshot, by reason, credits, shares.
import { Hono } from "hono"
import { z } from "zod"
import { disputeReasons } from "../../../db/schema/outreach"
import { METRICS_WINDOW_DAYS } from "../../../domain/dispute-metrics"
import { disputeMetricsFor } from "../../../services/dispute-metrics"
import type { AppEnv } from "../../env"
import { describeRoute } from "../../openapi"

const share = z.number().min(0).max(1).nullable()
export const disputeMetricsSchema = z.object({
  sla: z.object({
    active: z.number().int().describe("unresolved disputes"),
    at_risk: z.number().int().describe("running SLA due within 24 hours"),
    breached: z.number().int().describe("running SLA past its due time"),
    due_today: z.number().int().describe("running SLA due before the end of today (organisation's zone), not yet breached"),
    paused: z.number().int().describe("SLA paused while waiting on the payer"),
    median_first_response_hours: z.number().nullable(),
  }),
  by_reason: z.array(
    z.object({
      reason: z.enum(disputeReasons),
      open: z.number().int(),
      median_days_to_resolve: z.number().nullable().describe(`filed to closed, disputes closed in the last ${METRICS_WINDOW_DAYS} days`),
    }),
  ),
  credits_issued_minor: z.number().int().describe("credits on disputes resolved this calendar month, base currency"),
  credits_issued_last_month_minor: z.number().int(),
  currency: z.string(),
  reopen_rate: share,
  resolved_within_sla: share.describe(`share of disputes closed in the last ${METRICS_WINDOW_DAYS} days closed by their due time`),
})

describeRoute({
  method: "get",
  path: "/api/v1/disputes/metrics",
  summary: "Dispute SLA snapshot, open and days to resolve by reason, credits issued, share resolved within SLA",
  tags: ["Payers"],
  responses: { 200: { description: "Dispute metrics at this moment", schema: disputeMetricsSchema } },
})

export const disputeMetricsApiRoutes = new Hono<AppEnv>().get("/api/v1/disputes/metrics", async (c) =>
  c.json(disputeMetricsSchema.parse(await disputeMetricsFor(c.var.db, c.var.member.orgId, new Date()))),
)
