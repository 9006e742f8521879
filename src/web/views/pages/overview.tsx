// CFO console: KPI tiles with definitions, the cash forecast, cash and DSO trends, aging and the largest overdue exposures.
import type { Child } from "hono/jsx"
import { agingBuckets, bucketLabels, daysPastDue } from "../../../domain/aging"
import type { PromiseWeek } from "../../../db/console-charts"
import { can } from "../../../domain/roles"
import type { AdherencePoint } from "../../../domain/promise-adherence"
import type { CashForecast } from "../../../services/cash-forecast"
import type { CashWindows, OverdueCustomer, Overview, Trends } from "../../../services/metrics"
import type { Member } from "../../env"
import { Badge, PageHeader } from "../components/ui"
import { Layout } from "../layout"
import { GetStarted } from "../components/onboarding-checklist"
import { agingChart, cashChart, dsoChart } from "./overview-charts"
import { type Exposure, ExposureCard, PromiseCard } from "./overview-exposure"
import { CsvLink, ForecastCard } from "./overview-forecast"
import { KpiTiles } from "./overview-kpis"
import { fmtDate, money } from "./receivables-parts"

type Props = {
  member: Member
  overview: Overview
  trends: Trends
  overdue: OverdueCustomer[]
  cash: CashWindows
  forecast: CashForecast
  adherence: AdherencePoint[]
  exposure: Exposure
  promiseWeeks: (PromiseWeek & { weekStart: string })[]
  dataReady?: Child
}

