// Disputes workspace parts: the SLA Snapshot tiles, Today's Focus cards (each filters the table), the Dispute
// Metrics cards, and the inspector that opens under the table (htmx partial, or the full page with ?selected=).
import type { disputeDetail } from "../../../db/collections"
import type { PendingApproval } from "../../../db/approvals"
import { disputeMetricDefinitions, type DisputeMetricKey } from "../../../domain/dispute-definitions"
import type { DisputeMetrics } from "../../../domain/dispute-metrics"
import { slotStates } from "../../../domain/dispute-evidence"
import { focusKeys, focusLabels, type FocusKey } from "../../../domain/dispute-focus"
import { templatesFor } from "../../../domain/dispute-replies"
import { allowedMoves } from "../../../domain/dispute-status"
import { disputeReasonLabels } from "../../../domain/portal-rules"
import { formatShare } from "../../../domain/promise-adherence"
import { can, isRole, roleLabels } from "../../../domain/roles"
import type { Member } from "../../env"
import { KpiInfo } from "../components/kpi-info"
import { Badge, CsrfField, Flash } from "../components/ui"
import { CsvLink } from "./overview-forecast"
import { fmtDateTime, money } from "./receivables-parts"

const moveLabels: Record<string, string> = {
  investigating: "Start investigating",
  waiting_on_payer: "Waiting on payer",
  escalated: "Escalate to Legal",
  resolved: "Resolve",
  rejected: "Reject",
  reopened: "Reopen",
}

export function SlaSnapshot({ m }: { m: DisputeMetrics }) {
  const tiles: [DisputeMetricKey, string, string][] = [
    ["active", String(m.sla.active), `${m.sla.paused} paused, waiting on the payer`],
    ["at_risk", String(m.sla.at_risk), "running clock due within 24 hours"],
    ["breached", String(m.sla.breached), "running clock past its due time"],
    ["due_today", String(m.sla.due_today), "due before midnight, not yet breached"],
    [
      "first_response",
      m.sla.median_first_response_hours === null ? "—" : `${m.sla.median_first_response_hours} h`,
      "filing to first status change or reply, last 90 days",
    ],
  ]
  return (
    <section aria-label="SLA Snapshot" class="grid-5 kpi-tiles">
      {tiles.map(([key, value, note]) => (
        <div class="kpi" data-kpi={key}>
          <div class="kpi-head">
            <span class="kpi-label">{disputeMetricDefinitions[key].label}</span>
            <KpiInfo name={key} d={disputeMetricDefinitions[key]} />
          </div>
          <div class={`kpi-value num${key === "breached" && m.sla.breached > 0 ? " kpi-bad" : ""}`}>{value}</div>
          <div class="kpi-note">{note}</div>
        </div>
      ))}
    </section>
  )
}

export function TodaysFocus({ counts, active }: { counts: Record<FocusKey, number>; active?: FocusKey }) {
  return (
    <nav aria-label="Today's Focus" class="focus-cards five">
      {focusKeys.map((k) => (
        <a
          class={`focus-card${active === k ? " is-active" : ""}${counts[k] === 0 ? " is-empty" : ""}`}
          href={active === k ? "/work/disputes" : `/work/disputes?focus=${k}`}
          aria-current={active === k ? "true" : undefined}
        >
          <span class="focus-label">{focusLabels[k]}</span>
          <span class="focus-count num">{counts[k]}</span>
        </a>
      ))}
    </nav>
  )
}

/** A metric's name with its (i) definition, for the facts list and card titles. */
function Named({ k }: { k: DisputeMetricKey }) {
  return (
    <span class="kpi-head" data-kpi={k}>
      {disputeMetricDefinitions[k].label} <KpiInfo name={k} d={disputeMetricDefinitions[k]} />
    </span>
  )
}

