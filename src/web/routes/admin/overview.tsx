// GET /admin/overview: the CFO console.
import { Hono } from "hono"
import { isoDay } from "../../../domain/dates"
import { computeDataReady, greenStreakDays } from "../../../services/data-ready"
import { overviewMetrics, topOverdueCustomers, trends } from "../../../services/metrics"
import type { AppEnv } from "../../env"
import { DataReadyWidget } from "../../views/components/data-ready"
import { OverviewPage } from "../../views/pages/overview"

export const overviewRoutes = new Hono<AppEnv>().get("/admin/overview", async (c) => {
  const { db, member } = c.var
  const now = new Date()
  const overview = await overviewMetrics(db, member.orgId, now)
  const others = overview.currencies.filter((x) => x.currency !== overview.baseCurrency).map((x) => x.currency)
  const [trend, overdue, dataReady, streak] = await Promise.all([
    trends(db, member.orgId, overview.baseCurrency, now),
    // Eight in the base currency, three in each other currency.
    Promise.all([
      topOverdueCustomers(db, member.orgId, isoDay(now), 8, [overview.baseCurrency]),
      topOverdueCustomers(db, member.orgId, isoDay(now), 3, others),
    ]).then((r) => r.flat()),
    computeDataReady(db, member.orgId, now),
    greenStreakDays(db, member.orgId, now),
  ])
  return c.html(
    <OverviewPage
      member={member}
      overview={overview}
      trends={trend}
      overdue={overdue}
      dataReady={<DataReadyWidget result={dataReady} streakDays={streak} compact />}
    />,
  )
})
