// The Data-Ready widget: score, green/amber/red, each check with what to do next, and the "Stripe test received" badge.
import type { DataReadyResult } from "../../../domain/data-ready"
import type { ConnectorSummary } from "../../../services/connectors"
import { Badge } from "./ui"

const tone = { green: "good", amber: "warn", red: "bad" } as const
const word = { green: "Green", amber: "Amber", red: "Red" } as const

const connectorTone = { green: "good", amber: "warn", red: "bad", disconnected: "neutral" } as const

export function DataReadyWidget({
  result,
  streakDays,
  compact = false,
  connectors,
}: {
  result: DataReadyResult
  streakDays?: number
  compact?: boolean
  connectors?: ConnectorSummary[]
}) {
  const testReceived = result.checks.find((c) => c.key === "stripe_test")?.ok ?? false
  return (
    <section class={`card data-ready data-ready-${result.status}`} aria-labelledby="data-ready-title">
      <div class="data-ready-head">
        <div>
          <h2 id="data-ready-title">Data-Ready score</h2>
          <p class="muted small">Autopilot needs green for three consecutive days.</p>
        </div>
        <div class="data-ready-score">
          <span class="data-ready-number num">{result.score}</span>
          <span class="muted small">/ 100</span>
          <Badge tone={tone[result.status]}>{word[result.status]}</Badge>
        </div>
      </div>
      <progress
        class={`meter meter-${result.status}`}
        max={100}
        value={result.score}
        aria-label="Data-Ready score"
      >{`${result.score} of 100`}</progress>
      <div class="badges data-ready-badges">
        {testReceived ? <Badge tone="good">Stripe test received</Badge> : <Badge tone="warn">Stripe test not received</Badge>}
        {connectors
          ?.filter((c) => c.status !== "disconnected" && c.kind !== "stripe")
          .map((c) => (
            <Badge
              tone={connectorTone[c.status]}
            >{`${c.label} ${c.status}${c.lastSyncAt ? ` · synced ${c.lastSyncAt.slice(5, 16).replace("T", " ")}` : ""}`}</Badge>
          ))}
        {streakDays !== undefined && streakDays > 0 && (
          <Badge tone={result.status === "green" && streakDays >= 3 ? "good" : "neutral"}>
            {result.status === "green"
              ? `Green ${streakDays} day${streakDays === 1 ? "" : "s"} in a row`
              : `Was green ${streakDays} day${streakDays === 1 ? "" : "s"} before today`}
          </Badge>
        )}
      </div>
      {!compact && (
        <ul class="data-ready-checks">
          {result.checks.map((c) => (
            <li class={c.ok ? "ok" : "todo"}>
              <span class="data-ready-mark" aria-hidden="true">
                {c.ok ? "✓" : "○"}
              </span>
              <span class="data-ready-label">
                {c.label}
                <span class="sr-only">{c.ok ? " (done)" : " (to do)"}</span>
              </span>
              <span class="muted small">{c.detail}</span>
              <span class="muted small num right">{c.weight}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
