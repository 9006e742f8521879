// Disputes workspace parts: the SLA Snapshot tiles, Today's Focus cards (each filters the table), the Dispute
// Metrics cards, and the inspector that opens under the table (htmx partial, or the full page with ?selected=).
import type { disputeDetail } from "../../../db/collections"
import type { DisputeMetrics } from "../../../domain/dispute-metrics"
import { slotStates } from "../../../domain/dispute-evidence"
import { focusKeys, focusLabels, type FocusKey } from "../../../domain/dispute-focus"
import { templatesFor } from "../../../domain/dispute-replies"
import { allowedMoves } from "../../../domain/dispute-status"
import { disputeReasonLabels } from "../../../domain/portal-rules"
import { formatShare } from "../../../domain/promise-adherence"
import { can } from "../../../domain/roles"
import type { Member } from "../../env"
import { Badge, CsrfField } from "../components/ui"
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
  const tiles: [string, string, string][] = [
    ["Active", String(m.sla.active), `${m.sla.paused} paused, waiting on the payer`],
    ["At risk (under 24 h)", String(m.sla.at_risk), "running clock due within 24 hours"],
    ["Breached", String(m.sla.breached), "running clock past its due time"],
    ["Due today", String(m.sla.due_today), "due before midnight, not yet breached"],
    [
      "Median first response",
      m.sla.median_first_response_hours === null ? "—" : `${m.sla.median_first_response_hours} h`,
      "filing to first status change or reply, last 90 days",
    ],
  ]
  return (
    <section aria-label="SLA Snapshot" class="grid-5 kpi-tiles">
      {tiles.map(([label, value, note]) => (
        <div class="kpi">
          <div class="kpi-label">{label}</div>
          <div class={`kpi-value num${label === "Breached" && m.sla.breached > 0 ? " kpi-bad" : ""}`}>{value}</div>
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

export function DisputeMetricsCards({ m }: { m: DisputeMetrics }) {
  const most = Math.max(1, ...m.by_reason.map((r) => r.open))
  return (
    <div class="grid grid-2">
      <section class="card">
        <h2>Open by reason</h2>
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
        <h2>Dispute metrics</h2>
        <dl class="facts">
          <dt>Credits issued this month</dt>
          <dd class="num">{money(m.credits_issued_minor, m.currency)}</dd>
          <dt>Last month</dt>
          <dd class="num">{money(m.credits_issued_last_month_minor, m.currency)}</dd>
          <dt>Resolved within SLA</dt>
          <dd class="num">{formatShare(m.resolved_within_sla)}</dd>
          <dt>Reopen rate</dt>
          <dd class="num">{formatShare(m.reopen_rate)}</dd>
        </dl>
        <p class="muted small">Credits in {m.currency} (the base currency); shares of the disputes closed in the last 90 days.</p>
      </section>
    </div>
  )
}

type Detail = NonNullable<Awaited<ReturnType<typeof disputeDetail>>>

/** The inspector: facts, evidence slots, status actions and reply templates of one dispute. */
export function DisputeInspector({ member, detail, replyKey }: { member: Member; detail: Detail; replyKey: string }) {
  const d = detail.dispute
  const mayWork = can(member.role, "disputes")
  const slots = slotStates(d.reason, detail.evidence)
  return (
    <section class="card" aria-label="Dispute inspector">
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
              <form method="post" action={`/work/disputes/${d.id}`}>
                <CsrfField token={member.csrfToken} />
                <input
                  name="resolution"
                  type="text"
                  maxlength={1000}
                  placeholder="Resolution or reason (needed to reject)"
                  aria-label="Resolution"
                />
                <div class="row">
                  {allowedMoves(d.status).map((mv) => (
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
