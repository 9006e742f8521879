// Turns test/fixtures/disputes/metrics.json into dispute rows at a given moment (anchors resolved in the org's zone).
import { dayStart } from "../../src/domain/cadence-next"
import { addDays } from "../../src/domain/dates"
import type { DisputeMetricRow } from "../../src/domain/dispute-metrics"
import { monthStart } from "../../src/domain/dispute-metrics"
import type { DisputeReason } from "../../src/domain/portal-rules"
import { dayIn } from "../../src/domain/send-window"
import fixture from "../fixtures/disputes/metrics.json"

export const FIXTURE_ZONE = "America/New_York"
type Anchor = "now" | "end_of_today" | "this_month" | "last_month"
export type FixtureDispute = DisputeMetricRow & { key: string }

export function fixtureDisputes(now: Date, timeZone = FIXTURE_ZONE): FixtureDispute[] {
  const anchors: Record<Anchor, number> = {
    now: now.getTime(),
    end_of_today: dayStart(addDays(dayIn(now, timeZone), 1), timeZone).getTime(),
    this_month: monthStart(now, timeZone).getTime(),
    last_month: monthStart(now, timeZone, 1).getTime(),
  }
  const at = (t: unknown) => {
    if (!t) return null
    const [anchor, hours] = t as [Anchor, number]
    return new Date(anchors[anchor] + Math.round(hours * 3_600_000)).toISOString()
  }
  return fixture.disputes.map((d) => {
    const x = d as Record<string, unknown>
    return {
      key: d.key,
      reason: d.reason as DisputeReason,
      status: d.status,
      createdAt: at(d.created)!,
      slaDueAt: at(d.sla)!,
      slaPausedAt: at(x.sla_paused),
      firstResponseAt: at(x.first_response),
      resolvedAt: at(x.resolved),
      creditMinor: (x.credit_minor as number | undefined) ?? null,
      currency: (x.currency as string | undefined) ?? "USD",
      reopenCount: (x.reopen_count as number | undefined) ?? 0,
    }
  })
}

/** What the fixture must give, whatever the moment (see the fixture's "about"). */
export const fixtureExpected = {
  sla: { active: 6, at_risk: 2, breached: 1, due_today: 1, paused: 1, median_first_response_hours: 5 },
  by_reason: [
    { reason: "pricing", open: 2, median_days_to_resolve: 4 },
    { reason: "quantity", open: 1, median_days_to_resolve: null },
    { reason: "quality", open: 1, median_days_to_resolve: 2 },
    { reason: "not_received", open: 1, median_days_to_resolve: null },
    { reason: "duplicate", open: 1, median_days_to_resolve: null },
    { reason: "other", open: 0, median_days_to_resolve: null },
  ],
  credits_issued_minor: 15000,
  credits_issued_last_month_minor: 5000,
  currency: "USD",
  reopen_rate: 0.25,
  resolved_within_sla: 0.75,
}
