// Aging buckets at every boundary: the domain rule, its SQL twin (API bucket filter) and the page chips agree.
import { describe, expect, it } from "vitest"
import { agingBucket, daysPastDue, dueDateRange, type AgingBucket } from "../../src/domain/aging"
import { addDays, isoDay } from "../../src/domain/dates"
import { addCustomer, addInvoice, api, makeOrg } from "../helpers"

const today = "2026-03-15"
// [days past due, bucket]: both sides of every boundary.
const cases: [number, AgingBucket][] = [
  [-30, "current"],
  [-1, "current"],
  [0, "current"],
  [1, "1-30"],
  [30, "1-30"],
  [31, "31-60"],
  [60, "31-60"],
  [61, "61-90"],
  [90, "61-90"],
  [91, "90+"],
  [400, "90+"],
]

describe("aging buckets", () => {
  it.each(cases)("an invoice %i days past due is in bucket %s", (days, bucket) => {
    const due = addDays(today, -days)
    expect(daysPastDue(due, today)).toBe(days)
    expect(agingBucket(due, today)).toBe(bucket)
  })

  it.each(cases)("the SQL due-date range for %i days past due contains exactly that invoice's bucket", (days, bucket) => {
    const due = addDays(today, -days)
    const { from, to } = dueDateRange(bucket, today)
    expect(!from || due >= from).toBe(true)
    expect(!to || due <= to).toBe(true)
  })

  it("counts calendar days across a daylight-saving change and a leap day", () => {
    expect(daysPastDue("2026-03-07", "2026-03-09")).toBe(2) // US DST starts 2026-03-08
    expect(daysPastDue("2028-02-28", "2028-03-01")).toBe(2)
    expect(agingBucket("2028-01-31", "2028-03-01")).toBe("1-30") // 30 days with Feb 29
  })

  it("filters the API by bucket with the same boundaries as the domain", async () => {
    const org = await makeOrg()
    const now = isoDay(new Date())
    const customer = await addCustomer(org.id, { name: "Boundary Co" })
    const expected = new Map<string, AgingBucket>()
    for (const [days, bucket] of cases) {
      const id = await addInvoice(org.id, customer, {
        invoiceNumber: `B-${days}`,
        dueDate: addDays(now, -days),
        issueDate: addDays(now, -days - 30),
      })
      expected.set(id, bucket)
    }
    for (const bucket of ["current", "1-30", "31-60", "61-90", "90+"] as const) {
      const res = await api(org, "cfo", `/api/v1/invoices?bucket=${encodeURIComponent(bucket)}`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as { data: { id: string; aging_bucket: string; days_past_due: number }[] }
      const want = [...expected]
        .filter(([, b]) => b === bucket)
        .map(([id]) => id)
        .sort()
      expect(body.data.map((i) => i.id).sort()).toEqual(want)
      for (const inv of body.data) expect(inv.aging_bucket).toBe(bucket)
    }
  })
})
