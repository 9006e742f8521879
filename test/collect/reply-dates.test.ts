// Replies become promises: the date a real-looking reply names, read relative to when it arrived in the payer's
// time zone; replies that name no usable date suggest none.
import { describe, expect, it } from "vitest"
import { suggestedPromiseDate } from "../../src/domain/reply-dates"
import seed from "../../src/cli/seed/40-outreach.mjs?raw"

// Wednesday 18 November 2026, 15:00 UTC (07:00 in Los Angeles, 20:30 in Kolkata).
const received = new Date("2026-11-18T15:00:00Z")

describe("suggested promise date from a reply", () => {
  it.each<[string, string | null, string | null]>([
    ["Thanks for the reminder - payment is scheduled with our next payment run on Friday.", "America/Los_Angeles", "2026-11-20"],
    ["Hi, we will pay on the 15th.", "America/New_York", "2026-12-15"],
    ["Hello, this will be settled by the 30th", "Europe/London", "2026-11-30"],
    ["We'll pay it at the end of the month, thanks.", "Europe/Berlin", "2026-11-30"],
    ["Payment will go out next Tuesday via ACH.", "America/Chicago", "2026-11-24"],
    ["Our AP team approved it; expect the wire on December 3rd.", "Europe/London", "2026-12-03"],
    ["Will pay by 12/5", "America/New_York", "2026-12-05"],
    ["We pay in 2 weeks", "UTC", "2026-12-02"],
    ["Sending payment tomorrow", "Asia/Kolkata", "2026-11-19"],
    [
      "Re: Invoice INV-10045 is now due\n\nWe will process it on Monday.\n\n> On Nov 17 you wrote: pay by Friday",
      "America/New_York",
      "2026-11-23",
    ],
    ["Paid yesterday, please check your records.", "America/New_York", null],
    ["Invoice dated 3 Oct is disputed, the units are wrong.", "Europe/Paris", null],
    ["Who is this? Please remove me from your list.", null, null],
    ["", "UTC", null],
  ])("%s (%s)", (text, tz, expected) => {
    expect(suggestedPromiseDate(text, received, tz)).toBe(expected)
  })

  it("counts from the payer's own day: 20:00 UTC on the 18th is already the 19th in Kolkata", () => {
    const late = new Date("2026-11-18T20:00:00Z")
    expect(suggestedPromiseDate("Sending payment tomorrow", late, "Asia/Kolkata")).toBe("2026-11-20")
    expect(suggestedPromiseDate("Sending payment tomorrow", late, "America/Los_Angeles")).toBe("2026-11-19")
  })

  it("reads the seeded demo replies", () => {
    const seeded = /'(Thanks for the reminder[^']+)'/.exec(seed)![1]!
    expect(suggestedPromiseDate(`Re: Invoice INV-10101 is now due\n\n${seeded}`, received, "America/Denver")).toBe("2026-11-20")
  })
})
