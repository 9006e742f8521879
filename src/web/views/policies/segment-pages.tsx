// Admin -> Segments: the list in priority order, and the editor with live preview, guardrails and health.
import { agingBuckets } from "../../../domain/aging"
import type { Guardrail } from "../../../domain/guardrails"
import { formatMoney, toDecimalString } from "../../../domain/money"
import { describeFilters, type Filters } from "../../../domain/segment-rules"
import { can } from "../../../domain/roles"
import type { SegmentHealth } from "../../../db/segment-health"
import type { SegmentRow } from "../../../db/segments"
import type { Member } from "../../env"
import type { ErrorDetail } from "../../errors"
import { Badge, CsrfField, EmptyState, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"
import { GuardrailList, HealthWidget } from "./segment-health"
import { pct } from "./segment-preview"

export function ModeBadge({ mode }: { mode: string }) {
  return mode === "autopilot" ? <Badge tone="warn">Autopilot</Badge> : <Badge tone="info">Shadow</Badge>
}
export function SegStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={status === "active" ? "good" : status === "paused" ? "warn" : "neutral"}>
      {status === "active" ? "Active" : status === "paused" ? "Paused" : "Draft"}
    </Badge>
  )
}

type ListRow = { segment: SegmentRow; cadenceName: string | null; count: number; coverage: number }

