// Request a discount, credit or write-off on one invoice; it goes to the approvals inbox.
import { formatMoney, toDecimalString } from "../../../domain/money"
import type { Member } from "../../env"
import { CsrfField, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"

type Inv = { id: string; invoiceNumber: string; customerName: string; balanceMinor: number; currency: string }

export function ProposePage({
  member,
  invoice,
  error,
  values,
}: {
  member: Member
  invoice: Inv
  error?: string
  values?: Record<string, string>
}) {
  return (
    <Layout title="Request a discount or credit" member={member} active="/work/approvals">
      <PageHeader
        title="Request a discount or credit"
        subtitle={
          <>
            {invoice.customerName} · <a href={`/work/invoices/${invoice.id}`}>{invoice.invoiceNumber}</a> · open balance{" "}
            <span class="num">{formatMoney(invoice.balanceMinor, invoice.currency)}</span>
          </>
        }
      />
      {error && <Flash kind="bad">{error}</Flash>}
      <form method="post" action="/work/approvals" class="card stack">
        <CsrfField token={member.csrfToken} />
        <input type="hidden" name="invoice_id" value={invoice.id} />
        <div class="field">
          <label for="p-kind">Request</label>
          <select id="p-kind" name="kind">
            {[
              ["discount", "Discount"],
              ["credit", "Credit"],
              ["write_off", "Write-off"],
            ].map(([k, l]) => (
              <option value={k} selected={values?.kind === k}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="p-amount">Amount ({invoice.currency})</label>
          <input
            type="text"
            id="p-amount"
            name="amount"
            inputmode="decimal"
            required
            value={values?.amount ?? ""}
            placeholder={toDecimalString(Math.min(invoice.balanceMinor, 10000), invoice.currency)}
          />
        </div>
        <div class="field">
          <label for="p-reason">Reason</label>
          <textarea id="p-reason" name="reason" rows={3} required>
            {values?.reason ?? ""}
          </textarea>
          <p class="hint">The policy decides who approves: above its threshold an approver, above the high threshold two.</p>
        </div>
        <button class="btn btn-primary" type="submit">
          Send for approval
        </button>
      </form>
    </Layout>
  )
}
