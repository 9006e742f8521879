// The Collections workspace at the top of /work/queue: Today's Focus cards, the ranked worklist and the inspector
// of the selected invoice. Plain links and forms (works without JavaScript); htmx swaps the inspector in place.
import type { Child } from "hono/jsx"
import type { PayDatePrediction } from "../../../../domain/paydate"
import { actionLabels } from "../../../../domain/worklist"
import type { CustomerLine, WorklistItem } from "../../../../services/worklist"
import { CsrfField, MoneyText } from "../../components/ui"

export type Card = { key: string; label: string; count: number; amount_minor?: number; currency?: string; href: string }

/** The cards; `oob` marks them for htmx to swap in place after an action, so a count drops at once. */
export function FocusCards({ cards, active, oob = false }: { cards: Card[]; active?: string; oob?: boolean }) {
  return (
    <nav class="focus-cards" id="focus-cards" aria-label="Today's Focus" hx-swap-oob={oob ? "true" : undefined}>
      {cards.map((c) => (
        <a class={`focus-card${active === c.key ? " is-active" : ""}${c.count === 0 ? " is-empty" : ""}`} href={c.href} data-focus={c.key}>
          <span class="focus-label">{c.label}</span>
          <span class="focus-count num">{c.count}</span>
          {c.amount_minor !== undefined && c.currency && c.count > 0 ? (
            <span class="focus-amount">
              <MoneyText minor={c.amount_minor} currency={c.currency} />
            </span>
          ) : (
            <span class="focus-amount">&nbsp;</span>
          )}
        </a>
      ))}
    </nav>
  )
}

export const riskTone = (s: number | null) => (s === null ? "neutral" : s >= 70 ? "good" : s >= 40 ? "warn" : "bad")

export function Worklist({
  rows,
  selected,
  hrefFor,
  canAct,
  nextHref,
  total,
  csrf,
  empty,
}: {
  rows: WorklistItem[]
  selected?: string
  hrefFor: (id: string) => string
  canAct: boolean
  nextHref: string | null
  total: number
  csrf: string
  /** What an empty worklist says instead of a blank table (no invoices yet, filters too narrow, nothing due). */
  empty?: Child
}) {
  if (rows.length === 0 && empty) return <div class="worklist">{empty}</div>
  return (
    <div class="table-wrap worklist">
      <table>
        <thead>
          <tr>
            {canAct && (
              <th scope="col">
                <span class="sr-only">Select</span>
              </th>
            )}
            <th scope="col" class="num">
              Priority
            </th>
            <th scope="col">Invoice</th>
            <th scope="col" class="num">
              Balance
            </th>
            <th scope="col">Why</th>
            <th scope="col">Expected</th>
            <th scope="col">Next action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              class={`worklist-row${selected === r.invoiceId ? " is-selected" : ""}`}
              data-invoice={r.invoiceId}
              aria-selected={selected === r.invoiceId ? "true" : "false"}
            >
              {canAct && (
                <td>
                  {r.draftWaiting ? (
                    <input
                      type="checkbox"
                      name="invoice_ids"
                      value={r.invoiceId}
                      form="bulk-form"
                      aria-label={`Select the draft for ${r.invoiceNumber}`}
                    />
                  ) : null}
                </td>
              )}
              <td class="num">
                <strong>{r.priorityScore}</strong>
              </td>
              <td>
                <a
                  class="worklist-open"
                  href={hrefFor(r.invoiceId)}
                  hx-get={`/work/queue/inspector/${r.invoiceId}`}
                  hx-target="#inspector"
                  hx-push-url={hrefFor(r.invoiceId)}
                >
                  {r.invoiceNumber}
                </a>
                <div class="muted small">{r.customerName}</div>
              </td>
              <td class="num nowrap">
                <MoneyText minor={r.balanceMinor} currency={r.currency} />
              </td>
              <td class="small why">{r.reasons.slice(1).join(", ")}</td>
              <td class="small nowrap">
                <ExpectedText p={r.predicted} />
              </td>
              <td class="small">{actionLabels[r.action]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canAct && rows.some((r) => r.draftWaiting) && (
        <form id="bulk-form" class="worklist-bulk" method="post" action="/work/queue/bulk">
          <CsrfField token={csrf} />
          <span class="muted small">Selected drafts:</span>
          <button class="btn btn-primary" type="submit" name="decision" value="approve">
            Approve (a)
          </button>
          <button class="btn" type="submit" name="decision" value="reject">
            Reject (r)
          </button>
        </form>
      )}
      <p class="muted small">
        {`${rows.length} of ${total.toLocaleString("en-US")} shown`}
        {nextHref ? (
          <>
            {" "}
            · <a href={nextHref}>Next 50</a>
          </>
        ) : null}
      </p>
    </div>
  )
}

