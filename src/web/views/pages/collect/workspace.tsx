// The Collections workspace at the top of /work/queue: Today's Focus cards, the ranked worklist and the inspector
// of the selected invoice. Plain links and forms (works without JavaScript); htmx swaps the inspector in place.
import type { Child } from "hono/jsx"
import { actionLabels } from "../../../../domain/worklist"
import { riskBand, riskBandLabels } from "../../../../domain/risk-score"
import type { inspectInvoice } from "../../../../services/inspector"
import type { WorklistItem } from "../../../../services/worklist"
import type { Member } from "../../../env"
import { Badge, CsrfField, MoneyText } from "../../components/ui"

export type Card = { key: string; label: string; count: number; amount_minor?: number; currency?: string; href: string }
export type Inspected = Awaited<ReturnType<typeof inspectInvoice>>
type Can = { outreach: boolean; notes: boolean; propose: boolean; disputes: boolean }

export function FocusCards({ cards, active }: { cards: Card[]; active?: string }) {
  return (
    <nav class="focus-cards" aria-label="Today's Focus">
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

const riskTone = (s: number | null) => (s === null ? "neutral" : s >= 70 ? "good" : s >= 40 ? "warn" : "bad")

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
              <td class="small nowrap">{r.predicted.date}</td>
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

function when(iso: string) {
  return iso.length > 10 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso
}

function TimelineItem({ e }: { e: Inspected["timeline"][number] }): Child {
  const text =
    e.kind === "outreach"
      ? `Reminder ${String(e.status)}: ${String(e.subject)}`
      : e.kind === "reply"
        ? `Reply from ${String(e.from ?? "the payer")}`
        : e.kind === "promise"
          ? `Promise (${String(e.status)}) to pay by ${String(e.promised_date)}`
          : e.kind === "plan"
            ? `Payment plan (${String(e.status)}): ${String(e.instalments)} ${String(e.frequency)} instalments from ${String(e.first_date)}`
            : e.kind === "payment"
              ? `Payment received (${String(e.method)})`
              : e.kind === "dispute"
                ? `Dispute (${String(e.status)}): ${String(e.reason)}`
                : `Note: ${String(e.body)}`
  return (
    <li class={`timeline-item timeline-${e.kind}`}>
      <span class="muted small">{when(e.at)}</span> {text}
      {e.kind === "payment" && typeof e.amount_minor === "number" ? (
        <>
          {" "}
          <MoneyText minor={e.amount_minor} currency={String(e.currency)} />
        </>
      ) : null}
      {e.kind === "reply" && e.text ? <blockquote class="reply-text">{String(e.text)}</blockquote> : null}
    </li>
  )
}

export function InspectorPanel({ x, member, can, today }: { x: Inspected; member: Member; can: Can; today: string }) {
  const { invoice, customer, contacts } = x.detail
  const row = x.row
  const score = row?.riskScore ?? null
  const waitingReply = x.timeline.find((t) => t.kind === "reply" && t.waiting)
  const named = (waitingReply?.suggested_promise_date as string | null | undefined) ?? null
  const suggested = named && named >= today ? named : null
  return (
    <section class="card inspector" id="inspector-card" data-invoice-id={invoice.id} aria-label={`Inspector for ${invoice.invoiceNumber}`}>
      <div class="card-head">
        <h2>
          <a href={`/work/invoices/${invoice.id}`}>{invoice.invoiceNumber}</a> · {customer!.name}
        </h2>
        {score !== null && <Badge tone={riskTone(score)}>{`${riskBandLabels[riskBand(score)]} · ${score}`}</Badge>}
      </div>
      <dl class="inspector-facts">
        <div>
          <dt>Balance</dt>
          <dd>
            <MoneyText minor={invoice.balanceMinor} currency={invoice.currency} />
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{`${invoice.dueDate} (${x.daysPastDue > 0 ? `${x.daysPastDue} days late` : x.daysPastDue === 0 ? "today" : `in ${-x.daysPastDue} days`})`}</dd>
        </div>
        <div>
          <dt>Expected payment</dt>
          <dd>{row ? `${row.predicted.date} (likely ${row.predicted.low} to ${row.predicted.high})` : "—"}</dd>
        </div>
        <div>
          <dt>Contact</dt>
          <dd>{contacts[0] ? `${contacts[0].name ?? ""} ${contacts[0].email ?? ""}`.trim() : "No contact on file"}</dd>
        </div>
      </dl>
      {row && (
        <div class="inspector-block">
          <h3>Recommended: {actionLabels[row.action]}</h3>
          <ul class="small">
            {[...row.actionReasons, ...row.reasons].map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="inspector-block">
        <h3>{x.sendRule.may_send_now ? "Plixo may send now" : "Why Plixo will not send now"}</h3>
        {x.sendRule.blockers.length > 0 && (
          <ul class="small">
            {x.sendRule.blockers.map((b) => (
              <li data-blocker={b.code}>{b.message}</li>
            ))}
          </ul>
        )}
        {!x.sendRule.may_send_now && (
          <p class="small muted">
            {x.sendRule.next_send_at
              ? `Next send possible ${when(x.sendRule.next_send_at)} UTC.`
              : "No send is possible until the blocker is cleared."}
          </p>
        )}
      </div>
      {can.outreach && invoice.status === "open" && (
        <form class="inspector-block inline-form" method="post" action={`/work/queue/invoices/${invoice.id}/promise`}>
          <h3>{suggested ? "Log the promise from the reply" : "Log a promise"}</h3>
          <CsrfField token={member.csrfToken} />
          <input type="hidden" name="form_key" value={`${invoice.id}:${today}:${member.userId ?? "key"}`} />
          <label>
            Date <input type="date" name="promised_date" required value={suggested ?? ""} min={today} />
          </label>
          <label>
            Amount <input type="text" name="amount" inputmode="decimal" value={(invoice.balanceMinor / 100).toFixed(2)} />
          </label>
          <label>
            Channel{" "}
            <select name="channel">
              <option value="email">Email reply</option>
              <option value="call">Call</option>
              <option value="portal">Portal</option>
            </select>
          </label>
          <button type="submit" class="btn btn-primary" data-confirm-promise>
            {suggested ? `Confirm ${suggested}` : "Log promise"}
          </button>
        </form>
      )}
      {can.notes && (
        <form class="inspector-block" method="post" action={`/work/queue/invoices/${invoice.id}/note`}>
          <h3>Add a note</h3>
          <CsrfField token={member.csrfToken} />
          <textarea name="body" rows={3} maxlength={4000} required placeholder="Spoke with AP, payment run is Thursday..." />
          <button type="submit" class="btn">
            Save note
          </button>
        </form>
      )}
      <div class="inspector-block">
        <h3>Timeline</h3>
        {x.timeline.length === 0 ? (
          <p class="muted small">Nothing has happened on this invoice yet.</p>
        ) : (
          <ol class="timeline">
            {x.timeline.slice(0, 30).map((e) => (
              <TimelineItem e={e} />
            ))}
          </ol>
        )}
      </div>
    </section>
  )
}
