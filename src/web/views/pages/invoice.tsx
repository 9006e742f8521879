// An invoice: facts, payments applied to it, outreach history, promises and disputes.
import type { invoiceDetail } from "../../../db/receivables-detail"
import { can } from "../../../domain/roles"
import type { Member } from "../../env"
import { Badge, PageHeader } from "../components/ui"
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
  outreachTone,
  promiseTone,
  words,
} from "./receivables-parts"

type Detail = NonNullable<Awaited<ReturnType<typeof invoiceDetail>>>

export function InvoicePage({ member, today, detail }: { member: Member; today: string; detail: Detail }) {
  const { invoice: inv, customer, contacts, payments, outreach, promises, disputes } = detail
  const bucket = bucketOf(inv, today)
  const paid = payments.reduce((s, p) => s + p.appliedMinor, 0)
  const primary = contacts.find((c) => c.isPrimary) ?? contacts[0]
  const customerName = customer?.name ?? inv.customerId
  return (
    <Layout title={`Invoice ${inv.invoiceNumber}`} member={member} active="/work/receivables">
      <p class="breadcrumb small">
        <a href="/work/receivables">Receivables</a> / <a href={`/work/customers/${encodeURIComponent(inv.customerId)}`}>{customerName}</a> /
        Invoice
      </p>
      <PageHeader
        title={`Invoice ${inv.invoiceNumber}`}
        subtitle={
          <>
            <a href={`/work/customers/${encodeURIComponent(inv.customerId)}`}>{customerName}</a> ·{" "}
            <InvoiceStatus invoice={inv} today={today} /> {bucket && <BucketBadge bucket={bucket} />}
          </>
        }
        actions={
          inv.status === "open" && can(member.role, "propose") ? (
            <a class="btn" href={`/work/approvals/new?invoice_id=${encodeURIComponent(inv.id)}`}>
              Request a discount or credit
            </a>
          ) : undefined
        }
      />
      <div class="grid grid-4 kpis">
        <div class="kpi">
          <div class="kpi-label">Balance due</div>
          <div class="kpi-value">{money(inv.balanceMinor, inv.currency)}</div>
          <div class="kpi-note">of {money(inv.amountMinor, inv.currency)} invoiced</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Due date</div>
          <div class="kpi-value kpi-value-sm">{fmtDate(inv.dueDate)}</div>
          <div class="kpi-note">{inv.status === "open" ? <DueIn invoice={inv} today={today} /> : words(inv.status)}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Received</div>
          <div class="kpi-value">{money(paid, inv.currency)}</div>
          <div class="kpi-note">
            {payments.length} {payments.length === 1 ? "payment" : "payments"}
            {inv.paidAt ? ` · settled ${fmtDate(inv.paidAt)}` : ""}
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Reminders sent</div>
          <div class="kpi-value">{outreach.filter((o) => o.status === "sent").length}</div>
          <div class="kpi-note">{inv.lastResponseAt ? `last reply ${fmtDate(inv.lastResponseAt)}` : "no reply recorded"}</div>
        </div>
      </div>

      <div class="grid grid-2">
        <section class="card">
          <h2>Facts</h2>
          <dl class="facts">
            <dt>Invoice number</dt>
            <dd class="mono">{inv.invoiceNumber}</dd>
            <dt>Customer</dt>
            <dd>
              <a href={`/work/customers/${encodeURIComponent(inv.customerId)}`}>{customerName}</a>
            </dd>
            <dt>Issued</dt>
            <dd>{fmtDate(inv.issueDate)}</dd>
            <dt>Due</dt>
            <dd>{fmtDate(inv.dueDate)}</dd>
            <dt>Currency</dt>
            <dd>{inv.currency}</dd>
            <dt>Source</dt>
            <dd>{inv.source === "seed" ? "Demo data" : words(inv.source)}</dd>
            <dt>Stripe invoice</dt>
            <dd class="mono">{inv.stripeInvoiceId ?? "—"}</dd>
            <dt>Last updated</dt>
            <dd>{fmtDateTime(inv.updatedAt)}</dd>
          </dl>
        </section>
        <section class="card">
          <h2>Payer contact</h2>
          {primary ? (
            <dl class="facts">
              <dt>Name</dt>
              <dd>{primary.name ?? "—"}</dd>
              <dt>Email</dt>
              <dd>{primary.email ? <a href={`mailto:${primary.email}`}>{primary.email}</a> : "—"}</dd>
              <dt>Phone</dt>
              <dd>{primary.phone ?? "—"}</dd>
              <dt>Time zone</dt>
              <dd>{primary.timeZone ?? customer?.timeZone ?? "Organisation's"}</dd>
            </dl>
          ) : (
            <p class="muted">This customer has no contact: Plixo cannot send reminders for this invoice until one is imported.</p>
          )}
        </section>
      </div>

      <RecordCard
        title="Payments"
        rows={payments}
        empty="No payment received for this invoice yet."
        columns={[
          { label: "Received", cellClass: "date", cell: (p) => fmtDateTime(p.receivedAt) },
          { label: "Method", cell: (p) => words(p.method) },
          { label: "Reference", cellClass: "small", cell: (p) => p.reference ?? "—" },
          { label: "Status", cell: (p) => <Badge tone={p.status === "succeeded" ? "good" : "warn"}>{words(p.status)}</Badge> },
          { label: "Payment", num: true, cell: (p) => money(p.amountMinor, p.currency) },
          { label: "Applied here", num: true, cellClass: "strong", cell: (p) => money(p.appliedMinor, p.currency) },
        ]}
      />

      <RecordCard
        title="Outreach history"
        rows={outreach}
        empty="No reminders drafted or sent for this invoice yet. Autopilot drafts them once a segment with a published cadence covers it."
        columns={[
          { label: "When", cellClass: "date", cell: (o) => fmtDateTime(o.sentAt ?? o.scheduledFor ?? o.createdAt) },
          { label: "Kind", cell: (o) => `${words(o.kind)}${o.stepPosition !== null ? ` · step ${o.stepPosition}` : ""}` },
          {
            label: "Status",
            cell: (o) => (
              <>
                <Badge tone={outreachTone[o.status]}>{words(o.status)}</Badge>
                {o.reason && <div class="small muted">{o.reason}</div>}
              </>
            ),
          },
          { label: "To", cell: (o) => o.toEmail ?? "—" },
          { label: "Subject", cell: (o) => o.subject },
        ]}
      />

      <div class="grid grid-2">
        <RecordCard
          title="Promises to pay"
          rows={promises}
          empty="No promise logged for this invoice."
          columns={[
            { label: "Promised for", cellClass: "date", cell: (p) => fmtDate(p.promisedDate) },
            { label: "Status", cell: (p) => <Badge tone={promiseTone[p.status]}>{words(p.status)}</Badge> },
            { label: "Logged", cellClass: "small", cell: (p) => `${fmtDate(p.createdAt)} via ${words(p.source)}` },
            { label: "Amount", num: true, cell: (p) => money(p.amountMinor, p.currency) },
          ]}
        />
        <section class="card">
          <h2>Disputes</h2>
          {disputes.length === 0 ? (
            <p class="muted">No dispute on this invoice.</p>
          ) : (
            <ul class="notes">
              {disputes.map((d) => (
                <li>
                  <div class="row">
                    <Badge tone={disputeTone[d.status]}>{words(d.status)}</Badge>
                    <strong>{words(d.reason)}</strong>
                    <span class="small muted">
                      opened {fmtDate(d.createdAt)} · {d.resolvedAt ? `closed ${fmtDate(d.resolvedAt)}` : `SLA ${fmtDateTime(d.slaDueAt)}`}
                    </span>
                    {!d.resolvedAt && d.slaDueAt.slice(0, 10) < today && <Badge tone="bad">SLA missed</Badge>}
                  </div>
                  {d.message && <div class="note-body">{d.message}</div>}
                  {d.resolution && <div class="small muted">Resolution: {d.resolution}</div>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Layout>
  )
}
