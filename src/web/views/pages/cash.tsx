// Work -> Cash App Assist: unapplied payments with ranked invoice suggestions; confirm one or split across several.
import { formatMoney, toDecimalString } from "../../../domain/money"
import type { CashAppItem } from "../../../services/cash-app"
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, MoneyText, PageHeader, Pager, DataTable } from "../components/ui"
import { NoPaymentsYet } from "../components/empty-states"
import { Layout } from "../layout"

type Props = {
  member: Member
  items: CashAppItem[]
  total: number
  page: number
  perPage: number
  notice?: { kind: "good" | "bad"; text: string; paymentId?: string }
  /** False for an organisation that has not recorded a single payment yet. */
  anyPayment?: boolean | null
}

function PaymentCard({ member, item, error }: { member: Member; item: CashAppItem; error?: string }) {
  return (
    <section class="card cash-item" id={`payment-${item.id}`} aria-labelledby={`pay-${item.id}`}>
      <div class="card-head">
        <div>
          <h2 id={`pay-${item.id}`}>
            <MoneyText minor={item.unappliedMinor} currency={item.currency} /> unapplied
          </h2>
          <p class="muted small">
            {`Received ${item.receivedAt.slice(0, 10)} · ${item.method} · ${item.source}`}
            {item.amountMinor !== item.unappliedMinor && (
              <>
                {" "}
                · of <MoneyText minor={item.amountMinor} currency={item.currency} />
              </>
            )}
          </p>
        </div>
        <div class="right small">
          <div>
            Payer: <strong>{item.customerName ?? item.payerName ?? "unknown"}</strong>
          </div>
          <div class="muted">Reference: {item.reference ?? "none"}</div>
        </div>
      </div>
      {error && <Flash kind="bad">{error}</Flash>}
      {item.suggestions.length === 0 ? (
        <p class="muted">No likely invoice found. Split it by invoice number below.</p>
      ) : (
        <DataTable
          columns={["Invoice", "Customer", "Due", { label: "Open balance", align: "right" }, "Why", { label: "Match", align: "right" }, ""]}
        >
          {item.suggestions.map((s) => (
            <tr>
              <td>
                <a href={`/work/invoices/${s.invoice.id}`}>{s.invoice.invoiceNumber}</a>
              </td>
              <td>{s.invoice.customerName}</td>
              <td>{s.invoice.dueDate}</td>
              <td class="right">
                <MoneyText minor={s.invoice.balanceMinor} currency={s.invoice.currency} />
              </td>
              <td class="small">{s.reasons.join("; ")}</td>
              <td class="right">
                <Badge tone={s.score >= 70 ? "good" : s.score >= 40 ? "warn" : "neutral"}>{`${s.score}%`}</Badge>
              </td>
              <td class="right">
                <form method="post" action={`/work/cash/${item.id}/apply`} class="inline">
                  <CsrfField token={member.csrfToken} />
                  <input type="hidden" name="invoice_number" value={s.invoice.invoiceNumber} />
                  <input type="hidden" name="amount" value={toDecimalString(s.amountMinor, item.currency)} />
                  <button class="btn btn-small btn-primary" type="submit">{`Apply ${formatMoney(s.amountMinor, item.currency)}`}</button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <details class="split">
        <summary>Split across invoices</summary>
        <form method="post" action={`/work/cash/${item.id}/apply`} class="split-form">
          <CsrfField token={member.csrfToken} />
          {[0, 1, 2].map((i) => (
            <div class="row">
              <label class="field">
                Invoice number
                <input name="invoice_number" value={item.suggestions[i]?.invoice.invoiceNumber ?? ""} />
              </label>
              <label class="field">
                {`Amount (${item.currency})`}
                <input name="amount" inputmode="decimal" />
              </label>
            </div>
          ))}
          <button class="btn" type="submit">
            Apply split
          </button>
        </form>
      </details>
    </section>
  )
}

export function CashAppPage({ member, items, total, page, perPage, notice, anyPayment = true }: Props) {
  return (
    <Layout title="Cash App Assist" member={member} active="/work/cash">
      <PageHeader
        title="Cash App Assist"
        subtitle="Payments that did not name their invoice. Confirm the suggested match or split the payment; partial payments reduce the balance."
      />
      {notice && !notice.paymentId && <Flash kind={notice.kind}>{notice.text}</Flash>}
      {items.length === 0 && !anyPayment ? (
        <NoPaymentsYet
          role={member.role}
          what="Cash App Assist lists the payments that did not name their invoice, with the likeliest match to confirm."
        />
      ) : items.length === 0 ? (
        <EmptyState title="Every payment is applied">
          Payments that name their invoice are applied automatically. New unmatched payments appear here.
        </EmptyState>
      ) : (
        items.map((item) => <PaymentCard member={member} item={item} error={notice?.paymentId === item.id ? notice.text : undefined} />)
      )}
      {total > perPage && <Pager page={page} hasNext={page * perPage < total} total={total} href={(p) => `/work/cash?page=${p}`} />}
    </Layout>
  )
}
