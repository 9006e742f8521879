// Segment Health widget and the Autopilot guardrail checklist.
import type { Guardrail } from "../../../domain/guardrails"
import { rate } from "../../../domain/guardrails"
import type { SegmentHealth } from "../../../db/segment-health"
import { Badge } from "../components/ui"
import { pct } from "./segment-preview"

export function HealthWidget({ h }: { h: SegmentHealth }) {
  const promises = h.promisesKept90d + h.promisesBroken90d
  return (
    <section class="card">
      <h2>Segment Health</h2>
      <div class="grid grid-2 kpis">
        <div class="kpi">
          <div class="kpi-label">Contact coverage</div>
          <div class="kpi-value num">{h.invoicesInSegment ? pct(h.contactCoverage) : "—"}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Bounce rate (7 days)</div>
          <div class="kpi-value num">{h.sends7d ? pct(rate(h.bounces7d, h.sends7d)) : "—"}</div>
          <div class="kpi-note">{h.sends7d ? `${h.bounces7d} of ${h.sends7d} sends` : "No sends yet"}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Promise adherence (90 days)</div>
          <div class="kpi-value num">{promises ? pct(rate(h.promisesKept90d, promises)) : "—"}</div>
          <div class="kpi-note">{promises ? `${h.promisesKept90d} kept of ${promises} due` : "No promises due"}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Sends (7 days)</div>
          <div class="kpi-value num">{h.sends7d.toLocaleString("en-US")}</div>
        </div>
      </div>
    </section>
  )
}

export function GuardrailList({ guardrails, override }: { guardrails: Guardrail[]; override: string | null }) {
  const unmet = guardrails.filter((g) => !g.ok).length
  return (
    <section class="card">
      <h2>Autopilot guardrails</h2>
      <p class="muted small">
        {unmet
          ? `${unmet} of ${guardrails.length} not met: Autopilot is refused until they are, unless a Controller overrides in writing.`
          : "All met: Autopilot may be switched on."}
      </p>
      <ul class="guardrail-list">
        {guardrails.map((g) => (
          <li>
            {g.ok ? <Badge tone="good">Met</Badge> : <Badge tone="bad">Not met</Badge>}
            <span>
              <strong>{g.label}</strong> <span class="muted small">{g.detail}</span>
            </span>
          </li>
        ))}
      </ul>
      {override && (
        <p class="flash flash-warn">
          <strong>Override in force:</strong> {override}
        </p>
      )}
    </section>
  )
}
