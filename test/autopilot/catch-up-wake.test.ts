// After a catch-up start, the TenantDO still knows when the cadence's next step comes: the wake-up follows the
// catch-up rule's rhythm (the gap since the last reminder), not the calendar day that has already passed.
import { describe, expect, it } from "vitest"
import { nextStep } from "../../src/domain/cadence-next"
import { addCustomer, addInvoice, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "./fixtures"

const steps = [
  { position: 1, offsetDays: 1, subject: "Reminder", body: "b" },
  { position: 2, offsetDays: 7, subject: "Second reminder", body: "b" },
  { position: 3, offsetDays: 14, subject: "Final notice", body: "b" },
]
const monday = "2026-11-16T15:00:00.000Z"

describe("the next step's wake-up after a catch-up start", () => {
  it.each([
    // [what, anchor, today, progress, expected why]
    ["on time: the calendar day of step 2", "2026-11-10", "2026-11-11", { reached: 1, lastSentDay: "2026-11-11" }, "step 2 due 2026-11-17"],
    [
      "late start: step 2 six days after step 1 went",
      "2026-10-07",
      "2026-11-16",
      { reached: 1, lastSentDay: "2026-11-16" },
      "step 2 due 2026-11-22",
    ],
    [
      "late start, step 2 sent: the final notice seven days later",
      "2026-10-07",
      "2026-11-22",
      { reached: 2, lastSentDay: "2026-11-22" },
      "step 3 due 2026-11-29",
    ],
    [
      "a draft in review (nothing sent): the next look is tomorrow, not a past day",
      "2026-10-07",
      "2026-11-16",
      { reached: 1, lastSentDay: null },
      "step 2 due 2026-11-17",
    ],
    ["the final notice reached: nothing more", "2026-10-07", "2026-11-29", { reached: 3, lastSentDay: "2026-11-29" }, "cadence complete"],
    [
      "no step reached yet: the first step after today",
      "2026-11-20",
      "2026-11-16",
      { reached: null, lastSentDay: null },
      "step 1 due 2026-11-21",
    ],
  ] as const)("%s", (_what, anchor, today, progress, why) => {
    expect(nextStep(steps, anchor, today, "UTC", progress).why).toBe(why)
  })

  it("a 40-day-old invoice whose first reminder is step 1 wakes for step 2 six days later (Autopilot)", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "autopilot" })
    const c = await addCustomer(org.id)
    const invoiceId = await addInvoice(org.id, c, { dueDate: daysBefore("2026-11-16", 40) })
    const first = await tenant(org.id).tick(monday, org.id)
    expect(first.queued).toBe(1)
    // New York: midnight of 2026-11-22 is 05:00 UTC.
    expect(await tenant(org.id).cadenceState(invoiceId, org.id)).toMatchObject({
      step: 1,
      nextAt: "2026-11-22T05:00:00.000Z",
      why: "step 2 due 2026-11-22",
    })
  })

  it("in Shadow Mode the invoice is looked at again the next day, as the catch-up rule allows with no reminder sent", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const c = await addCustomer(org.id)
    const invoiceId = await addInvoice(org.id, c, { dueDate: daysBefore("2026-11-16", 40) })
    expect((await tenant(org.id).tick(monday, org.id)).drafted).toBe(1)
    expect(await tenant(org.id).cadenceState(invoiceId, org.id)).toMatchObject({ step: 1, nextAt: "2026-11-17T05:00:00.000Z" })
  })
})
