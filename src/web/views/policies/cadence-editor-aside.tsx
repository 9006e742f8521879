// The cadence editor's side column: the live preview against a real invoice, the dry-run chart, and publishing.
import type { PolicyInput } from "../../../domain/policy-schema"
import { can } from "../../../domain/roles"
import type { Member } from "../../env"
import type { ErrorDetail } from "../../errors"
import { CsrfField } from "../components/ui"

export type EditorProps = {
  member: Member
  cadenceId: string
  version: number
  status: string
  versions: { version: number; status: string }[]
  policy: PolicyInput
  currency: string
  invoices: { id: string; invoiceNumber: string; customerName: string }[]
  segments: { id: string; name: string; cadenceId: string | null; cadenceVersion: number | null }[]
  errors?: ErrorDetail[]
  message?: string
  notice?: string
}

export function EditorAside(p: EditorProps & { base: string }) {
  const base = p.base
  return (
    <aside class="stack">
      <section class="card">
        <h2>Dry run</h2>
        <p class="muted small">
          What v{p.version} as saved would do to today's portfolio, day by day, with the real send rule, calendar and caps. Nothing is sent
          or written.
        </p>
        <div id="dry-run">
          <button class="btn" type="button" hx-post={`${p.base}/dry-run`} hx-vals='{"days": "30"}' hx-target="#dry-run" hx-swap="outerHTML">
            Simulate the next 30 days
          </button>
        </div>
      </section>
      <section class="card sticky">
        <h2>Preview</h2>
        <div class="field">
          <label for="invoice-picker">Render against invoice</label>
          <select id="invoice-picker" name="invoice_id" form="cadence-form">
            {p.invoices.map((i) => (
              <option value={i.id}>
                {i.invoiceNumber} · {i.customerName}
              </option>
            ))}
          </select>
        </div>
        {p.invoices.length === 0 ? (
          <p class="muted">No open invoices to preview against yet. Import invoices under Admin → Connectors.</p>
        ) : (
          <div id="preview" hx-post={`${base}/preview`} hx-include="#cadence-form" hx-trigger="load" hx-swap="outerHTML">
            <p class="muted">Rendering…</p>
          </div>
        )}
      </section>
      {p.status === "draft" && can(p.member.role, "publish_policy") && (
        <section class="card">
          <h2>Publish v{p.version}</h2>
          <form
            method="post"
            action={`${base}/publish`}
            class="stack"
            data-confirm={`Publish v${p.version}? It can never be edited afterwards.`}
          >
            <CsrfField token={p.member.csrfToken} />
            <p>Which segments move to v{p.version}?</p>
            {p.segments.length === 0 && <p class="muted">No segments yet. You can assign this version from Admin → Segments later.</p>}
            {p.segments.map((s) => (
              <label>
                <input type="checkbox" name="segment_ids" value={s.id} checked={s.cadenceId === p.cadenceId} /> {s.name}{" "}
                <span class="muted small">
                  {s.cadenceId === p.cadenceId ? `now on v${s.cadenceVersion}` : s.cadenceId ? "on another cadence" : "no cadence"}
                </span>
              </label>
            ))}
            <button class="btn btn-primary" type="submit">
              Publish
            </button>
          </form>
        </section>
      )}
    </aside>
  )
}