export function DisputeMetricsCards({ m, exports }: { m: DisputeMetrics; exports: boolean }) {
  const most = Math.max(1, ...m.by_reason.map((r) => r.open))
  return (
    <div class="grid grid-2">
      <section class="card">
        <div class="card-head">
          <h2>
            <Named k="open_by_reason" />
          </h2>
          {exports ? <CsvLink href="/work/disputes/export/by-reason.csv" label="CSV" small /> : null}
        </div>
        <ul class="reason-bars">
          {m.by_reason.map((r) => (
            <li>
              <span>{disputeReasonLabels[r.reason]}</span>
              {/* An SVG bar: its width is an attribute, not an inline style, under the strict style-src policy. */}
              <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect width={Math.max(1, Math.round((r.open / most) * 100))} height="10" rx="1" />
              </svg>
              <span class="num">{r.open}</span>
              <span class="muted small" title="median days to resolve, last 90 days">
                {r.median_days_to_resolve === null ? "—" : `${r.median_days_to_resolve} d`}
              </span>
            </li>
          ))}
        </ul>
        <p class="muted small">Last column: median days from filing to close, disputes closed in the last 90 days.</p>
      </section>
      <section class="card">
        <div class="card-head">
          <h2>Dispute metrics</h2>
          {exports ? <CsvLink href="/work/disputes/export/metrics.csv" label="CSV" small /> : null}
        </div>
        <dl class="facts">
          <dt>
            <Named k="credits_issued" /> this month
          </dt>
          <dd class="num">{money(m.credits_issued_minor, m.currency)}</dd>
          <dt>Last month</dt>
          <dd class="num">{money(m.credits_issued_last_month_minor, m.currency)}</dd>
          <dt>
            <Named k="resolved_within_sla" />
          </dt>
          <dd class="num">{formatShare(m.resolved_within_sla)}</dd>
          <dt>
            <Named k="reopen_rate" />
          </dt>
          <dd class="num">{formatShare(m.reopen_rate)}</dd>
        </dl>
        <p class="muted small">Credits in {m.currency} (the base currency); shares of the disputes closed in the last 90 days.</p>
      </section>
    </div>
  )
}

type Detail = NonNullable<Awaited<ReturnType<typeof disputeDetail>>>

export type InspectorProps = {
  member: Member
  detail: Detail
  replyKey: string
  /** The credit awaiting approval (status pending_credit), decided here in place by an approver. */
  approval?: PendingApproval | null
  flash?: { kind: "good" | "bad"; text: string }
}

/** The credit awaiting approval: amount, who must sign, and approve / reject in place for an approver. */
function CreditApproval({ member, disputeId, a }: { member: Member; disputeId: string; a: PendingApproval }) {
  const roles = a.requiredRoles.filter(isRole).map((r) => roleLabels[r])
  const mayDecide = can(member.role, "approve") && a.requiredRoles.includes(member.role)
  const target = { "hx-target": "#inspector", "hx-swap": "innerHTML", "data-swap-errors": "" }
  return (
    <div class="credit-approval" data-approval={a.id}>
      <h3>Credit awaiting approval</h3>
      <p>
        <strong class="num">{money(a.amountMinor, a.currency)}</strong> requested by {a.requestedByLabel ?? "someone"} · needs{" "}
        {a.approvalsRequired === 2 ? "two different approvers" : "one approver"} ({roles.join(", ")}) · {a.signatures} of{" "}
        {a.approvalsRequired} signed
      </p>
      {a.reason && <p class="muted small">{a.reason}</p>}
      {!mayDecide ? (
        <p class="muted small">An approver decides it here or in Approvals; the dispute resolves once it is approved.</p>
      ) : (
        <div class="row">
          <form
            method="post"
            action={`/work/disputes/${disputeId}/credit/approve`}
            hx-post={`/work/disputes/${disputeId}/credit/approve`}
            {...target}
          >
            <CsrfField token={member.csrfToken} />
            <button class="btn btn-small btn-primary" type="submit">
              Approve credit
            </button>
          </form>
          <form
            method="post"
            action={`/work/disputes/${disputeId}/credit/reject`}
            hx-post={`/work/disputes/${disputeId}/credit/reject`}
            {...target}
            class="row"
          >
            <CsrfField token={member.csrfToken} />
            <input
              name="comment"
              type="text"
              maxlength={1000}
              placeholder="Why (needed to reject)"
              aria-label="Reason to reject the credit"
            />
            <button class="btn btn-small btn-danger" type="submit">
              Reject credit
            </button>
          </form>
        </div>
      )}
    </div>
  )
}

