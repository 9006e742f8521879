// The live preview of a segment (htmx fragment): count, balance by currency, coverage, overlaps, a page of invoices.
import { agingBucket, daysPastDue } from "../../../domain/aging"
import { formatMoney } from "../../../domain/money"
import type { segmentPreview } from "../../../services/segment-preview"
import { Badge, DataTable } from "../components/ui"

type Preview = Awaited<ReturnType<typeof segmentPreview>>

export function pct(x: number) {
  return `${Math.round(x * 100)}%`
}

export function SegmentPreviewPanel({
  p,
  today,
  csvHref,
  selfName,
}: {
  p: Preview
  today: string
  csvHref: string | null
  selfName: string
}) {
  return (
    <div id="segment-preview" class="stack">
      <div class="grid grid-3 kpis">
        <div class="kpi">
          <div class="kpi-label">Matching invoices</div>
          <div class="kpi-value num">{p.count.toLocaleString("en-US")}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Open balance</div>
          <div class="kpi-value-sm">
            {p.totals.length === 0 ? "—" : p.totals.map((t) => <div class="num">{formatMoney(t.balanceMinor, t.currency)}</div>)}
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Contact coverage</div>
          <div class="kpi-value num">{p.count ? pct(p.coverage) : "—"}</div>
          <div class="kpi-note">
            {p.count ? `${p.reachable} of ${p.count} reachable` : ""}{" "}
            {p.count > 0 && p.coverage < 0.7 && <Badge tone="bad">Under 70%: cannot publish</Badge>}
            {p.coverage >= 0.7 && p.coverage < 0.9 && <Badge tone="warn">Under 90%: Shadow only</Badge>}
          </div>
        </div>
      </div>
      {p.overlaps.length > 0 ? (
        <div class="flash flash-warn" role="status">
          <strong>Overlaps.</strong> {selfName} owns {p.owned} of {p.count} matching invoices by priority (lower number wins).
          <ul>
            {p.overlaps.map((o) => (
              <li>
                <a href={`/admin/segments/${o.segmentId}`}>{o.name}</a> (priority {o.priority}, {o.status}) also matches {o.invoices} of
                them
                {o.takes ? `, and owns ${o.takes}` : ", and owns none"}.
              </li>
            ))}
          </ul>
        </div>
      ) : p.count > 0 ? (
        <p class="muted small">No other segment matches these invoices.</p>
      ) : null}
      {p.count === 0 ? (
        <p class="muted">No open invoice matches these filters. Widen the aging buckets or the balance range.</p>
      ) : (
        <DataTable columns={["Invoice", "Customer", "Days late", { label: "Balance", align: "right" }, "Contact", "Owner"]}>
          {p.rows.map((r) => (
            <tr>
              <td class="nowrap">
                <a href={`/work/invoices/${r.id}`}>{r.invoiceNumber}</a>
              </td>
              <td>{r.customerName}</td>
              <td class="nowrap">
                {Math.max(0, daysPastDue(r.dueDate, today))} <span class="muted small">({agingBucket(r.dueDate, today)})</span>
              </td>
              <td class="right num">{formatMoney(r.balanceMinor, r.currency)}</td>
              <td>{r.reachable ? <Badge tone="good">Yes</Badge> : <Badge tone="bad">Missing</Badge>}</td>
              <td>
                {r.ownedBySelf ? (
                  <Badge tone="info">This</Badge>
                ) : r.owner ? (
                  (p.names.get(r.owner)?.name ?? r.owner)
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <div class="row">
        {p.page > 1 && (
          <button
            class="btn btn-small"
            type="button"
            hx-post="/admin/segments-preview"
            hx-include="#segment-form"
            hx-vals={JSON.stringify({ page: p.page - 1 })}
            hx-target="#segment-preview"
            hx-swap="outerHTML"
          >
            ← Previous
          </button>
        )}
        {p.count > 0 && <span class="muted small">Page {p.page}</span>}
        {p.hasNext && (
          <button
            class="btn btn-small"
            type="button"
            hx-post="/admin/segments-preview"
            hx-include="#segment-form"
            hx-vals={JSON.stringify({ page: p.page + 1 })}
            hx-target="#segment-preview"
            hx-swap="outerHTML"
          >
            Next →
          </button>
        )}
        {csvHref && p.count > 0 && (
          <a class="btn btn-small btn-quiet" href={csvHref}>
            Export preview (CSV)
          </a>
        )}
      </div>
    </div>
  )
}
