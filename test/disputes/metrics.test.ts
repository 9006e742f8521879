// Dispute metrics maths (domain): every figure of the fixture at several moments, the org-zone day and month
// edges, and the SLA clock's pause, resume and reopen rules.
import { describe, expect, it } from "vitest"
import { disputeMetrics, median, monthStart, type DisputeMetricRow } from "../../src/domain/dispute-metrics"
import { allowedMoves, clockAfterMove, moveRefusal } from "../../src/domain/dispute-status"
import { FIXTURE_ZONE, fixtureDisputes, fixtureExpected } from "./metrics-fixture"

describe("dispute metrics", () => {
  it.each([
    ["a December morning in New York", "2026-12-02T15:00:00.000Z"],
    ["the last evening of February (local), already March in UTC", "2027-03-01T04:30:00.000Z"],
    ["the day clocks spring forward", "2027-03-14T12:00:00.000Z"],
    ["just after local midnight", "2026-12-02T05:10:00.000Z"],
  ])("gives every figure of the fixture on %s", (_label, iso) => {
    const now = new Date(iso)
    expect(disputeMetrics(fixtureDisputes(now), now, FIXTURE_ZONE, "USD")).toEqual(fixtureExpected)
  })

  it("starts the month and the day in the organisation's zone", () => {
    const now = new Date("2027-03-01T04:30:00.000Z") // 23:30 on 28 February in New York
    expect(monthStart(now, FIXTURE_ZONE).toISOString()).toBe("2027-02-01T05:00:00.000Z")
    expect(monthStart(now, FIXTURE_ZONE, 1).toISOString()).toBe("2027-01-01T05:00:00.000Z")
    const row = (slaDueAt: string): DisputeMetricRow => ({
      reason: "pricing",
      status: "open",
      createdAt: "2027-02-27T12:00:00.000Z",
      slaDueAt,
      slaPausedAt: null,
      firstResponseAt: null,
      resolvedAt: null,
      creditMinor: null,
      currency: "USD",
      reopenCount: 0,
    })
    // Local midnight is 05:00Z: 04:59Z is still today, 05:01Z is tomorrow (both at risk).
    const m = disputeMetrics([row("2027-03-01T04:59:00.000Z"), row("2027-03-01T05:01:00.000Z")], now, FIXTURE_ZONE, "USD")
    expect(m.sla).toMatchObject({ active: 2, at_risk: 2, due_today: 1, breached: 0 })
  })

  it("reports nothing as zero or null, never as a made-up share", () => {
    const m = disputeMetrics([], new Date("2026-12-02T15:00:00Z"), "UTC", "EUR")
    expect(m).toMatchObject({ credits_issued_minor: 0, currency: "EUR", reopen_rate: null, resolved_within_sla: null })
    expect(m.sla).toEqual({ active: 0, at_risk: 0, breached: 0, due_today: 0, paused: 0, median_first_response_hours: null })
    expect(m.by_reason.every((r) => r.open === 0 && r.median_days_to_resolve === null)).toBe(true)
  })

  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([9, 2, 4])).toBe(4)
    expect(median([1, 10, 3, 4])).toBe(3.5)
    expect(median([])).toBeNull()
  })
})

describe("dispute status machine", () => {
  it.each([
    ["open", "waiting_on_payer", null],
    ["investigating", "escalated", null],
    ["escalated", "resolved", null],
    ["waiting_on_payer", "investigating", null],
    ["resolved", "reopened", null],
    ["rejected", "reopened", null],
    ["investigating", "investigating", "This dispute is already investigating."],
    ["open", "reopened", "Only a resolved or rejected dispute can be reopened."],
    ["pending_credit", "rejected", "A credit for this dispute is waiting for approval."],
    ["resolved", "investigating", "This dispute is already resolved; reopen it first."],
  ] as const)("from %s, %s is %s", (from, move, refusal) => {
    expect(moveRefusal(from, move)).toBe(refusal)
  })

  it("lets nothing move a dispute whose credit awaits approval", () => {
    expect(allowedMoves("pending_credit")).toEqual([])
  })

  it("pauses the SLA while waiting on the payer and moves the due time by the paused span", () => {
    const due = "2026-12-05T12:00:00.000Z"
    const paused = clockAfterMove("pricing", { slaDueAt: due, slaPausedAt: null }, "waiting_on_payer", new Date("2026-12-02T12:00:00Z"))
    expect(paused).toEqual({ slaDueAt: due, slaPausedAt: "2026-12-02T12:00:00.000Z" })
    const resumed = clockAfterMove("pricing", paused, "investigating", new Date("2026-12-04T18:00:00Z"))
    expect(resumed).toEqual({ slaDueAt: "2026-12-07T18:00:00.000Z", slaPausedAt: null })
  })

  it("keeps a duplicate's clock running while waiting on the payer (its rule does not pause)", () => {
    const clock = { slaDueAt: "2026-12-04T12:00:00.000Z", slaPausedAt: null }
    expect(clockAfterMove("duplicate", clock, "waiting_on_payer", new Date("2026-12-02T12:00:00Z"))).toEqual(clock)
  })

  it("starts a fresh SLA of the reason's days on a reopen", () => {
    const clock = { slaDueAt: "2026-11-01T00:00:00.000Z", slaPausedAt: null }
    expect(clockAfterMove("quality", clock, "reopened", new Date("2026-12-02T12:00:00Z")).slaDueAt).toBe("2026-12-12T12:00:00.000Z")
  })
})
