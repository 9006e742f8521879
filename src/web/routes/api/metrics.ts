// GET /api/v1/metrics/overview: the CFO headline figures (API.md "Governance").
import { Hono } from "hono"
import { agingBuckets } from "../../../domain/aging"
import { overviewMetrics } from "../../../services/metrics"
import { overviewSchema } from "../../api-schemas"
import type { AppEnv } from "../../env"
import { describeRoute } from "../../openapi"

describeRoute({
  method: "get",
  path: "/api/v1/metrics/overview",
  summary: "Open A/R, DSO, cash collected in the last 30 days, promise adherence and aging",
  tags: ["Metrics"],
  responses: { 200: { description: "Headline figures in the base currency, other currencies listed", schema: overviewSchema } },
})

export const metricsApiRoutes = new Hono<AppEnv>().get("/api/v1/metrics/overview", async (c) => {
  const o = await overviewMetrics(c.var.db, c.var.member.orgId, new Date())
  return c.json({
    open_ar_minor: o.openArMinor,
    currency: o.baseCurrency,
    dso_days: o.dsoDays,
    cash_collected_30d_minor: o.cashCollected30dMinor,
    promise_adherence: o.promiseAdherence,
    aging: Object.fromEntries(agingBuckets.map((b) => [b, o.aging[b].invoices])),
    aging_minor: Object.fromEntries(agingBuckets.map((b) => [b, o.aging[b].baseMinor])),
    currencies: o.currencies.map((x) => ({
      currency: x.currency,
      open_ar_minor: x.openArMinor,
      cash_collected_30d_minor: x.cashCollected30dMinor,
      open_invoices: x.openInvoices,
    })),
  })
})
