// The customer risk score: 100 pays reliably, each bad habit costs points and is named, nothing known means no score.
import { describe, expect, it } from "vitest"
import { riskBand, riskScore, type RiskSignals } from "../../src/domain/risk-score"

const clean: RiskSignals = {
  usualDaysLate: 0,
  recentDaysLate: 0,
  earlierDaysLate: 0,
  oldestOverdueDays: 0,
  brokenPromises: 0,
  keptPromises: 0,
  disputes: 0,
  bounces: 0,
}

describe("customer risk score", () => {
  it.each<[string, Partial<RiskSignals>, number, number, string | null]>([
    ["an on-time payer", {}, 100, 100, null],
    ["a customer who usually pays 30 days late", { usualDaysLate: 30 }, 75, 80, "usually pays 30 days late"],
    ["a chronic 90-day payer", { usualDaysLate: 90 }, 50, 50, "usually pays 90 days late"],
    [
      "a customer sliding from 5 to 25 days late",
      { usualDaysLate: 15, recentDaysLate: 25, earlierDaysLate: 5 },
      78,
      82,
      "paying 20 days later than earlier in the year",
    ],
    ["two broken promises", { brokenPromises: 2 }, 84, 84, "2 broken promises in 6 months"],
    ["three bounces cap at 12 points", { bounces: 3 }, 88, 88, "3 bounced reminders in 90 days"],
    ["a dispute", { disputes: 1 }, 95, 95, "1 dispute in 12 months"],
    ["an invoice 120 days overdue", { oldestOverdueDays: 120 }, 85, 85, "an invoice 120 days overdue"],
    [
      "everything at once stays at or above 0",
      { usualDaysLate: 120, recentDaysLate: 140, earlierDaysLate: 60, oldestOverdueDays: 200, brokenPromises: 5, disputes: 4, bounces: 4 },
      0,
      0,
      "usually pays 120 days late",
    ],
  ])("%s", (_name, signals, min, max, factor) => {
    const r = riskScore({ ...clean, ...signals })!
    expect(r.score).toBeGreaterThanOrEqual(min)
    expect(r.score).toBeLessThanOrEqual(max)
    if (factor) expect(r.factors.map((f) => f.message)).toContain(factor)
    else expect(r.factors).toEqual([])
  })

  it("earns a little back for kept promises, never above 100", () => {
    expect(riskScore({ ...clean, brokenPromises: 1, keptPromises: 2 })!.score).toBe(96)
    expect(riskScore({ ...clean, keptPromises: 9 })!.score).toBe(100)
  })

  it("has no score for a customer with nothing to judge", () => {
    expect(riskScore({ ...clean, usualDaysLate: null, recentDaysLate: null, earlierDaysLate: null })).toBeNull()
  })

  it("names bands the way the customer page does", () => {
    expect([riskBand(85), riskBand(55), riskBand(20)]).toEqual(["low", "medium", "high"])
  })
})
