// Portal pages: open invoices, one invoice with its actions, the statement, and the Checkout return pages.
import type { PortalPageData } from "../../../db/portal"
import { formatMoney, sumByCurrency } from "../../../domain/money"
import { disputeReasonLabels, frequencyLabels } from "../../../domain/portal-rules"
import { randomToken } from "../../../services/crypto"
import { Badge, type Tone, DataTable } from "../components/ui"
import { DisputeForm, PlanForm, PromiseForm, type FormState } from "./forms"
import { PortalShell } from "./layout"

type Data = PortalPageData & { org: NonNullable<PortalPageData["org"]>; customer: NonNullable<PortalPageData["customer"]> }
type Invoice = Data["invoices"][number]

const disputeStatusLabels: Record<string, [string, Tone]> = {
  open: ["Received", "warn"],
  investigating: ["Being reviewed", "info"],
  pending_credit: ["Credit being approved", "info"],
  resolved: ["Resolved", "good"],
  rejected: ["Closed, invoice stands", "neutral"],
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** What the payer needs to know about an invoice's state, in one badge. */
export function invoiceState(inv: Invoice, data: Data, today: string): [string, Tone] {
  if (inv.disputed) return ["Disputed", "warn"]
  const promise = data.promises.find((p) => p.invoiceId === inv.id)
  if (promise) return [`Promised by ${promise.promisedDate}`, "info"]
  const plan = data.plans.find((p) => p.invoiceId === inv.id)
  if (plan) return [plan.status === "active" ? "On a payment plan" : "Plan under review", "info"]
  const late = daysBetween(inv.dueDate, today)
  if (late > 0) return [`Overdue ${late} day${late === 1 ? "" : "s"}`, "bad"]
  if (late === 0) return ["Due today", "warn"]
  return [`Due in ${-late} day${late === -1 ? "" : "s"}`, "neutral"]
}

function Totals({ data }: { data: Data }) {
  const totals = sumByCurrency(data.invoices.map((i) => ({ amountMinor: i.balanceMinor, currency: i.currency })))
  return (
    <div class="p-total">
      <span class="muted">Outstanding</span>
      {totals.length === 0 ? (
        <strong class="num">{formatMoney(0, "USD")}</strong>
      ) : (
        totals.map((t) => <strong class="num">{formatMoney(t.amountMinor, t.currency)}</strong>)
      )}
    </div>
  )
}

export function HomePage({ data, csrf, today, notice }: { data: Data; csrf: string; today: string; notice?: string }) {
  return (
    <PortalShell title="Your invoices" org={data.org} csrf={csrf}>
      <h1>Invoices for {data.customer.name}</h1>
      {notice && (
        <div class="flash flash-info" role="status">
          {notice}
        </div>
      )}
      <Totals data={data} />
      {data.invoices.length === 0 ? (
        <section class="card p-card">
          <h2>Nothing to pay</h2>
          <p>You have no open invoices with {data.org.name}. Thank you!</p>
        </section>
      ) : (
        <form method="post" action="/p/pay">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="_form" value={randomToken(16)} />
          <ul class="p-list">
            {data.invoices.map((inv) => {
              const [label, tone] = invoiceState(inv, data, today)
              return (
                <li class="p-item">
                  <label class="p-check">
                    <input
                      type="checkbox"
                      name="invoice_ids"
                      value={inv.id}
                      checked={!inv.disputed}
                      disabled={inv.disputed}
                      aria-label={`Pay invoice ${inv.number}`}
                    />
                  </label>
                  <div class="p-item-main">
                    <a href={`/p/invoices/${inv.id}`} class="p-item-title">
                      Invoice {inv.number}
                    </a>
                    <div class="muted small">Due {inv.dueDate}</div>
                    <Badge tone={tone}>{label}</Badge>
                  </div>
                  <div class="p-item-amount num">{formatMoney(inv.balanceMinor, inv.currency)}</div>
                </li>
              )
            })}
          </ul>
          <div class="p-actions">
            <button class="btn btn-primary p-wide" type="submit">
              Pay selected invoices
            </button>
            <a class="btn p-wide" href="/p/statement">
              Statement
            </a>
          </div>
        </form>
      )}
      <DisputeList data={data} />
    </PortalShell>
  )
}

function DisputeList({ data }: { data: Data }) {
  if (data.disputes.length === 0) return null
  return (
    <section class="card p-card">
      <h2>Your disputes</h2>
      <ul class="p-plain">
        {data.disputes.map((d) => {
          const [label, tone] = disputeStatusLabels[d.status] ?? [d.status, "neutral"]
          return (
            <li>
              {disputeReasonLabels[d.reason]} · filed {d.createdAt.slice(0, 10)} <Badge tone={tone}>{label}</Badge>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

export function InvoicePage(props: {
  data: Data
  inv: Invoice
  csrf: string
  today: string
  maxPromiseDate: string
  maxInstalments: number
  notice?: string
  forms?: { promise?: FormState; plan?: FormState; dispute?: FormState }
}) {
  const { data, inv, csrf, today } = props
  const [label, tone] = invoiceState(inv, data, today)
  const disputes = data.disputes.filter((d) => d.invoiceId === inv.id)
  const plan = data.plans.find((p) => p.invoiceId === inv.id)
  const openDispute = disputes.find((d) => !["resolved", "rejected"].includes(d.status))
  return (
    <PortalShell title={`Invoice ${inv.number}`} org={data.org} csrf={csrf}>
      <p>
        <a href="/p/home">← All invoices</a>
      </p>
      {props.notice && (
        <div class="flash flash-good" role="status">
          {props.notice}
        </div>
      )}
      <section class="card p-card">
        <h1>Invoice {inv.number}</h1>
        <Badge tone={tone}>{label}</Badge>
        <dl class="facts p-facts">
          <dt>Balance</dt>
          <dd class="num">
            <strong>{formatMoney(inv.balanceMinor, inv.currency)}</strong>
          </dd>
          <dt>Invoice total</dt>
          <dd class="num">{formatMoney(inv.amountMinor, inv.currency)}</dd>
          <dt>Issued</dt>
          <dd>{inv.issueDate}</dd>
          <dt>Due</dt>
          <dd>{inv.dueDate}</dd>
        </dl>
        {!inv.disputed && (
          <form method="post" action="/p/pay">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="_form" value={randomToken(16)} />
            <input type="hidden" name="invoice_ids" value={inv.id} />
            <button class="btn btn-primary p-wide" type="submit">
              Pay {formatMoney(inv.balanceMinor, inv.currency)} now
            </button>
          </form>
        )}
      </section>
      {disputes.length > 0 && (
        <section class="card p-card">
          <h2>Dispute</h2>
          {disputes.map((d) => {
            const [dl, dt] = disputeStatusLabels[d.status] ?? [d.status, "neutral"]
            const files = data.evidence.filter((e) => e.disputeId === d.id)
            return (
              <p>
                {disputeReasonLabels[d.reason]}, filed {d.createdAt.slice(0, 10)}: <Badge tone={dt}>{dl}</Badge>
                {files.length > 0 && <span class="muted small"> · {files.map((f) => f.filename).join(", ")}</span>}
                {!["resolved", "rejected"].includes(d.status) && <span class="muted small"> · we answer by {d.slaDueAt.slice(0, 10)}</span>}
              </p>
            )
          })}
        </section>
      )}
      {plan && (
        <section class="card p-card">
          <h2>{plan.status === "active" ? "Your payment plan" : "Your plan proposal (under review)"}</h2>
          <p class="muted">
            {plan.count} instalments, {frequencyLabels[plan.frequency].toLowerCase()}
          </p>
          <ol class="p-plain">
            {data.instalments
              .filter((i) => i.planId === plan.id)
              .map((i) => (
                <li>
                  <span class="num">{i.dueDate}</span> · <span class="num">{formatMoney(i.amountMinor, inv.currency)}</span>
                  {i.paidMinor >= i.amountMinor ? " · paid" : ""}
                </li>
              ))}
          </ol>
        </section>
      )}
      {!openDispute && <PromiseForm inv={inv} csrf={csrf} today={today} maxDate={props.maxPromiseDate} state={props.forms?.promise} />}
      {!openDispute && !plan && <PlanForm inv={inv} csrf={csrf} maxInstalments={props.maxInstalments} state={props.forms?.plan} />}
      {!openDispute && <DisputeForm inv={inv} csrf={csrf} state={props.forms?.dispute} />}
    </PortalShell>
  )
}

export function StatementPage({ data, csrf, today }: { data: Data; csrf: string; today: string }) {
  return (
    <PortalShell title="Statement" org={data.org} csrf={csrf}>
      <p>
        <a href="/p/home">← All invoices</a>
      </p>
      <h1>Statement for {data.customer.name}</h1>
      <p class="muted">Open invoices as of {today}.</p>
      <Totals data={data} />
      <DataTable columns={["Invoice", "Issued", "Due", { label: "Total", align: "num" }, { label: "Balance", align: "num" }]}>
        {data.invoices.map((i) => (
          <tr>
            <td>{i.number}</td>
            <td>{i.issueDate}</td>
            <td>{i.dueDate}</td>
            <td class="num">{formatMoney(i.amountMinor, i.currency)}</td>
            <td class="num">{formatMoney(i.balanceMinor, i.currency)}</td>
          </tr>
        ))}
      </DataTable>
      <p class="p-actions">
        <a class="btn btn-primary" href="/p/statement.pdf" download>
          Download PDF
        </a>{" "}
        <a class="btn" href="/p/statement.csv" download>
          Download CSV
        </a>
      </p>
    </PortalShell>
  )
}

export function PaymentReturnPage({ data, outcome }: { data: Data; outcome: "success" | "cancel" }) {
  return (
    <PortalShell title={outcome === "success" ? "Payment processing" : "Payment cancelled"} org={data.org}>
      <section class="card p-card" role="status">
        {outcome === "success" ? (
          <>
            <h1>Thank you, your payment is processing</h1>
            <p>Stripe is confirming it with your bank. Your invoices show as paid here once it is confirmed, usually within a minute.</p>
          </>
        ) : (
          <>
            <h1>Payment cancelled</h1>
            <p>Nothing was charged. You can pay any time from your invoice list.</p>
          </>
        )}
        <p>
          <a class="btn" href="/p/home">
            Back to your invoices
          </a>
        </p>
      </section>
    </PortalShell>
  )
}
