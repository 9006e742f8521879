// The live preview of a cadence's steps against one invoice (an htmx fragment of the editor).
import type { RenderedStep } from "../../../services/policy-preview"
import { formatMoney } from "../../../domain/money"
import { Badge } from "../components/ui"

type Props = {
  invoice: { invoiceNumber: string; customerName: string; balanceMinor: number; currency: string; dueDate: string; locale: string | null }
  to: string | null
  steps: RenderedStep[]
}

export function StepPreview({ invoice, to, steps }: Props) {
  return (
    <div id="preview" class="stack">
      <p class="muted small">
        {invoice.customerName} · {invoice.invoiceNumber} ·{" "}
        <span class="num">{formatMoney(invoice.balanceMinor, invoice.currency, invoice.locale ?? "en-US")}</span> due {invoice.dueDate} · to{" "}
        {to ?? <Badge tone="warn">no contact email</Badge>}
      </p>
      {steps.length === 0 && <p class="muted">Add a step to see it rendered.</p>}
      {steps.map((s) => (
        <article class="card preview-step">
          <div class="row">
            <strong>Day {s.offset_days}</strong>
            <span class="muted small">sends on {s.send_on}</span>
            {s.errors.length ? (
              <Badge tone="bad">{s.errors.length === 1 ? "1 problem" : `${s.errors.length} problems`}</Badge>
            ) : (
              <Badge tone="good">OK</Badge>
            )}
          </div>
          {s.errors.map((e) => (
            <p class="error-text" role="alert">
              {e}
            </p>
          ))}
          <p>
            <strong>Subject:</strong> {s.subject}
          </p>
          {s.attachments.map((a) => (
            <p class="preview-attachment">
              <strong>Attachment:</strong> 📎 {a}{" "}
              <span class="muted small">
                (the customer's statement as of the send date: open invoices, aging, payments of the last 90 days, pay link)
              </span>
            </p>
          ))}
          {/* The email as the payer reads it: paragraphs of the rendered text (JSX escapes every value). */}
          <div class="mail-html" aria-label={`Email, Day ${s.offset_days}`}>
            {s.text.split(/\n{2,}/).map((para) => (
              <p>
                {para.split("\n").map((line, i) => (
                  <>
                    {i > 0 && <br />}
                    {line}
                  </>
                ))}
              </p>
            ))}
          </div>
        </article>
      ))}
    </div>
  )
}
