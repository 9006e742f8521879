// The predicted payment date: learned from each customer's own history, pulled toward the organisation's habit
// when that history is thin, aware of invoice size and age, and overridden by promises and plan instalments.
import { describe, expect, it } from "vitest"
import { addDays } from "../../src/domain/dates"
import { expectedReceipts, fitPayDateModel, naivePaymentDate, predictPaymentDate, type PaidInvoice } from "../../src/domain/paydate"

const today = "2026-06-01"

/** `count` invoices of `amount`, each paid `late` days after its due date (plus `jitter` alternating), one a fortnight. */
function paid(customerId: string, count: number, late: number, { amount = 100_000, jitter = 0, endDaysAgo = 10 } = {}): PaidInvoice[] {
  return Array.from({ length: count }, (_, i) => {
    const paidDate = addDays(today, -endDaysAgo - 14 * i)
    return { customerId, dueDate: addDays(paidDate, -(late + (i % 2 ? jitter : -jitter))), paidDate, amountMinor: amount }
  })
}

const org = [...paid("slow", 20, 30, { jitter: 3 }), ...paid("prompt", 20, 0, { jitter: 2 }), ...paid("mid", 20, 12, { jitter: 4 })]
const open = (customerId: string, dueDate: string, extra = {}) => ({
  customerId,
  issueDate: addDays(dueDate, -30),
  dueDate,
  balanceMinor: 100_000,
  amountMinor: 100_000,
  ...extra,
})

describe("predicted payment date", () => {
  it("follows the customer's own habit when it has a long history", () => {
    const model = fitPayDateModel(org, today)
    const due = addDays(today, 5)
    const cases: [string, number][] = [
      ["slow", 30],
      ["prompt", 0],
      ["mid", 12],
    ]
    for (const [customer, late] of cases) {
      const p = predictPaymentDate(model, open(customer, due), today)
      expect(Math.abs(Date.parse(p.date) - Date.parse(addDays(due, late))) / 86_400_000, customer).toBeLessThanOrEqual(2)
      expect(p.basis).toBe("customer_history")
      expect(p.low <= p.date && p.date <= p.high).toBe(true)
    }
  })

  it("shrinks a customer with one payment toward the organisation's average", () => {
    const model = fitPayDateModel([...org, ...paid("newcomer", 1, 60)], today)
    const one = model.customers.get("newcomer")!
    expect(one.usualDaysLate).toBeLessThan(45)
    expect(one.usualDaysLate).toBeGreaterThan(model.orgMeanDaysLate)
    const veteran = model.customers.get("slow")!
    expect(Math.abs(veteran.usualDaysLate - 30)).toBeLessThan(3)
  })

  it("uses the organisation's habit for a customer it has never seen paid", () => {
    const model = fitPayDateModel(org, today)
    const p = predictPaymentDate(model, open("stranger", addDays(today, 3)), today)
    expect(p.basis).toBe("organisation_history")
    expect(p.usualDaysLate).toBeNull()
  })

  it("weighs recent payments more: a customer who started paying late is judged on now", () => {
    const sliding = [...paid("slider", 8, 25, { endDaysAgo: 5 }), ...paid("slider", 12, 0, { endDaysAgo: 5 + 14 * 8 })]
    const model = fitPayDateModel([...org, ...sliding], today)
    expect(model.customers.get("slider")!.usualDaysLate).toBeGreaterThan(12.5)
  })

  it("learns that bigger invoices wait longer", () => {
    const sized = ["a", "b", "c", "d"].flatMap((c) => [
      ...paid(c, 6, 5, { amount: 50_000 }),
      ...paid(c, 6, 15, { amount: 200_000, endDaysAgo: 17 }),
    ])
    const model = fitPayDateModel(sized, today)
    expect(model.sizeSlope).toBeGreaterThan(3)
  })

  it("never predicts a date in the past for an invoice already overdue, and later for an older one", () => {
    const model = fitPayDateModel(org, today)
    const p31 = predictPaymentDate(model, open("prompt", addDays(today, -31)), today)
    const p75 = predictPaymentDate(model, open("prompt", addDays(today, -75)), today)
    expect(p31.date >= today).toBe(true)
    expect(p75.date >= today).toBe(true)
    expect(p75.basis).toBe("beyond_history")
  })

  it("judges an invoice far later than its customer's habit by the invoices the organisation was paid on that late", () => {
    // "prompt" pays on time; its invoice is 50 days late. Only "slow" (30 days late) and eight very late invoices
    // of "drifter" (paid 55 to 90 days late) have been seen that late: the date comes from those eight.
    const drifter = [55, 60, 65, 70, 75, 80, 85, 90].map((late, i) => ({
      customerId: "drifter",
      dueDate: addDays(today, -20 - 14 * i - late),
      paidDate: addDays(today, -20 - 14 * i),
      amountMinor: 100_000,
    }))
    const model = fitPayDateModel([...org, ...drifter], today)
    const due = addDays(today, -50)
    const p = predictPaymentDate(model, open("prompt", due), today)
    expect(p.basis).toBe("late_history")
    expect(p.date).toBe(addDays(due, 73)) // the median of 55..90 (72.5), rounded
    expect(p.low).toBe(addDays(due, 60))
    expect(p.high).toBe(addDays(due, 85))
    // Later than anything ever paid: no estimate, and the placeholder date says so by its basis.
    expect(predictPaymentDate(model, open("prompt", addDays(today, -120)), today).basis).toBe("beyond_history")
  })

  it("ignores payments after the model's date, so a backtest cannot peek", () => {
    const later = paid("slow", 5, 90, { endDaysAgo: -100 })
    const a = fitPayDateModel(org, today)
    const b = fitPayDateModel([...org, ...later], today)
    expect(b.customers.get("slow")!.usualDaysLate).toBe(a.customers.get("slow")!.usualDaysLate)
  })

  it("takes an open promise as the date, and a plan's instalments as theirs", () => {
    const model = fitPayDateModel(org, today)
    const promised = addDays(today, 6)
    expect(
      predictPaymentDate(model, open("slow", today, { promises: [{ promisedDate: promised, amountMinor: 100_000 }] }), today),
    ).toMatchObject({ date: promised, basis: "promise" })
    // A promise already passed says nothing any more: history decides.
    expect(
      predictPaymentDate(model, open("slow", today, { promises: [{ promisedDate: addDays(today, -2), amountMinor: 100_000 }] }), today)
        .basis,
    ).toBe("customer_history")
    const instalments = [1, 2, 3].map((n) => ({ dueDate: addDays(today, 10 * n), amountMinor: 33_334 - (n === 3 ? 2 : 0), paidMinor: 0 }))
    const receipts = expectedReceipts(model, open("slow", addDays(today, -10), { instalments }), today)
    expect(receipts.map((r) => [r.date, r.basis])).toEqual(instalments.map((i) => [i.dueDate, "plan"]))
    expect(receipts.reduce((s, r) => s + r.amountMinor, 0)).toBe(100_000)
  })

  it("splits a partial promise: the promised part on its day, the rest by history", () => {
    const model = fitPayDateModel(org, today)
    const r = expectedReceipts(
      model,
      open("mid", addDays(today, 2), { promises: [{ promisedDate: addDays(today, 4), amountMinor: 40_000 }] }),
      today,
    )
    expect(r.map((x) => x.amountMinor)).toEqual([40_000, 60_000])
    expect(r[0]!.basis).toBe("promise")
  })

  it("gives the naive baseline as due date plus the plain average delay", () => {
    expect(naivePaymentDate(org, today, "2026-06-10")).toBe(addDays("2026-06-10", 14))
  })
})
