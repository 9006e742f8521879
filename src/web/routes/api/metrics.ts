// GET /api/v1/metrics/overview: the CFO headline figures (API.md "Governance"); GET /api/v1/metrics/forecast: the
// cash forecast with its backtest (API.md "Disputes and the CFO console").
import { Hono } from "hono"
import { z } from "zod"
import { agingBuckets } from "../../../domain/aging"
import { cashForecast, MAX_FORECAST_WEEKS } from "../../../services/cash-forecast"
import { overviewMetrics } from "../../../services/metrics"
import { overviewSchema, parseQuery } from "../../api-schemas"
import type { AppEnv } from "../../env"
import { describeRoute } from "../../openapi"

describeRoute({
  method: "get",
  path: "/api/v1/metrics/overview",
  summary: "Open A/R, DSO, cash collected in the last 30 days, promise adherence and aging",
  tags: ["Metrics"],
  responses: { 200: { description: "Headline figures in the base currency, other currencies listed", schema: overviewSchema } },
})

export const forecastQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(MAX_FORECAST_WEEKS).default(13).describe(`weeks to forecast, 1-${MAX_FORECAST_WEEKS}`),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .describe("ISO 4217 code; the base currency when absent"),
})

const share = z.number().nullable()
export const forecastSchema = z.object({
  currency: z.string(),
  as_of: z.string(),
  weeks: z.array(
    z.object({
      week_start: z.string().describe("first day of the 7-day week (week 1 starts today)"),
      expected_minor: z.number().int(),
      low_minor: z.number().int().describe("80% band, low"),
      high_minor: z.number().int().describe("80% band, high"),
    }),
  ),
  open_invoices: z.number().int(),
  open_minor: z.number().int(),
  promise_keep_rate: z.number(),
  backtest: z.object({
    mape: share.describe("mean absolute percentage error per week, 0-1, over the weeks that had cash"),
    wape: share.describe("sum of absolute errors over the sum of actual cash, 0-1"),
    naive_mape: share.describe("the same for the naive baseline (due date + average delay)"),
    cutoff: z.string(),
    invoices: z.number().int(),
    weeks: z.array(z.object({ week_start: z.string(), actual_minor: z.number().int(), expected_minor: z.number().int() })),
  }),
})

describeRoute({
  method: "get",
  path: "/api/v1/metrics/forecast",
  summary: "Expected cash in per week from the open invoices, with a low/high band and the forecast's backtest",
  tags: ["Metrics"],
  query: forecastQuery,
  responses: {
    200: { description: "The forecast in one currency", schema: forecastSchema },
    400: { description: "weeks is not a whole number from 1 to 26, or currency is not a code" },
  },
})

const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000)

export const metricsApiRoutes = new Hono<AppEnv>()
  .get("/api/v1/metrics/forecast", async (c) => {
    const q = parseQuery(c, forecastQuery)
    const f = await cashForecast(c.var.db, c.var.member.orgId, new Date(), q.weeks, q.currency ?? null)
    return c.json({
      currency: f.currency,
      as_of: f.asOf,
      weeks: f.weeks.map((w) => ({
        week_start: w.weekStart,
        expected_minor: w.expectedMinor,
        low_minor: w.lowMinor,
        high_minor: w.highMinor,
      })),
      open_invoices: f.openInvoices,
      open_minor: f.openMinor,
      promise_keep_rate: round4(f.keepRate)!,
      backtest: {
        mape: round4(f.backtest.mape),
        wape: round4(f.backtest.wape),
        naive_mape: round4(f.backtest.naiveMape),
        cutoff: f.backtest.cutoff,
        invoices: f.backtest.invoices,
        weeks: f.backtest.weeks.map((w) => ({ week_start: w.weekStart, actual_minor: w.actualMinor, expected_minor: w.expectedMinor })),
      },
    } satisfies z.input<typeof forecastSchema>)
  })
  .get("/api/v1/metrics/overview", async (c) => {
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