/**
 * The expected payment date as a finance user reads it. Past the end of the organisation's experience (the invoice
 * is already later than almost every invoice it has been paid on) there is no honest date: say so, not a guess.
 */
export function ExpectedText({ p, long = false }: { p: PayDatePrediction; long?: boolean }) {
  if (p.basis === "beyond_history")
    return (
      <span class="muted" title="Already later than almost every invoice this organisation has been paid on" data-basis={p.basis}>
        {long ? "No estimate: already later than almost every invoice paid before" : "No estimate"}
      </span>
    )
  const why = p.basis === "promise" ? "promised" : p.basis === "plan" ? "plan" : null
  if (!long) return <span data-basis={p.basis}>{why ? `${p.date} (${why})` : p.date}</span>
  return (
    <span data-basis={p.basis}>
      {why
        ? `${p.date} (${why === "plan" ? "the plan's last instalment" : "the promised date"})`
        : p.low === p.high
          ? p.date
          : `${p.date} (likely ${p.low} to ${p.high}${p.basis === "organisation_history" ? ", from the organisation's habit" : p.basis === "late_history" ? ", from invoices paid this late" : ""})`}
    </span>
  )
}

/** The customer view: one row per customer, ranked by its most urgent invoice, whose inspector the row opens. */
export function CustomerWorklist({
  lines,
  selected,
  hrefFor,
  total,
  invoices,
  nextHref,
}: {
  lines: CustomerLine[]
  selected?: string
  hrefFor: (invoiceId: string) => string
  total: number
  invoices: number
  nextHref: string | null
}) {
  return (
    <div class="table-wrap worklist">
      <table>
        <thead>
          <tr>
            <th scope="col" class="num">
              Priority
            </th>
            <th scope="col">Customer</th>
            <th scope="col" class="num">
              Open balance
            </th>
            <th scope="col">Why (most urgent invoice)</th>
            <th scope="col">Expected</th>
            <th scope="col">Next action</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr
              class={`worklist-row${selected === l.top.invoiceId ? " is-selected" : ""}`}
              data-invoice={l.top.invoiceId}
              data-customer={l.customerId}
              aria-selected={selected === l.top.invoiceId ? "true" : "false"}
            >
              <td class="num">
                <strong>{l.top.priorityScore}</strong>
              </td>
              <td>
                <a
                  class="worklist-open"
                  href={hrefFor(l.top.invoiceId)}
                  hx-get={`/work/queue/inspector/${l.top.invoiceId}`}
                  hx-target="#inspector"
                  hx-push-url={hrefFor(l.top.invoiceId)}
                >
                  {l.customerName}
                </a>
                <div class="muted small">{`${l.invoices} open invoice${l.invoices === 1 ? "" : "s"} · most urgent ${l.top.invoiceNumber}`}</div>
              </td>
              <td class="num nowrap">
                {l.balances.map((b) => (
                  <div>
                    <MoneyText minor={b.minor} currency={b.currency} />
                  </div>
                ))}
              </td>
              <td class="small why">{l.top.reasons.slice(1).join(", ")}</td>
              <td class="small nowrap">
                <ExpectedText p={l.top.predicted} />
              </td>
              <td class="small">{actionLabels[l.top.action]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        {`${lines.length} of ${total.toLocaleString("en-US")} customers shown (${invoices.toLocaleString("en-US")} invoices)`}
        {nextHref ? (
          <>
            {" "}
            · <a href={nextHref}>Next 50</a>
          </>
        ) : null}
      </p>
    </div>
  )
}