export function OverviewPage({
  member,
  overview: o,
  trends,
  overdue,
  cash,
  forecast,
  adherence,
  exposure,
  promiseWeeks,
  dataReady,
}: Props) {
  const base = o.baseCurrency
  const others = o.currencies.filter((c) => c.currency !== base)
  const exports = can(member.role, "exports")
  const csv = (file: string, label = "CSV") =>
    exports ? <CsvLink href={`/admin/overview/${file}`} label={label} small={label === "CSV"} /> : null
  const groups = [base, ...others.map((c) => c.currency)]
    .map((currency) => ({ currency, rows: overdue.filter((r) => r.currency === currency) }))
    .filter((g) => g.rows.length > 0)
  const openInvoices = agingBuckets.reduce((n, b) => n + o.aging[b].invoices, 0)
  const anyCash = trends.months.some((m) => m.cashMinor !== 0)
  return (
    <Layout title="Overview" member={member} active="/admin/overview">
      <script src="/vendor/chart.umd.min.js" defer></script>
      <link rel="stylesheet" href="/cfo.css" />
      <PageHeader
        title="CFO overview"
        subtitle={`${member.orgName} · as of ${fmtDate(o.today)}. Headline figures are in ${base}, the base currency; other currencies are listed beside them, never converted or added.`}
        actions={
          <>
            {csv("kpis.csv", "KPIs as CSV")}
            <button type="button" class="btn" data-print>
              Print
            </button>
            <a class="btn" href="/work/receivables">
              Open receivables
            </a>
          </>
        }
      />
      {/* Before the organisation is live its next step comes first, above tiles that are still empty. */}
      <GetStarted member={member} />
      <KpiTiles overview={o} trends={trends} cash={cash} forecast={forecast} adherence={adherence} />

      <section id="data-ready" aria-label="Data-Ready">
        {dataReady}
      </section>

      <ForecastCard forecast={forecast} exports={exports} />
      <ExposureCard exposure={exposure} currency={base} exports={exports} />

      <div class="grid grid-2 overview-section">
        <section class="card">
          <div class="card-head">
            <h2>Cash collected per month</h2>
            {csv("cash-by-month.csv")}
          </div>
          {anyCash ? (
            <div class="chart-box">
              <canvas
                data-chart={JSON.stringify(cashChart(trends, base))}
                role="img"
                aria-label={`Cash collected per month in ${base}, last 12 months`}
              ></canvas>
            </div>
          ) : (
            <p class="muted">
              No payments recorded in the last 12 months. They arrive from Stripe, QuickBooks or NetSuite, or a payments import.
            </p>
          )}
          <p class="legend-note">{base} payments received, net of refunds, by calendar month; the last bar is the month to date.</p>
        </section>
        <section class="card">
          <div class="card-head">
            <h2>DSO trend</h2>
            {csv("dso-trend.csv")}
          </div>
          {trends.dso.length < 2 ? (
            <p class="muted">The trend fills in as Plixo records a daily snapshot each night (00:15 UTC).</p>
          ) : (
            <div class="chart-box">
              <canvas
                data-chart={JSON.stringify(dsoChart(trends))}
                role="img"
                aria-label="Days sales outstanding, weekly, last 12 months"
              ></canvas>
            </div>
          )}
          <p class="legend-note">Weekly, from the nightly snapshot; countback DSO, {base} only.</p>
        </section>
      </div>

      <div class="grid grid-2">
        <PromiseCard weeks={promiseWeeks} currency={base} exports={exports} />
        <section class="card">
          <div class="card-head">
            <h2>Aging</h2>
            {csv("aging.csv")}
          </div>
          {openInvoices === 0 ? (
            <p class="muted">No open invoices yet: the aging fills in once invoices are imported or a connector syncs them.</p>
          ) : (
            <div class="chart-box">
              <canvas data-chart={JSON.stringify(agingChart(o))} role="img" aria-label={`Open balance by aging bucket in ${base}`}></canvas>
            </div>
          )}
          <table class="table-plain aging-table">
            <thead>
              <tr>
                <th scope="col">Bucket</th>
                <th scope="col" class="num">
                  Invoices
                </th>
                <th scope="col" class="num">
                  {base}
                </th>
                <th scope="col" class="num">
                  Other currencies
                </th>
              </tr>
            </thead>
            <tbody>
              {agingBuckets.map((b) => (
                <tr>
                  <td class="nowrap">
                    <a href={`/work/receivables?bucket=${encodeURIComponent(b)}`}>
                      {b === "current" ? "Current" : `${bucketLabels[b]} days`}
                    </a>
                  </td>
                  <td class="num">{o.aging[b].invoices.toLocaleString("en-US")}</td>
                  <td class="num strong">{money(o.aging[b].baseMinor, base)}</td>
                  <td class="num small muted">
                    {o.aging[b].others.length === 0 ? "—" : o.aging[b].others.map((x) => <div>{money(x.balanceMinor, x.currency)}</div>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <div class="overview-section">
        <section class="card">
          <div class="card-head">
            <h2>Top overdue customers</h2>
            {csv("top-overdue.csv")}
          </div>
          {groups.length === 0 ? (
            <p class="muted">
              {openInvoices === 0
                ? "No open invoices yet, so nothing is overdue. Customers with overdue balances are ranked here."
                : "Nothing is overdue. Every open invoice is within its terms."}
            </p>
          ) : (
            <table class="table-plain">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col" class="num">
                    Invoices
                  </th>
                  <th scope="col">Oldest</th>
                  <th scope="col" class="num">
                    Overdue
                  </th>
                </tr>
              </thead>
              {groups.map((g) => (
                <tbody>
                  <tr class="group-row">
                    <th scope="rowgroup" colspan={4}>
                      {g.currency}
                      {g.currency === base ? " · base currency" : ""}
                    </th>
                  </tr>
                  {g.rows.map((r) => {
                    const days = daysPastDue(r.oldestDue, o.today)
                    return (
                      <tr>
                        <td>
                          <a href={`/work/customers/${encodeURIComponent(r.customerId)}`}>{r.name}</a>
                        </td>
                        <td class="num">{r.invoices}</td>
                        <td>
                          <Badge tone={days > 90 ? "bad" : days > 30 ? "warn" : "info"}>{days} days</Badge>
                        </td>
                        <td class="num strong">{money(r.overdueMinor, r.currency)}</td>
                      </tr>
                    )
                  })}
                </tbody>
              ))}
            </table>
          )}
          <p class="legend-note">Ranked within each currency; amounts in different currencies are not compared.</p>
        </section>
      </div>
    </Layout>
  )
}
