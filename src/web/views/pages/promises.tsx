// Promise adherence for finance: kept / broken / open by week of the promised date, and the latest promises.
import type { listPromises } from "../../../db/collections"
import type { Member } from "../../env"
import { Badge, EmptyState, PageHeader, type Tone, DataTable } from "../components/ui"
import { Layout } from "../layout"
import { StackedBars } from "../components/svg-chart"
import { fmtDate, money } from "./receivables-parts"

export type AdherenceWeek = { week: string; kept: number; broken: number; open: number }
const tone: Record<string, Tone> = { open: "info", kept: "good", broken: "bad", cancelled: "neutral" }

/** Kept share of decided promises; null while none is decided. */
export function adherence(w: { kept: number; broken: number }): number | null {
  return w.kept + w.broken === 0 ? null : w.kept / (w.kept + w.broken)
}

export function PromisesPage({
  member,
  weeks,
  recent,
}: {
  member: Member
  weeks: AdherenceWeek[]
  recent: Awaited<ReturnType<typeof listPromises>>["data"]
}) {
  const total = weeks.reduce((s, w) => ({ kept: s.kept + w.kept, broken: s.broken + w.broken, open: s.open + w.open }), {
    kept: 0,
    broken: 0,
    open: 0,
  })
  const overall = adherence(total)
  return (
    <Layout title="Promise adherence" member={member} active="/work/promises">
      <PageHeader
        title="Promise adherence"
        subtitle="Promises to pay by the week they fall due (last 12 weeks and the weeks ahead). Kept means the payments since the promise covered it."
      />
      <div class="grid grid-3">
        <div class="card kpi">
          <div class="kpi-label">Adherence</div>
          <div class="kpi-value num">{overall === null ? "—" : `${Math.round(overall * 100)}%`}</div>
        </div>
        <div class="card kpi">
          <div class="kpi-label">Kept · broken</div>
          <div class="kpi-value num">
            {total.kept} · {total.broken}
          </div>
        </div>
        <div class="card kpi">
          <div class="kpi-label">Open</div>
          <div class="kpi-value num">{total.open}</div>
        </div>
      </div>
      {weeks.length === 0 ? (
        <EmptyState title="No promises yet">
          Payers make promises from their payment link; Operators can log them from a reply. They show here by the week they fall due.
        </EmptyState>
      ) : (
        <div class="grid grid-2">
          <section class="card">
            <h2>By week</h2>
            <StackedBars
              labels={weeks.map((w) => w.week)}
              tickLabel={(w) => fmtDate(w).replace(/, \d{4}$/, "")}
              series={[
                { label: "Kept", tone: "good", values: weeks.map((w) => w.kept) },
                { label: "Broken", tone: "bad", values: weeks.map((w) => w.broken) },
                { label: "Open", tone: "open", values: weeks.map((w) => w.open) },
              ]}
              ariaLabel="Promises kept, broken and open by week"
            />
          </section>
          <section class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Week of</th>
                  <th class="num">Kept</th>
                  <th class="num">Broken</th>
                  <th class="num">Open</th>
                  <th class="num">Adherence</th>
                </tr>
              </thead>
              <tbody>
                {weeks.map((w) => {
                  const a = adherence(w)
                  return (
                    <tr>
                      <td class="date">{fmtDate(w.week)}</td>
                      <td class="num">{w.kept}</td>
                      <td class="num">{w.broken}</td>
                      <td class="num">{w.open}</td>
                      <td class="num">{a === null ? "—" : `${Math.round(a * 100)}%`}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </section>
        </div>
      )}
      {recent.length > 0 && (
        <section class="card">
          <h2>Latest promises</h2>
          <DataTable columns={["Customer", "Invoice", "Promised for", { label: "Amount", align: "num" }, "Status", "From"]}>
            {recent.map((p) => (
              <tr>
                <td>
                  <a href={`/work/customers/${p.customerId}`}>{p.customerName}</a>
                </td>
                <td>
                  <a href={`/work/invoices/${p.invoiceId}`}>{p.invoiceNumber}</a>
                </td>
                <td class="date">{fmtDate(p.promisedDate)}</td>
                <td class="num">{money(p.amountMinor, p.currency)}</td>
                <td>
                  <Badge tone={tone[p.status]}>{p.status[0].toUpperCase() + p.status.slice(1)}</Badge>
                </td>
                <td>
                  {p.source === "portal"
                    ? "Payer portal"
                    : p.source === "operator"
                      ? "Operator"
                      : p.source === "email"
                        ? "Email reply"
                        : "Imported"}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
    </Layout>
  )
}

export function PayerLinkPage({
  member,
  customer,
  link,
}: {
  member: Member
  customer: { id: string; name: string }
  link: { url: string; expiresAt: string }
}) {
  return (
    <Layout title="Payer link" member={member} active="/work/receivables">
      <p>
        <a href={`/work/customers/${customer.id}`}>← {customer.name}</a>
      </p>
      <PageHeader
        title={`Payer link for ${customer.name}`}
        subtitle={`Valid until ${fmtDate(link.expiresAt.slice(0, 10))}. Anyone with this link can see ${customer.name}'s open invoices, pay, promise or dispute. Send it only to them.`}
      />
      <section class="card">
        <label for="payer-link">Link</label>
        <input id="payer-link" type="text" readonly value={link.url} />
        <div class="row p-gap">
          <button type="button" class="btn btn-primary" data-copy={link.url}>
            Copy link
          </button>
        </div>
        <p class="hint">Revoke it any time with DELETE /api/v1/portal-links/:id; it then answers 410.</p>
      </section>
    </Layout>
  )
}
