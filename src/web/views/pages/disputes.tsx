// Disputes for finance: the workspace queue (SLA timers, filters, inspector slot) and one dispute's full page.
import type { disputeDetail, DisputeRow } from "../../../db/collections"
import { can } from "../../../domain/roles"
import { disputeReasonLabels, slaState, type SlaState } from "../../../domain/portal-rules"
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, PageHeader, type Tone, DataTable } from "../components/ui"
import { Layout } from "../layout"
import { templatesFor } from "../../../domain/dispute-replies"
import type { Child } from "hono/jsx"
import { DisputeMetricsCards, SlaSnapshot, TodaysFocus } from "./disputes-workspace"
import { fmtDate, fmtDateTime, money } from "./receivables-parts"

const statusTone: Record<string, Tone> = {
  open: "warn",
  investigating: "info",
  waiting_on_payer: "neutral",
  escalated: "bad",
  pending_credit: "info",
  resolved: "good",
  rejected: "neutral",
}
const statusLabel: Record<string, string> = {
  open: "Open",
  investigating: "Investigating",
  waiting_on_payer: "Waiting on payer",
  escalated: "Escalated to Legal",
  pending_credit: "Credit awaiting approval",
  resolved: "Resolved",
  rejected: "Rejected",
}
const slaTone: Record<SlaState, Tone> = { due: "good", at_risk: "warn", breached: "bad", paused: "info", closed: "neutral" }

/** The SLA timer in words: time left, or time past the promise to the payer. */
export function SlaTimer({ slaDueAt, status, now, pausedAt }: { slaDueAt: string; status: string; now: Date; pausedAt?: string | null }) {
  const state = slaState(slaDueAt, status, now, pausedAt)
  if (state === "closed") return <span class="muted">—</span>
  const hours = Math.round((Date.parse(slaDueAt) - now.getTime()) / 3_600_000)
  const span = Math.abs(hours) >= 48 ? `${Math.round(Math.abs(hours) / 24)} days` : `${Math.abs(hours)} h`
  if (state === "paused") return <Badge tone={slaTone[state]}>Paused</Badge>
  const label = state === "breached" ? `Breached ${span} ago` : state === "at_risk" ? `At risk: ${span} left` : `Due in ${span}`
  return <Badge tone={slaTone[state]}>{label}</Badge>
}

export type DisputeListProps = {
  member: Member
  rows: DisputeRow[]
  filters: { status?: string; reason?: string }
  metrics: Parameters<typeof SlaSnapshot>[0]["m"]
  focusCounts: Parameters<typeof TodaysFocus>[0]["counts"]
  focus?: Parameters<typeof TodaysFocus>[0]["active"]
  selected?: string
  inspector?: Child
  nextCursor: string | null
  now: Date
}

