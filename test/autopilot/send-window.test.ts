// Quiet hours and business days in the payer's time zone, cadence steps and send caps.
import { describe, expect, it } from "vitest"
import { stepForToday } from "../../src/domain/catch-up"
import { isPublicHoliday } from "../../src/domain/holidays"
import { capExceeded, isoWeek, warmupCap } from "../../src/domain/send-caps"
import { nextSendTime, type SendRules } from "../../src/domain/send-window"

const rules: SendRules = { quietHours: { start: "18:00", end: "08:00" }, businessDaysOnly: true }

describe("quiet hours and business days in the payer's time zone", () => {
  it.each([
    // America/New_York: DST ends Sunday 2026-11-01 (EDT UTC-4 -> EST UTC-5).
    [
      "New York, Friday 19:30 EDT before the change -> Monday 08:00 EST",
      "2026-10-30T23:30:00Z",
      "America/New_York",
      "2026-11-02T13:00:00.000Z",
      "quiet_hours",
    ],
    [
      "New York, Monday 07:59 EST after the change -> 08:00 EST",
      "2026-11-02T12:59:00Z",
      "America/New_York",
      "2026-11-02T13:00:00.000Z",
      "quiet_hours",
    ],
    ["New York, Monday 10:00 EST is allowed now", "2026-11-02T15:00:00Z", "America/New_York", "2026-11-02T15:00:00.000Z", null],
    // DST starts Sunday 2026-03-08: a Saturday evening waits for Monday 08:00 EDT (UTC-4).
    [
      "New York, Saturday before spring forward -> Monday 08:00 EDT",
      "2026-03-07T23:00:00Z",
      "America/New_York",
      "2026-03-09T12:00:00.000Z",
      "non_business_day",
    ],
    // Asia/Kolkata is UTC+5:30 all year.
    ["Kolkata, Tuesday 07:00 IST -> 08:00 IST", "2026-11-17T01:30:00Z", "Asia/Kolkata", "2026-11-17T02:30:00.000Z", "quiet_hours"],
    ["Kolkata, Tuesday 17:59 IST is allowed", "2026-11-17T12:29:00Z", "Asia/Kolkata", "2026-11-17T12:29:00.000Z", null],
    [
      "Kolkata, Tuesday 18:00 IST -> Wednesday 08:00 IST",
      "2026-11-17T12:30:00Z",
      "Asia/Kolkata",
      "2026-11-18T02:30:00.000Z",
      "quiet_hours",
    ],
  ])("%s", (_name, now, tz, expected, deferred) => {
    const slot = nextSendTime(new Date(now), rules, tz)
    expect(slot.at.toISOString()).toBe(expected)
    expect(slot.deferred).toBe(deferred)
  })

  it("skips the payer country's public holidays", () => {
    // Thanksgiving 2026 is Thursday 26 November in the United States.
    const slot = nextSendTime(
      new Date("2026-11-26T15:00:00Z"),
      { ...rules, isHoliday: (d) => isPublicHoliday("US", d) },
      "America/New_York",
    )
    expect(slot.at.toISOString()).toBe("2026-11-27T13:00:00.000Z")
    expect(slot.deferred).toBe("holiday")
  })

  it.each([
    ["US", "2026-07-03", true], // Independence Day observed on Friday
    ["US", "2026-11-26", true],
    ["GB", "2026-04-03", true], // Good Friday
    ["GB", "2026-12-28", true], // Boxing Day observed (26 Dec is a Saturday)
    ["DE", "2026-05-14", true], // Ascension
    ["IN", "2026-01-26", true],
    ["US", "2026-11-25", false],
    ["ZZ", "2026-12-25", false],
  ] as const)("%s %s is a public holiday: %s", (country, day, expected) => {
    expect(isPublicHoliday(country, day)).toBe(expected)
  })
})

describe("cadence steps and caps", () => {
  const steps = [
    { position: 1, offsetDays: -3, subject: "", body: "" },
    { position: 2, offsetDays: 1, subject: "", body: "" },
    { position: 3, offsetDays: 14, subject: "", body: "" },
  ]
  it.each([
    ["2026-11-10", null, null, null],
    ["2026-11-12", null, null, 1],
    ["2026-11-16", 1, "2026-11-12", 2],
    ["2026-12-20", 2, "2026-11-16", 3],
  ] as const)(
    "on %s, after step %s sent on %s, the step due for an invoice due 2026-11-15 is %s",
    (today, reached, lastSentDay, position) => {
      // Issue 12: the next step after the one reached (a first reminder follows catch_up_start, see catch-up.test.ts).
      const o = { reached, lastSentDay, mode: "first_past_due" } as const
      expect(stepForToday(steps, "2026-11-15", today, o)?.position ?? null).toBe(position)
    },
  )

  it.each([
    [0, 50],
    [2, 100],
    [4, 200],
    [6, 400],
    [8, 800],
    [20, 1000],
  ])("a domain %i days into warmup may send %i a day (cap 1000)", (days, cap) => {
    const now = new Date("2026-11-20T12:00:00Z")
    expect(warmupCap(new Date(now.getTime() - days * 86_400_000).toISOString(), now, 1000)).toBe(cap)
  })

  it("names the first cap a send would exceed", () => {
    const b = {
      orgDay: { used: 10, cap: 100 },
      segmentDay: { used: 5, cap: 5 },
      contactWeek: { used: 0, cap: 3 },
      domainDay: { used: 10, cap: 50 },
    }
    expect(capExceeded(b)).toBe("cap_segment_day")
    expect(capExceeded({ ...b, segmentDay: { used: 0, cap: null } })).toBeNull()
    expect(isoWeek("2026-11-16")).toBe("2026-W47")
    expect(isoWeek("2027-01-01")).toBe("2026-W53")
  })
})