export function SegmentListPage({ member, rows, currency }: { member: Member; rows: ListRow[]; currency: string }) {
  const money = (m: number) => formatMoney(m, currency)
  return (
    <Layout title="Segments" member={member} active="/admin/segments">
      <PageHeader
        title="Segments"
        subtitle="Groups of invoices, each with a cadence version and a mode. When segments overlap, the lower priority number owns the invoice, so no invoice is chased twice."
        actions={
          can(member.role, "segments") && (
            <a class="btn btn-primary" href="/admin/segments/new">
              New segment
            </a>
          )
        }
      />
      {rows.length === 0 ? (
        <EmptyState
          title="No segments yet"
          action={
            can(member.role, "segments") && (
              <a class="btn btn-primary" href="/admin/segments/new">
                Create the first segment
              </a>
            )
          }
        >
          A segment picks invoices by aging bucket, balance, currency, industry, region or score, and assigns them a published cadence.
        </EmptyState>
      ) : (
        <div class="table-wrap card">
          <table>
            <thead>
              <tr>
                <th class="right">Priority</th>
                <th>Segment</th>
                <th>Filters</th>
                <th>Cadence</th>
                <th>Mode</th>
                <th>Status</th>
                <th class="right">Invoices</th>
                <th class="right">Coverage</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ segment: s, cadenceName, count, coverage }) => (
                <tr>
                  <td class="right num">{s.priority}</td>
                  <td>
                    <a href={`/admin/segments/${s.id}`}>{s.name}</a>
                  </td>
                  <td class="small">{describeFilters(s.filters as Filters, money)}</td>
                  <td>{cadenceName ? `${cadenceName} v${s.cadenceVersion}` : <span class="muted">None</span>}</td>
                  <td>
                    <ModeBadge mode={s.mode} />
                  </td>
                  <td>
                    <SegStatusBadge status={s.status} />
                  </td>
                  <td class="right num">{count.toLocaleString("en-US")}</td>
                  <td class="right num">{count ? pct(coverage) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}

type EditorProps = {
  member: Member
  segment: SegmentRow | null
  values: {
    name: string
    priority: number
    filters: Filters
    cadence: string
    mode: string
    status: string
    sendCap: number | null
    quiet: { start: string; end: string } | null
    notes: string | null
  }
  currency: string
  choices: { industries: string[]; regions: string[]; currencies: string[] }
  versions: { cadenceId: string; name: string; version: number; liveVersion: number | null }[]
  guardrails: Guardrail[] | null
  health: SegmentHealth | null
  error?: { message: string; details: ErrorDetail[] }
  notice?: string
}

export function SegmentEditorPage(p: EditorProps) {
  const v = p.values
  const f = v.filters
  const editable = can(p.member.role, "segments")
  const action = p.segment ? `/admin/segments/${p.segment.id}` : "/admin/segments"
  const major = (m: number | null | undefined) => (m == null ? "" : toDecimalString(m, p.currency))
  const checks = (name: string, options: string[], chosen: string[] | undefined, label: (o: string) => string = (o) => o) => (
    <div class="check-group">
      {options.length === 0 && <span class="muted small">None in your data yet</span>}
      {options.map((o) => (
        <label>
          <input type="checkbox" name={name} value={o} checked={(chosen ?? []).includes(o)} /> {label(o)}
        </label>
      ))}
    </div>
  )
  return (
    <Layout title={p.segment ? p.segment.name : "New segment"} member={p.member} active="/admin/segments">
      <PageHeader
        title={p.segment ? p.segment.name : "New segment"}
        subtitle={
          p.segment ? (
            <>
              <SegStatusBadge status={p.segment.status} /> <ModeBadge mode={p.segment.mode} /> Priority {p.segment.priority}
            </>
          ) : (
            "Choose filters and watch the preview; save as a draft, publish when coverage is at least 70%."
          )
        }
        actions={
          <a class="btn btn-quiet" href="/admin/segments">
            All segments
          </a>
        }
      />
      {p.notice && <Flash kind="good">{p.notice}</Flash>}
      {p.error && (
        <Flash kind="bad">
          {p.error.message}
          {p.error.details.length > 1 && (
            <ul>
              {p.error.details.map((d) => (
                <li>{d.message}</li>
              ))}
            </ul>
          )}
        </Flash>
      )}
      <div class="grid grid-2 editor-grid">
        <form
          method="post"
          action={action}
          id="segment-form"
          class="stack"
          hx-post="/admin/segments-preview"
          hx-trigger="input changed delay:400ms, change"
          hx-target="#segment-preview"
          hx-swap="outerHTML"
        >
          <CsrfField token={p.member.csrfToken} />
          {p.segment && <input type="hidden" name="segment_id" value={p.segment.id} />}
          <fieldset class="card" disabled={!editable}>
            <legend>Segment</legend>
            <div class="grid grid-2">
              <div class="field">
                <label for="s-name">Name</label>
                <input type="text" id="s-name" name="name" value={v.name} required maxlength={120} placeholder="e.g. SMB 1-30 under $5k" />
              </div>
              <div class="field">
                <label for="s-prio">Priority</label>
                <input id="s-prio" name="priority" type="number" min={1} max={1000} value={String(v.priority)} />
                <p class="hint">Lower wins when segments overlap.</p>
              </div>
            </div>
          </fieldset>
          <fieldset class="card" disabled={!editable}>
            <legend>Filters</legend>
            <div class="field">
              <span>Aging buckets</span>
              {checks("aging_buckets", [...agingBuckets], f.aging_buckets, (b) => (b === "current" ? "Current" : `${b} days`))}
            </div>
            <div class="grid grid-2">
              <div class="field">
                <label for="s-minb">Balance from</label>
                <input type="text" id="s-minb" name="min_balance" inputmode="decimal" value={major(f.min_balance_minor)} />
              </div>
              <div class="field">
                <label for="s-maxb">Balance up to</label>
                <input type="text" id="s-maxb" name="max_balance" inputmode="decimal" value={major(f.max_balance_minor)} />
                <p class="hint">In each invoice's own currency; pick a currency below to compare like with like.</p>
              </div>
              <div class="field">
                <label for="s-mins">Score from</label>
                <input id="s-mins" name="min_score" type="number" min={0} max={100} value={f.min_score?.toString() ?? ""} />
              </div>
              <div class="field">
                <label for="s-maxs">Score up to</label>
                <input id="s-maxs" name="max_score" type="number" min={0} max={100} value={f.max_score?.toString() ?? ""} />
              </div>
            </div>
            <div class="field">
              <span>Currency</span>
              {checks("currencies", p.choices.currencies, f.currencies)}
            </div>
            <div class="field">
              <span>Industry</span>
              {checks("industries", p.choices.industries, f.industries)}
            </div>
            <div class="field">
              <span>Region</span>
              {checks("regions", p.choices.regions, f.regions)}
            </div>
          </fieldset>
          <fieldset class="card" disabled={!editable}>
            <legend>Cadence and sending</legend>
            <div class="grid grid-2">
              <div class="field">
                <label for="s-cad">Cadence version</label>
                <select id="s-cad" name="cadence">
                  <option value="">None yet</option>
                  {p.versions.map((c) => (
                    <option value={`${c.cadenceId}@${c.version}`} selected={v.cadence === `${c.cadenceId}@${c.version}`}>
                      {c.name} v{c.version}
                      {c.liveVersion === c.version ? " (live)" : ""}
                    </option>
                  ))}
                </select>
                <p class="hint">Only published versions can be assigned.</p>
              </div>
              <div class="field">
                <label for="s-status">Status</label>
                <select id="s-status" name="status">
                  {[
                    ["draft", "Draft"],
                    ["active", "Active (published)"],
                    ["paused", "Paused"],
                  ].map(([k, l]) => (
                    <option value={k} selected={v.status === k}>
                      {l}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <span>Mode</span>
                <label>
                  <input type="radio" name="mode" value="shadow" checked={v.mode !== "autopilot"} /> Shadow: drafts for review
                </label>
                <label>
                  <input type="radio" name="mode" value="autopilot" checked={v.mode === "autopilot"} /> Autopilot: sends on schedule
                </label>
              </div>
              <div class="field">
                <label for="s-cap">Send cap per day</label>
                <input
                  id="s-cap"
                  name="send_cap_per_day"
                  type="number"
                  min={1}
                  value={v.sendCap?.toString() ?? ""}
                  placeholder="Cadence default"
                />
              </div>
              <div class="field">
                <label for="s-qs">Quiet hours override from</label>
                <input id="s-qs" name="quiet_start" type="time" value={v.quiet?.start ?? ""} />
              </div>
              <div class="field">
                <label for="s-qe">until</label>
                <input id="s-qe" name="quiet_end" type="time" value={v.quiet?.end ?? ""} />
              </div>
            </div>
            <div class="field">
              <label for="s-notes">Notes</label>
              <textarea id="s-notes" name="notes" rows={3} placeholder="Why this segment exists, and when to revisit Shadow Mode">
                {v.notes ?? ""}
              </textarea>
            </div>
            {can(p.member.role, "admin") && (
              <div class="field">
                <label for="s-override">Override failing guardrails (Controller, written reason)</label>
                <textarea
                  id="s-override"
                  name="override_reason"
                  rows={2}
                  placeholder="Only when switching on Autopilot while a guardrail fails. Audited."
                ></textarea>
              </div>
            )}
          </fieldset>
          {editable && (
            <div class="row">
              <button class="btn btn-primary" type="submit">
                {p.segment ? "Save segment" : "Create segment"}
              </button>
            </div>
          )}
        </form>
        <aside class="stack">
          <section class="card">
            <h2>Live preview</h2>
            <div id="segment-preview" hx-post="/admin/segments-preview" hx-include="#segment-form" hx-trigger="load" hx-swap="outerHTML">
              <p class="muted">Loading matching invoices…</p>
            </div>
          </section>
          {p.guardrails && <GuardrailList guardrails={p.guardrails} override={p.segment?.autopilotOverrideReason ?? null} />}
          {p.health && <HealthWidget h={p.health} />}
        </aside>
      </div>
    </Layout>
  )
}
