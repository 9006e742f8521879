// Autopilot guardrails of a segment (controller guide, "Decide when not to enable Autopilot"): each one named.
export type GuardrailMetrics = {
  greenStreakDays: number
  stripeTestEventAt: string | null
  sends7d: number
  bounces7d: number
  contactCoverage: number
  invoicesInSegment: number
  unresolvedDisputes: number
  payments7d: number
  reversals7d: number
}

export type GuardrailKey = "data_ready" | "stripe_test_event" | "bounce_rate" | "contact_coverage" | "disputes" | "reversals"
export type Guardrail = { key: GuardrailKey; label: string; ok: boolean; detail: string }

export const thresholds = { greenDays: 3, maxBounceRate: 0.02, minCoverage: 0.9, maxReversalRate: 0.05, publishCoverage: 0.7 } as const

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toString()}%`
export const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0)

export function evaluateGuardrails(m: GuardrailMetrics): Guardrail[] {
  const bounce = rate(m.bounces7d, m.sends7d)
  const reversal = rate(m.reversals7d, m.payments7d)
  return [
    {
      key: "data_ready",
      label: "Data-Ready green for 3 consecutive days",
      ok: m.greenStreakDays >= thresholds.greenDays,
      detail: m.greenStreakDays === 1 ? "Green 1 day in a row" : `Green ${m.greenStreakDays} days in a row`,
    },
    {
      key: "stripe_test_event",
      label: "Stripe test event received",
      ok: m.stripeTestEventAt !== null,
      detail: m.stripeTestEventAt ? `Received ${m.stripeTestEventAt.slice(0, 10)}` : "No test event from Stripe yet (Admin → Connectors)",
    },
    {
      key: "bounce_rate",
      label: "Bounce rate under 2% over 7 days",
      ok: bounce < thresholds.maxBounceRate,
      detail: m.sends7d ? `${pct(bounce)} (${m.bounces7d} of ${m.sends7d} sends)` : "No sends in the last 7 days",
    },
    {
      key: "contact_coverage",
      label: "Contact coverage at least 90%",
      ok: m.invoicesInSegment > 0 && m.contactCoverage >= thresholds.minCoverage,
      detail: m.invoicesInSegment ? `${pct(m.contactCoverage)} of invoices have a reachable contact` : "No invoices match the segment",
    },
    {
      key: "disputes",
      label: "No unresolved disputes in the segment",
      ok: m.unresolvedDisputes === 0,
      detail: m.unresolvedDisputes ? `${m.unresolvedDisputes} unresolved dispute${m.unresolvedDisputes === 1 ? "" : "s"}` : "None open",
    },
    {
      key: "reversals",
      label: "Payment reversals at most 5% in the trailing week",
      ok: reversal <= thresholds.maxReversalRate,
      detail: m.payments7d ? `${pct(reversal)} (${m.reversals7d} of ${m.payments7d} payments)` : "No payments in the last 7 days",
    },
  ]
}

export function failing(guardrails: Guardrail[]): Guardrail[] {
  return guardrails.filter((g) => !g.ok)
}

/** Consecutive green days ending on `today` or the day before (the daily snapshot runs at 00:15 UTC). */
export function greenStreak(snapshots: { day: string; status: string }[], today: string): number {
  const sorted = [...snapshots].sort((a, b) => b.day.localeCompare(a.day))
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  if (!sorted.length || (sorted[0].day !== today && sorted[0].day !== yesterday)) return 0
  let streak = 0
  let expected = sorted[0].day
  for (const s of sorted) {
    if (s.day !== expected || s.status !== "green") break
    streak++
    expected = new Date(Date.parse(`${expected}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  }
  return streak
}