/** The inspector: facts, evidence slots, status actions, the credit awaiting approval and reply templates of one dispute. */
export function DisputeInspector({ member, detail, replyKey, approval, flash }: InspectorProps) {
  const d = detail.dispute
  const mayWork = can(member.role, "disputes")
  const slots = slotStates(d.reason, detail.evidence)
  const moves = allowedMoves(d.status)
  return (
    <section class="card" aria-label="Dispute inspector">
      {flash && <Flash kind={flash.kind}>{flash.text}</Flash>}
      <h2>
        {d.customerName} · {d.invoiceNumber}: {disputeReasonLabels[d.reason]}
      </h2>
      <p>
        <Badge tone="info">{d.status.replaceAll("_", " ")}</Badge> Answer due {fmtDateTime(d.slaDueAt)}
        {d.slaPausedAt && <span class="muted"> (paused since {fmtDateTime(d.slaPausedAt)})</span>} · balance{" "}
        {money(d.balanceMinor, d.currency)} · <a href={`/work/disputes/${d.id}`}>Full page</a>
      </p>
      {d.message && <p class="prewrap">{d.message}</p>}
      {d.resolution && <p>Resolution: {d.resolution}</p>}
      {d.creditMinor != null && d.status === "resolved" && <p>Credit: {money(d.creditMinor, d.currency)}</p>}
      {approval && <CreditApproval member={member} disputeId={d.id} a={approval} />}
      <div class="grid grid-2">
        <div>
          <h3>Evidence</h3>
          {slots.length === 0 ? (
            <p class="muted">No checklist for this reason.</p>
          ) : (
            <ul>
              {slots.map((s) => (
                <li>
                  <Badge tone={s.filled ? "good" : s.required ? "warn" : "neutral"}>{s.filled ? "filled" : "missing"}</Badge> {s.label}
                  {s.required ? "" : " (optional)"}
                </li>
              ))}
            </ul>
          )}
          {detail.evidence.length > 0 && (
            <ul class="small" aria-label="Files">
              {detail.evidence.map((e) => (
                <li>
                  <a href={`/work/disputes/${d.id}/evidence/${e.id}`}>{e.filename}</a>{" "}
                  <span class="muted">{Math.max(1, Math.round(e.sizeBytes / 1024))} KB</span>
                </li>
              ))}
            </ul>
          )}
          {mayWork && slots.length > 0 && (
            <form method="post" action={`/work/disputes/${d.id}/evidence`} enctype="multipart/form-data" class="row">
              <CsrfField token={member.csrfToken} />
              <select name="slot" aria-label="Evidence slot">
                {slots.map((s) => (
                  <option value={s.key}>{s.label}</option>
                ))}
              </select>
              <input type="file" name="file" aria-label="File" accept=".pdf,.png,.jpg,.jpeg" />
              <button class="btn btn-small" type="submit">
                Upload
              </button>
            </form>
          )}
        </div>
        <div>
          <h3>Actions</h3>
          {!mayWork ? (
            <p class="muted">Your role can read disputes; Operators, A/R Managers, Legal and Controllers work them.</p>
          ) : (
            <>
              <form
                method="post"
                action={`/work/disputes/${d.id}`}
                hx-post={`/work/disputes/${d.id}`}
                hx-target="#inspector"
                hx-swap="innerHTML"
                data-swap-errors=""
              >
                <CsrfField token={member.csrfToken} />
                {moves.includes("resolved") && (
                  <input
                    name="credit"
                    type="text"
                    inputmode="decimal"
                    placeholder={`Credit on resolve, ${d.currency} (optional)`}
                    aria-label={`Credit on resolve (${d.currency})`}
                  />
                )}
                {moves.includes("resolved") && (
                  <p class="hint">
                    A credit at or above the policy's approval threshold goes to approval; a smaller one is granted at once.
                  </p>
                )}
                <input
                  name="resolution"
                  type="text"
                  maxlength={1000}
                  placeholder="Resolution or reason (needed to reject)"
                  aria-label="Resolution"
                />
                <div class="row">
                  {moves.map((mv) => (
                    <button class={`btn btn-small${mv === "rejected" ? " btn-danger" : ""}`} type="submit" name="action" value={mv}>
                      {moveLabels[mv]}
                    </button>
                  ))}
                </div>
              </form>
              <form method="post" action={`/work/disputes/${d.id}/replies`} class="row">
                <CsrfField token={member.csrfToken} />
                <input type="hidden" name="key" value={replyKey} />
                <select name="template" aria-label="Reply template">
                  {templatesFor(d.reason).map((t) => (
                    <option value={t.key}>{t.title}</option>
                  ))}
                </select>
                <button class="btn btn-small" type="submit">
                  Send reply to payer
                </button>
              </form>
            </>
          )}
        </div>
      </div>
    </section>
  )
}
