// Autopilot guardrails: the health limits a segment must hold (bounces, complaints, disputes) and the green-day streak.
import { describe, expect, it } from "vitest"
import { evaluateGuardrails, failing, greenStreak, type GuardrailMetrics } from "../../src/domain/guardrails"

const healthy: GuardrailMetrics = {
  greenStreakDays: 3,
  stripeTestEventAt: "2026-11-18T10:00:00Z",
  sends7d: 500,
  bounces7d: 9,
  contactCoverage: 0.9,
  invoicesInSegment: 120,
  unresolvedDisputes: 0,
  payments7d: 100,
  reversals7d: 5,
}

describe("Autopilot guardrails", () => {
  it("all hold for a healthy segment (at each limit)", () => {
    expect(failing(evaluateGuardrails(healthy))).toEqual([])
  })

  it.each<[string, Partial<GuardrailMetrics>, string]>([
    ["data_ready", { greenStreakDays: 2 }, "Green 2 days in a row"],
    ["stripe_test_event", { stripeTestEventAt: null }, "No test event from Stripe yet"],
    ["bounce_rate", { bounces7d: 10 }, "2% (10 of 500 sends)"],
    ["contact_coverage", { contactCoverage: 0.89 }, "89% of invoices"],
    ["contact_coverage", { invoicesInSegment: 0 }, "No invoices match"],
    ["disputes", { unresolvedDisputes: 1 }, "1 unresolved dispute"],
    ["reversals", { reversals7d: 6 }, "6% (6 of 100 payments)"],
  ])("fails %s alone and says why", (key, change, detail) => {
    const unmet = failing(evaluateGuardrails({ ...healthy, ...change }))
    expect(unmet.map((g) => g.key)).toEqual([key])
    expect(unmet[0].detail).toContain(detail)
  })

  it.each([
    [["2026-11-21", "2026-11-20", "2026-11-19"], 3],
    [["2026-11-20", "2026-11-19", "2026-11-18", "2026-11-17"], 4],
    [["2026-11-21", "2026-11-19", "2026-11-18"], 1],
    [["2026-11-19", "2026-11-18", "2026-11-17"], 0],
    [[], 0],
  ])("counts consecutive green days %j as %i", (days, streak) => {
    expect(
      greenStreak(
        days.map((day) => ({ day, status: "green" })),
        "2026-11-21",
      ),
    ).toBe(streak)
  })

  it("stops the streak at an amber day", () => {
    expect(
      greenStreak(
        [
          { day: "2026-11-21", status: "green" },
          { day: "2026-11-20", status: "amber" },
          { day: "2026-11-19", status: "green" },
        ],
        "2026-11-21",
      ),
    ).toBe(1)
  })
})
