// The one send rule as a table: every reason it can give, for each purpose, with its code and sentence.
import { describe, expect, it } from "vitest"
import { blockerCodes, sendRule, type SendFacts } from "../../src/domain/send-rule"

const now = new Date("2026-11-18T15:00:00.000Z") // Wednesday, 10:00 in New York
const ok: SendFacts = {
  purpose: "cadence",
  automatic: true,
  invoice: { status: "open", balanceMinor: 50_000, disputed: false },
  promisedDate: null,
  plan: null,
  contactEmail: "ap@payer.example",
  suppression: null,
  segment: { name: "Overdue 1-30", status: "active", mode: "autopilot", hasCadence: true },
  org: { maintenance: false, globalMaintenance: false, autopilotPaused: false, pausedReason: null },
  timeZone: "America/New_York",
}
const budget = (over: Partial<Record<"org" | "segment" | "contact" | "domain", boolean>>) => () => ({
  orgDay: { used: over.org ? 200 : 0, cap: 200 },
  segmentDay: { used: over.segment ? 5 : 0, cap: 5 },
  contactWeek: { used: over.contact ? 3 : 0, cap: 3 },
  domainDay: { used: over.domain ? 50 : 0, cap: over.domain ? 50 : null },
})

const cases: [string, Partial<SendFacts>, string][] = [
  ["paid", { invoice: { status: "paid", balanceMinor: 0, disputed: false } }, "paid"],
  ["a zero balance counts as paid", { invoice: { status: "open", balanceMinor: 0, disputed: false } }, "paid"],
  ["void", { invoice: { status: "void", balanceMinor: 50_000, disputed: false } }, "void"],
  ["written off", { invoice: { status: "uncollectible", balanceMinor: 50_000, disputed: false } }, "void"],
  ["disputed", { invoice: { status: "open", balanceMinor: 50_000, disputed: true } }, "disputed"],
  ["promise in the future", { promisedDate: "2026-11-25" }, "promise_active"],
  ["promise yesterday (grace day)", { promisedDate: "2026-11-17" }, "promise_active"],
  ["plan, next instalment ahead", { plan: { nextDue: "2026-12-01" } }, "payment_plan_on_track"],
  ["plan, every instalment paid", { plan: { nextDue: null } }, "payment_plan_on_track"],
  ["no contact", { contactEmail: null }, "no_contact"],
  ["bounced address", { suppression: "bounce" }, "suppressed"],
  ["unsubscribed", { suppression: "unsubscribe" }, "unsubscribed"],
  ["no cadence", { segment: { ...ok.segment!, hasCadence: false } }, "no_cadence"],
  ["segment paused", { segment: { ...ok.segment!, status: "paused" } }, "segment_not_active"],
  ["segment still a draft", { segment: { ...ok.segment!, status: "draft" } }, "segment_not_active"],
  ["segment back in Shadow Mode", { segment: { ...ok.segment!, mode: "shadow" } }, "segment_in_shadow"],
  ["organisation in maintenance", { org: { ...ok.org, maintenance: true } }, "maintenance"],
  ["deployment in maintenance", { org: { ...ok.org, globalMaintenance: true } }, "maintenance"],
  ["Autopilot paused by a Controller", { org: { ...ok.org, autopilotPaused: true, pausedReason: "quarter close" } }, "autopilot_paused"],
  [
    "Autopilot paused for bounces",
    { org: { ...ok.org, autopilotPaused: true, pausedReason: "Paused automatically: bounce rate 3.1% over the last 7 days exceeds 2%" } },
    "reputation_pause",
  ],
  ["organisation cap", { budgetOn: budget({ org: true }) }, "cap_org_day"],
  ["segment cap", { budgetOn: budget({ segment: true }) }, "cap_segment_day"],
  ["contact cap", { budgetOn: budget({ contact: true }) }, "cap_contact_week"],
  ["domain warm-up", { budgetOn: budget({ domain: true }) }, "cap_domain_warmup"],
]

