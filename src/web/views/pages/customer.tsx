// A customer: facts, contacts, open balance by currency, invoices, payments, promises, disputes and notes.
import { paymentMethodLabel } from "../../../domain/payment-methods"
import { daysPastDue } from "../../../domain/aging"
import type { customerDetail } from "../../../db/receivables-detail"
import type { Member } from "../../env"
import { can } from "../../../domain/roles"
import { Badge, CsrfField, PageHeader } from "../components/ui"
import { RecordCard } from "../components/record-table"
import { Layout } from "../layout"
import {
  BucketBadge,
  bucketOf,
  disputeTone,
  DueIn,
  fmtDate,
  fmtDateTime,
  InvoiceStatus,
  money,
  MoneyList,
  promiseTone,
  words,
} from "./receivables-parts"

type Detail = NonNullable<Awaited<ReturnType<typeof customerDetail>>>

export function scoreTone(score: number | null) {
  if (score === null) return "neutral" as const
  return score >= 80 ? ("good" as const) : score >= 60 ? ("info" as const) : score >= 40 ? ("warn" as const) : ("bad" as const)
}

export function CustomerPage({ member, today, detail }: { member: Member; today: string; detail: Detail }) {
  const { customer: cu, contacts, balances, invoices, payments, promises, disputes, notes, numbers } = detail
  const open = invoices.filter((i) => i.status === "open")
  const overdue = open.filter((i) => daysPastDue(i.dueDate, today) > 0)
  const oldest = overdue.reduce((m, i) => Math.max(m, daysPastDue(i.dueDate, today)), 0)
  const overdueByCurrency = new Map<string, number>()
  for (const i of overdue) overdueByCurrency.set(i.currency, (overdueByCurrency.get(i.currency) ?? 0) + i.balanceMinor)
  const invoiceLink = (id: string) => (
    <a href={`/work/invoices/${encodeURIComponent(id)}`} class="mono">
      {numbers.get(id) ?? id}
    </a>
  )
  return (
    <Layout title={cu.name} member={member} active="/work/receivables">
      <p class="breadcrumb small">
        <a href="/work/receivables">Receivables</a> / Customer
      </p>
      <PageHeader
        title={cu.name}
        subtitle={[cu.externalId, cu.industry, cu.region].filter(Boolean).join(" · ")}
        actions={
          <>
            <a class="btn" href={`/work/receivables?status=all&customer_id=${encodeURIComponent(cu.id)}`}>
              All invoices in Receivables
            </a>
            {can(member.role, "outreach") && (
              <form method="post" action={`/work/customers/${encodeURIComponent(cu.id)}/portal-link`} class="inline">
                <CsrfField token={member.csrfToken} />
                <button class="btn btn-primary" type="submit">
                  Create payer link
                </button>
              </form>
            )}
          </>
        }
      />
      <div class="grid grid-4 kpis">
        <div class="kpi">
          <div class="kpi-label">Open balance</div>
          <div class="kpi-value">
            <MoneyList items={balances} empty="Nothing open" />
          </div>
          <div class="kpi-note">
            {open.length} open {open.length === 1 ? "invoice" : "invoices"}
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Overdue</div>
          <div class="kpi-value">
            <MoneyList items={[...overdueByCurrency].map(([currency, balanceMinor]) => ({ currency, balanceMinor }))} empty="None" />
          </div>
          <div class="kpi-note">{overdue.length > 0 ? `oldest ${oldest} days past due` : "Everything is within terms"}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Payment score</div>
          <div class="kpi-value">{cu.score === null ? "—" : `${cu.score} / 100`}</div>
          <div class="kpi-note">
            <Badge tone={scoreTone(cu.score)}>
              {cu.score === null
                ? "Not scored"
                : cu.score >= 80
                  ? "Pays on time"
                  : cu.score >= 60
                    ? "Usually on time"
                    : cu.score >= 40
                      ? "Slow payer"
                      : "High risk"}
            </Badge>
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Promises · disputes</div>
          <div class="kpi-value">
            {promises.filter((p) => p.status === "open").length} ·{" "}
            {disputes.filter((d) => d.status !== "resolved" && d.status !== "rejected").length}
          </div>
          <div class="kpi-note">open now</div>
        </div>
      </div>

      <div class="grid grid-2">
        <section class="card">
          <h2>Facts</h2>
          <dl class="facts">
            <dt>External id</dt>
            <dd class="mono">{cu.externalId}</dd>
            <dt>Industry</dt>
            <dd>{cu.industry ?? "—"}</dd>
            <dt>Region · country</dt>
            <dd>{[cu.region, cu.country].filter(Boolean).join(" · ") || "—"}</dd>
            <dt>Billing currency</dt>
            <dd>{cu.currency ?? "—"}</dd>
            <dt>Time zone</dt>
            <dd>{cu.timeZone ?? "Organisation's"}</dd>
            <dt>Locale</dt>
            <dd>{cu.locale ?? "—"}</dd>
            <dt>Stripe customer</dt>
            <dd class="mono">{cu.stripeCustomerId ?? "Not linked"}</dd>
            <dt>Customer since</dt>
            <dd>{fmtDate(cu.createdAt)}</dd>
          </dl>
        </section>
        <RecordCard
          title="Contacts"
          rows={contacts}
          tableClass="table-plain"
          empty="No payer contact yet: reminders cannot go out. Add an email with the next customer import."
          columns={[
            {
              label: "Name",
              cell: (ct) => (
                <>
                  {ct.name ?? "—"} {ct.isPrimary && <Badge tone="info">Primary</Badge>}
                </>
              ),
            },
            { label: "Email", cell: (ct) => (ct.email ? <a href={`mailto:${ct.email}`}>{ct.email}</a> : <span class="muted">—</span>) },
            { label: "Phone", num: true, cell: (ct) => ct.phone ?? "—" },
          ]}
        />
      </div>

      <section class="card">
        <h2>Invoices</h2>
        {invoices.length === 0 ? (
          <p class="muted">No invoices for this customer yet.</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Due</th>
                  <th scope="col">Age</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Amount
                  </th>
                  <th scope="col" class="num">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody>
                {invoices.map((i) => {
                  const bucket = bucketOf(i, today)
                  return (
                    <tr>
                      <td>{invoiceLink(i.id)}</td>
                      <td class="date">{fmtDate(i.issueDate)}</td>
                      <td class="date">
                        {fmtDate(i.dueDate)}
                        <div class="small">
                          <DueIn invoice={i} today={today} />
                        </div>
                      </td>
                      <td>{bucket ? <BucketBadge bucket={bucket} /> : <span class="muted">—</span>}</td>
                      <td>
                        <InvoiceStatus invoice={i} today={today} />
                      </td>
                      <td class="num">{money(i.amountMinor, i.currency)}</td>
                      <td class={i.balanceMinor === 0 ? "num zero" : "num strong"}>{money(i.balanceMinor, i.currency)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div class="grid grid-2">
        <RecordCard
          title="Payments"
          rows={payments}
          empty="No payments received yet."
          columns={[
            { label: "Received", cellClass: "date", cell: (p) => fmtDate(p.receivedAt) },
            { label: "Invoice", cell: (p) => (p.invoiceId ? invoiceLink(p.invoiceId) : <Badge tone="warn">Unapplied</Badge>) },
            { label: "Method", cell: (p) => paymentMethodLabel(p.method) },
            { label: "Amount", num: true, cell: (p) => money(p.amountMinor, p.currency) },
          ]}
        />
        <RecordCard
          title="Promises to pay"
          rows={promises}
          empty="No promises logged for this customer."
          columns={[
            { label: "Promised for", cellClass: "date", cell: (p) => fmtDate(p.promisedDate) },
            { label: "Invoice", cell: (p) => invoiceLink(p.invoiceId) },
            { label: "Status", cell: (p) => <Badge tone={promiseTone[p.status]}>{words(p.status)}</Badge> },
            { label: "Amount", num: true, cell: (p) => money(p.amountMinor, p.currency) },
          ]}
        />
      </div>

      <RecordCard
        title="Disputes"
        rows={disputes}
        empty="No disputes raised by this customer."
        columns={[
          { label: "Opened", cellClass: "date", cell: (d) => fmtDate(d.createdAt) },
          { label: "Invoice", cell: (d) => invoiceLink(d.invoiceId) },
          { label: "Reason", cell: (d) => words(d.reason) },
          { label: "Status", cell: (d) => <Badge tone={disputeTone[d.status]}>{words(d.status)}</Badge> },
          {
            label: "SLA due",
            cellClass: "date",
            cell: (d) => (
              <>
                {d.resolvedAt ? <span class="muted">closed {fmtDate(d.resolvedAt)}</span> : fmtDateTime(d.slaDueAt)}
                {!d.resolvedAt && d.slaDueAt.slice(0, 10) < today && (
                  <div>
                    <Badge tone="bad">SLA missed</Badge>
                  </div>
                )}
              </>
            ),
          },
          { label: "Message", cellClass: "small", cell: (d) => d.message ?? "" },
        ]}
      />

      <section class="card">
        <h2>Notes</h2>
        {notes.length === 0 ? (
          <p class="muted">No notes yet. Sales, Customer Success, Legal and the A/R team record context here.</p>
        ) : (
          <ul class="notes">
            {notes.map((n) => (
              <li>
                <div class="note-meta small muted">
                  {n.author ?? "Someone"} · {fmtDateTime(n.createdAt)}
                </div>
                <div class="note-body">{n.body}</div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  )
}
