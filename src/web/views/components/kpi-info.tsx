// The (i) control of a KPI tile: a <details> that opens the definition and the formula (keyboard, touch, no script),
// shared by the CFO console and the Disputes workspace; the words come from a domain definitions module.
import type { KpiDefinition } from "../../../domain/kpi-definitions"

export function KpiInfo({ name, d }: { name: string; d: KpiDefinition }) {
  return (
    <details class="kpi-info">
      <summary aria-label={`What is ${d.label}?`}>
        <span aria-hidden="true">i</span>
      </summary>
      <div class="kpi-def" data-kpi-definition={name}>
        <p>{d.definition}</p>
        <p class="kpi-formula">
          <code>{d.formula}</code>
        </p>
      </div>
    </details>
  )
}