export function DisputesPage({
  member,
  rows,
  filters,
  metrics,
  focusCounts,
  focus,
  selected,
  inspector,
  nextCursor,
  now,
}: DisputeListProps) {
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.reason ? { reason: filters.reason } : {}),
      ...extra,
    }).toString()
  return (
    <Layout title="Disputes" member={member} active="/work/disputes">
      <PageHeader
        title="Disputes"
        subtitle="Payers' disputes, soonest answer due first. Reminders stay paused on a disputed invoice until it is resolved or rejected."
        actions={
          <a class="btn" href="/work/promises">
            Promise adherence
          </a>
        }
      />
      <SlaSnapshot m={metrics} />
      <TodaysFocus counts={focusCounts} active={focus} />
      <DisputeMetricsCards m={metrics} exports={can(member.role, "exports")} />
      <form class="filters" method="get" action="/work/disputes">
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="active" selected={filters.status === "active"}>
              Active
            </option>
            <option value="all" selected={filters.status === "all"}>
              All
            </option>
            {Object.entries(statusLabel).map(([v, l]) => (
              <option value={v} selected={filters.status === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-reason">Reason</label>
          <select id="f-reason" name="reason">
            <option value="">All</option>
            {Object.entries(disputeReasonLabels).map(([v, l]) => (
              <option value={v} selected={filters.reason === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <button class="btn" type="submit">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="No disputes match">
          Disputes appear here when a payer disputes an invoice from their payment link or Stripe reports a chargeback. Clear the filters to
          see every dispute.
        </EmptyState>
      ) : (
        <DataTable columns={["Customer", "Invoice", "Reason", "Status", "SLA", { label: "Balance", align: "num" }, "Filed"]}>
          {rows.map((d) => (
            <tr class={selected === d.id ? "is-selected" : undefined}>
              <td>
                <a
                  href={`/work/disputes?${query({ selected: d.id, ...(focus ? { focus } : {}) })}#inspector`}
                  hx-get={`/work/disputes/${d.id}/inspector`}
                  hx-target="#inspector"
                  hx-swap="innerHTML"
                >
                  {d.customerName}
                </a>
              </td>
              <td class="nowrap">
                <a href={`/work/invoices/${d.invoiceId}`}>{d.invoiceNumber}</a>
              </td>
              <td>
                {disputeReasonLabels[d.reason]}
                {Number(d.evidenceCount) > 0 && (
                  <span class="muted small">
                    {" "}
                    · {d.evidenceCount} file{Number(d.evidenceCount) === 1 ? "" : "s"}
                  </span>
                )}
              </td>
              <td>
                <Badge tone={statusTone[d.status]}>{statusLabel[d.status]}</Badge>
              </td>
              <td>
                <SlaTimer slaDueAt={d.slaDueAt} status={d.status} now={now} pausedAt={d.slaPausedAt} />
              </td>
              <td class="num">{money(d.balanceMinor, d.currency)}</td>
              <td class="date">{fmtDate(d.createdAt.slice(0, 10))}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <div id="inspector">{inspector}</div>
      {nextCursor && (
        <nav class="pager">
          <a href={`/work/disputes?${query({ cursor: nextCursor })}`}>Next →</a>
        </nav>
      )}
    </Layout>
  )
}

type Detail = NonNullable<Awaited<ReturnType<typeof disputeDetail>>>

export function DisputeDetailPage({
  member,
  detail,
  now,
  flash,
}: {
  member: Member
  detail: Detail
  now: Date
  flash?: { kind: "good" | "bad"; text: string }
}) {
  const d = detail.dispute
  const mayWork = can(member.role, "disputes")
  const active = ["open", "investigating"].includes(d.status)
  return (
    <Layout title={`Dispute on ${d.invoiceNumber}`} member={member} active="/work/disputes">
      <p>
        <a href="/work/disputes">← Disputes</a>
      </p>
      <PageHeader
        title={`${d.customerName}: ${disputeReasonLabels[d.reason]}`}
        subtitle={
          <>
            Invoice <a href={`/work/invoices/${d.invoiceId}`}>{d.invoiceNumber}</a> · filed {fmtDateTime(d.createdAt)} from the{" "}
            {d.source === "portal" ? "payer portal" : d.source}
          </>
        }
        actions={
          <>
            <Badge tone={statusTone[d.status]}>{statusLabel[d.status]}</Badge>{" "}
            <SlaTimer slaDueAt={d.slaDueAt} status={d.status} now={now} pausedAt={d.slaPausedAt} />
          </>
        }
      />
      {flash && <Flash kind={flash.kind}>{flash.text}</Flash>}
      <div class="grid grid-2">
        <section class="card">
          <h2>What the payer says</h2>
          <p class="prewrap">{d.message || "No message."}</p>
          <dl class="facts">
            <dt>Balance</dt>
            <dd class="num">{money(d.balanceMinor, d.currency)}</dd>
            <dt>Answer due</dt>
            <dd>{fmtDateTime(d.slaDueAt)}</dd>
            {d.creditMinor != null && (
              <>
                <dt>Credit</dt>
                <dd class="num">{money(d.creditMinor, d.currency)}</dd>
              </>
            )}
            {d.resolution && (
              <>
                <dt>Resolution</dt>
                <dd>{d.resolution}</dd>
              </>
            )}
          </dl>
          <h3>Evidence</h3>
          {detail.evidence.length === 0 ? (
            <p class="muted">No files attached.</p>
          ) : (
            <ul>
              {detail.evidence.map((e) => (
                <li>
                  <a href={`/work/disputes/${d.id}/evidence/${e.id}`}>{e.filename}</a>{" "}
                  <span class="muted small">
                    {e.contentType} · {Math.max(1, Math.round(e.sizeBytes / 1024))} KB
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card">
          <h2>Work this dispute</h2>
          {!mayWork ? (
            <p class="muted">Your role can read disputes; Operators, A/R Managers, Legal and Controllers work them.</p>
          ) : (
            <form method="post" action={`/work/disputes/${d.id}`}>
              <CsrfField token={member.csrfToken} />
              <div class="field">
                <label for="note">Note</label>
                <textarea id="note" name="note" maxlength={4000} placeholder="What you checked, who you spoke to…"></textarea>
              </div>
              {active && (
                <>
                  <div class="field">
                    <label for="credit">Credit on resolve ({d.currency}, optional)</label>
                    <input id="credit" name="credit" type="text" inputmode="decimal" placeholder="0.00" />
                    <p class="hint">A credit goes to approval first; the dispute resolves when it is approved.</p>
                  </div>
                  <div class="field">
                    <label for="resolution">Resolution (shown in the audit log)</label>
                    <input id="resolution" name="resolution" type="text" maxlength={1000} />
                  </div>
                </>
              )}
              <div class="row">
                <button class="btn" type="submit" name="action" value="note">
                  Add note
                </button>
                {d.status === "open" && (
                  <button class="btn" type="submit" name="action" value="investigating">
                    Start investigating
                  </button>
                )}
                {active && (
                  <button class="btn btn-primary" type="submit" name="action" value="resolved">
                    Resolve
                  </button>
                )}
                {active && (
                  <button
                    class="btn btn-danger"
                    type="submit"
                    name="action"
                    value="rejected"
                    data-confirm="Reject this dispute? Reminders on the invoice resume."
                  >
                    Reject
                  </button>
                )}
              </div>
            </form>
          )}
        </section>
      </div>
      <div class="grid grid-2">
        <section class="card">
          <h2>Notes</h2>
          {detail.notes.length === 0 ? (
            <p class="muted">No notes yet.</p>
          ) : (
            <ul class="notes">
              {detail.notes.map((n) => (
                <li>
                  <p class="prewrap">{n.body}</p>
                  <p class="muted small">
                    {n.authorLabel ?? "Someone"} · {fmtDateTime(n.createdAt)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card">
          <h2>Reply templates</h2>
          <p class="muted small">Sent from the inspector on the Disputes page, with the merge tags filled in.</p>
          {templatesFor(d.reason).map((t) => (
            <details>
              <summary>{t.title}</summary>
              <p class="prewrap small">{t.body}</p>
            </details>
          ))}
        </section>
      </div>
    </Layout>
  )
}