describe("the send rule", () => {
  it("lets a reminder go at once when nothing holds it", () => {
    const a = sendRule({ ...ok, budgetOn: budget({}) }, now)
    expect(a.blockers).toEqual([])
    expect(a.waits).toEqual([])
    expect(a.sendAt).toEqual(now)
  })

  it.each(cases)("%s -> %s", (_name, change, code) => {
    const a = sendRule({ ...ok, ...change }, now)
    expect(a.blockers.map((b) => b.code)).toEqual([code])
    expect(a.blockers[0]!.message).toMatch(/^[A-Z].*\.$/)
  })

  it("names every code it can answer", () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(blockerCodes))
  })

  it("gives every reason at once, not only the first", () => {
    const a = sendRule(
      {
        ...ok,
        invoice: { status: "open", balanceMinor: 1, disputed: true },
        promisedDate: "2026-11-20",
        suppression: "complaint",
        org: { ...ok.org, maintenance: true },
      },
      now,
    )
    expect(a.blockers.map((b) => b.code)).toEqual(["disputed", "promise_active", "suppressed", "maintenance"])
  })

  it("says when a promise stops holding reminders: the second day after its date", () => {
    expect(sendRule({ ...ok, promisedDate: "2026-11-17" }, now).blockers[0]!.until).toBe("2026-11-19")
    expect(sendRule({ ...ok, promisedDate: "2026-11-16" }, now).blockers).toEqual([])
  })

  it("lets a plan reminder go once an instalment is due and unpaid", () => {
    expect(sendRule({ ...ok, plan: { nextDue: "2026-11-18" } }, now).blockers).toEqual([])
  })

  it("a manual override sends a paused segment's draft but keeps its caps", () => {
    const paused = { ...ok, automatic: false, override: true, segment: { ...ok.segment!, status: "paused" as const } }
    expect(sendRule(paused, now).blockers).toEqual([])
    expect(sendRule({ ...paused, budgetOn: budget({ segment: true }) }, now).blockers.map((b) => b.code)).toEqual(["cap_segment_day"])
  })

  it("a person's approval is not held by Shadow Mode or an Autopilot pause; maintenance still holds it", () => {
    const byPerson = {
      ...ok,
      automatic: false,
      segment: { ...ok.segment!, mode: "shadow" as const },
      org: { ...ok.org, autopilotPaused: true, pausedReason: null },
    }
    expect(sendRule(byPerson, now).blockers).toEqual([])
    expect(sendRule({ ...byPerson, org: { ...byPerson.org, maintenance: true } }, now).blockers.map((b) => b.code)).toEqual(["maintenance"])
  })

  it("a manual message skips the segment checks but not the invoice's", () => {
    const manual = { ...ok, purpose: "manual" as const, automatic: false, segment: null }
    expect(sendRule({ ...manual, org: { ...ok.org, autopilotPaused: true, pausedReason: null } }, now).blockers).toEqual([])
    expect(sendRule({ ...manual, promisedDate: "2026-11-20" }, now).blockers.map((b) => b.code)).toEqual(["promise_active"])
  })

  it.each([
    ["promise", { promisedDate: "2026-11-20" }, []],
    ["dispute", { invoice: { status: "open" as const, balanceMinor: 1, disputed: true } }, []],
    ["plan", { plan: { nextDue: "2026-12-01" } }, []],
    ["Shadow Mode", { segment: { ...ok.segment!, mode: "shadow" as const } }, []],
    ["unsubscribe", { suppression: "unsubscribe" as const }, ["unsubscribed"]],
    ["bounce", { suppression: "bounce" as const }, ["suppressed"]],
    ["no contact", { contactEmail: null }, ["no_contact"]],
    ["maintenance", { org: { ...ok.org, maintenance: true } }, ["maintenance"]],
  ])("a payer notification is held only by its address (and maintenance): %s", (_n, change, codes) => {
    expect(sendRule({ ...ok, purpose: "notification", ...change }, now).blockers.map((b) => b.code)).toEqual(codes)
  })

  it.each([
    ["quiet hours", "2026-11-18T23:30:00.000Z", "quiet_hours", "2026-11-19T13:00:00.000Z"],
    ["weekend", "2026-11-21T15:00:00.000Z", "non_business_day", "2026-11-23T13:00:00.000Z"],
    ["Thanksgiving", "2026-11-26T15:00:00.000Z", "holiday", "2026-11-27T13:00:00.000Z"],
  ])("waits for the calendar: %s", (_n, at, code, next) => {
    const a = sendRule(
      { ...ok, calendar: { quietHours: { start: "18:00", end: "08:00" }, businessDaysOnly: true, isHoliday: (d) => d === "2026-11-26" } },
      new Date(at),
    )
    expect(a.blockers).toEqual([])
    expect(a.waits.map((w) => w.code)).toEqual([code])
    expect(a.sendAt.toISOString()).toBe(next)
  })

  it("adds one to seven minutes of jitter", () => {
    const a = sendRule({ ...ok, random: 0.5 }, now)
    expect(a.sendAt.getTime() - now.getTime()).toBe(240_000)
  })
})
