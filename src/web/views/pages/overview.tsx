// CFO overview: open A/R, DSO, cash collected, promise adherence, trends, aging and the largest overdue exposures.
import type { Child } from "hono/jsx"
import { agingBuckets, bucketLabels, daysPastDue } from "../../../domain/aging"
import { formatShare } from "../../../domain/promise-adherence"
import type { OverdueCustomer, Overview, Trends } from "../../../services/metrics"
import type { Member } from "../../env"
import { Badge, PageHeader } from "../components/ui"
import { Layout } from "../layout"
import { GetStarted } from "../components/onboarding-checklist"
import { agingChart, cashChart, dsoChart } from "./overview-charts"
import { fmtDate, money } from "./receivables-parts"

type Props = { member: Member; overview: Overview; trends: Trends; overdue: OverdueCustomer[]; dataReady?: Child }

function Others({ items }: { items: { currency: string; minor: number }[] }) {
  const shown = items.filter((i) => i.minor !== 0)
  if (shown.length === 0) return null
  return (
    <ul class="currency-list" aria-label="Other currencies">
      {shown.map((i) => (
        <li class="num">+ {money(i.minor, i.currency)}</li>
      ))}
    </ul>
  )
}

export function OverviewPage({ member, overview: o, trends, overdue, dataReady }: Props) {
  const base = o.baseCurrency
  const others = o.currencies.filter((c) => c.currency !== base)
  const firstDso = trends.dso.find((d) => d.dsoDays !== null)
  const dsoDelta = o.dsoDays !== null && firstDso?.dsoDays != null ? o.dsoDays - firstDso.dsoDays : null
  const baseCash12m = trends.months.reduce((s, m) => s + m.cashMinor, 0)
  const groups = [base, ...others.map((c) => c.currency)]
    .map((currency) => ({ currency, rows: overdue.filter((r) => r.currency === currency) }))
    .filter((g) => g.rows.length > 0)
  return (
    <Layout title="Overview" member={member} active="/admin/overview">
      <script src="/vendor/chart.umd.min.js" defer></script>
      <PageHeader
        title="CFO overview"
        subtitle={`${member.orgName} · as of ${fmtDate(o.today)}. Headline figures are in ${base}, the base currency; other currencies are listed beside them, never converted or added.`}
        actions={
          <a class="btn" href="/work/receivables">
            Open receivables
          </a>
        }
      />
      <GetStarted member={member} />
      <div class="grid grid-4 kpis kpi-tiles">
        <div class="kpi">
          <div class="kpi-label" title="Unpaid balance of every open invoice, disputed ones included">
            Open A/R
          </div>
          <div class="kpi-value">{money(o.openArMinor, base)}</div>
          <div class="kpi-note">
            {o.currencies.find((c) => c.currency === base)?.openInvoices ?? 0} open invoices in {base}
          </div>
          <Others items={others.map((c) => ({ currency: c.currency, minor: c.openArMinor }))} />
        </div>
        <div class="kpi">
          <div class="kpi-label" title="Open A/R divided by the last 90 days of credit sales, times 90 (base currency)">
            DSO
          </div>
          <div class="kpi-value">{o.dsoDays === null ? "—" : `${o.dsoDays} days`}</div>
          <div class="kpi-note">
            {o.dsoDays === null
              ? "No sales in the last 90 days yet"
              : dsoDelta === null
                ? "Trend appears after the first daily snapshot"
                : dsoDelta === 0
                  ? `Unchanged since ${fmtDate(firstDso!.day)}`
                  : `${dsoDelta < 0 ? "Down" : "Up"} ${Math.abs(dsoDelta)} days since ${fmtDate(firstDso!.day)}`}
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label" title="Payments received in the last 30 days, net of refunds">
            Cash collected · 30 days
          </div>
          <div class="kpi-value">{money(o.cashCollected30dMinor, base)}</div>
          <div class="kpi-note">{money(baseCash12m, base)} over 12 months</div>
          <Others items={others.map((c) => ({ currency: c.currency, minor: c.cashCollected30dMinor }))} />
        </div>
        <div class="kpi">
          <div class="kpi-label" title="Kept promises out of those that came due in the last 90 days">
            Promise adherence
          </div>
          <div class="kpi-value">{formatShare(o.promiseAdherence)}</div>
          <div class="kpi-note">
            {o.promisesKept} kept · {o.promisesBroken} broken · {o.promisesOpen} still open
          </div>
        </div>
      </div>

      <section id="data-ready" aria-label="Data-Ready">
        {dataReady}
      </section>

      <div class="grid grid-2 overview-section">
        <section class="card">
          <h2>Cash collected per month</h2>
          <div class="chart-box">
            <canvas
              data-chart={JSON.stringify(cashChart(trends, base))}
              role="img"
              aria-label={`Cash collected per month in ${base}, last 12 months`}
            ></canvas>
          </div>
          <p class="legend-note">{base} payments received, net of refunds, by calendar month; the last bar is the month to date.</p>
        </section>
        <section class="card">
          <h2>DSO trend</h2>
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
          <p class="legend-note">Weekly, from the nightly snapshot; 90-day sales window, {base} only.</p>
        </section>
      </div>

      <div class="grid grid-2">
        <section class="card">
          <h2>Aging</h2>
          <div class="chart-box">
            <canvas data-chart={JSON.stringify(agingChart(o))} role="img" aria-label={`Open balance by aging bucket in ${base}`}></canvas>
          </div>
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
        <section class="card">
          <h2>Top overdue customers</h2>
          {groups.length === 0 ? (
            <p class="muted">Nothing is overdue. Every open invoice is within its terms.</p>
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
