// The first reminder fits the invoice's age: a table of ages x prior history x catch-up setting over a five-step cadence.
import { describe, expect, it } from "vitest"
import type { CadenceStep } from "../../src/domain/cadence-schedule"
import { reachedStep, stepForToday } from "../../src/domain/catch-up"
import { addDays } from "../../src/domain/dates"
import type { CatchUpStart } from "../../src/domain/org-settings"

// The bundled presets' shape: 3 days before, due today, 7, 14 and 21 days past due (21 is the final notice).
const steps: CadenceStep[] = [-3, 0, 7, 14, 21].map((offsetDays, i) => ({ position: i + 1, offsetDays, subject: "", body: "" }))
const due = "2026-11-28"
const label = (p: number | null) => (p === null ? "nothing" : `${[-3, 0, 7, 14, 21][p - 1]}`)

describe("the step a cadence sends today", () => {
  // age in days past due (negative: before the due date), step reached before (null: first reminder), age on the day
  // it was sent, setting -> offset of the step sent today (null: none)
  const table: [number, number | null, number | null, CatchUpStart, number | null][] = [
    // before and on the due date: a step goes only on its own day, whatever the setting
    [-5, null, null, "first_past_due", null],
    [-3, null, null, "first_past_due", 1],
    [-1, null, null, "by_age", null],
    [0, null, null, "first_past_due", 2],
    [0, 1, -3, "final_only", 2],
    // due yesterday (INV-12222): never "due today" a day late; the first past-due step waits for its day
    [1, null, null, "first_past_due", null],
    [1, null, null, "by_age", null],
    [1, 1, -3, "first_past_due", null],
    [6, null, null, "final_only", null],
    // 18 days late, first email: the first past-due step by default, not "Second reminder"
    [18, null, null, "first_past_due", 3],
    [18, null, null, "by_age", 4],
    [18, null, null, "final_only", 4],
    // 93 days late, first email: never "Account on hold" unless the organisation chose final_only
    [93, null, null, "first_past_due", 3],
    [93, null, null, "by_age", 4],
    [93, null, null, "final_only", 5],
    // already reminded: the next step, once the cadence's gap since the last reminder has passed (no burst)
    [8, 2, 0, "first_past_due", 3],
    [15, 3, 7, "first_past_due", 4],
    [94, 3, 93, "first_past_due", null],
    [100, 3, 93, "first_past_due", 4],
    [100, 5, 93, "first_past_due", null],
  ]
  it.each(table)("%i days past due, step %s sent at age %s, %s: sends the step of day %s", (age, reached, sentAge, mode, position) => {
    const lastSentDay = sentAge === null ? null : addDays(due, sentAge)
    const step = stepForToday(steps, due, addDays(due, age), { reached, lastSentDay, mode })
    expect(label(step?.position ?? null)).toBe(label(position))
  })

  it("by age sends the one past-due step even when it is the last one (nothing gentler exists)", () => {
    const two = steps.slice(1, 3) // Day 0 and day 7
    expect(stepForToday(two, due, addDays(due, 40), { reached: null, mode: "by_age" })?.offsetDays).toBe(7)
  })

  it("counts history per anchor: a reminder of the due date is not one of a plan instalment", () => {
    const keys = ["rem:inv_1:cv_1:3", "rem:inv_1:cv_1:2", "rem:inv_2:cv_1:1:plan2"]
    expect(reachedStep(keys, "inv_1", "")).toBe(3)
    expect(reachedStep(keys, "inv_1", "plan1")).toBeNull()
    expect(reachedStep(keys, "inv_2", "plan2")).toBe(1)
    expect(reachedStep(keys, "inv_2", "")).toBeNull()
    expect(reachedStep([""], "inv_3", "")).toBeNull()
  })
})
