// Dates and counts from outside: impossible dates, far-future dates, negative and huge counts are refused with a
// 400/422 that names the field, never a 500, and nothing is written (plan, promise and dispute forms, the API).
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { disputes, paymentPlans, promises } from "../../src/db/schema"
import { addDays, calendarDate, calendarDateError, isCalendarDate } from "../../src/domain/dates"
import { addCustomer, addInvoice, api, db, makeOrg } from "../helpers"
import { makeLink, Payer } from "./portal-helpers"

const today = new Date().toISOString().slice(0, 10)
const IMPOSSIBLE = ["2026-99-99", "2026-13-01", "2026-12-32", "2027-02-29", "2026-04-31", "2026-00-10", "2026-01-00"]
const MALFORMED = [
  "",
  "tomorrow",
  "2026-1-5",
  "12/01/2026",
  "+02026-12-01",
  "2026-12-01T00:00:00Z",
  " 2026-12-01",
  "20261201",
  "2026-12-01\u0000",
]

describe("the calendar date schema", () => {
  it.each([["2024-02-29"], ["2026-12-31"], ["2026-01-01"], ["0001-01-01"], ["9999-12-31"]])("accepts %s, a day on the calendar", (day) => {
    expect(isCalendarDate(day)).toBe(true)
    expect(calendarDate.safeParse(day).success).toBe(true)
  })
  it.each([...IMPOSSIBLE.map((d) => [d, "not a date on the calendar"]), ...MALFORMED.map((d) => [d, d ? "YYYY-MM-DD" : "Choose a date"])])(
    "refuses %j: %s",
    (day, message) => {
      expect(isCalendarDate(day)).toBe(false)
      expect(calendarDateError(day)).toContain(message)
      const parsed = calendarDate.safeParse(day)
      expect(parsed.success).toBe(false)
      expect(parsed.error?.issues[0]?.message).toContain(message)
    },
  )
})

async function inside() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Globex Supplies" }, `ap.${Math.random().toString(36).slice(2, 8)}@globex.example`)
  const invoiceId = await addInvoice(org.id, customerId, { balanceMinor: 90_000, amountMinor: 90_000, dueDate: addDays(today, -10) })
  const payer = new Payer()
  await payer.open((await makeLink(org.id, customerId)).url)
  const tokens = await payer.formTokens(`/p/invoices/${invoiceId}`)
  const post = (form: string, fields: Record<string, string>) =>
    payer.post(`/p/invoices/${invoiceId}/${form}`, new URLSearchParams({ _csrf: tokens.csrf, _form: crypto.randomUUID(), ...fields }), {
      "HX-Request": "true",
    })
  return { org, invoiceId, post }
}

/** The form fragment shows the message under the named field (aria-invalid on it), not above the form. */
function expectFieldError(html: string, field: string, message: string) {
  expect(html).toContain(message)
  expect(html).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"`))
}

describe("the payment plan form", () => {
  const plan = (fields: Record<string, string>) => ({ count: "3", frequency: "monthly", first_date: addDays(today, 5), ...fields })
  const cases: [string, Record<string, string>, string, string][] = [
    ...IMPOSSIBLE.flatMap((d) =>
      (["weekly", "biweekly", "monthly"] as const).map((f): [string, Record<string, string>, string, string] => [
        `first_date ${d}, ${f}`,
        plan({ first_date: d, frequency: f }),
        "first_date",
        "not a date on the calendar",
      ]),
    ),
    ...MALFORMED.map((d): [string, Record<string, string>, string, string] => [
      `first_date ${JSON.stringify(d)}`,
      plan({ first_date: d }),
      "first_date",
      d ? "YYYY-MM-DD" : "Choose a date",
    ]),
    ["first_date seven years ahead", plan({ first_date: addDays(today, 7 * 365) }), "first_date", `on or before ${addDays(today, 30)}`],
    ["first_date 31 days ahead", plan({ first_date: addDays(today, 31) }), "first_date", "at most 30 days"],
    ["first_date today", plan({ first_date: today }), "first_date", "after today"],
    ["first_date last year", plan({ first_date: addDays(today, -365) }), "first_date", "after today"],
    ...["-3", "0", "1", "25", "999999999", "1e3", "0x10", "2.5", "", "NaN", " 4", "Infinity"].map(
      (n): [string, Record<string, string>, string, string] => [
        `count ${JSON.stringify(n)}`,
        plan({ count: n }),
        "count",
        "Choose from 2 to 24 instalments",
      ],
    ),
    ["24 monthly instalments (ends after a year)", plan({ count: "24", frequency: "monthly" }), "count", "Choose fewer instalments"],
  ]
  it.each(cases)("refuses %s, naming the field, and writes no plan", async (_name, fields, field, message) => {
    const s = await inside()
    const res = await s.post("plan", fields)
    expect(res.status).toBe(422)
    expectFieldError(await res.text(), field, message)
    expect(await db().select().from(paymentPlans).where(eq(paymentPlans.orgId, s.org.id))).toHaveLength(0)
  })

  it("accepts the last allowed first date and a weekly plan of 24", async () => {
    const s = await inside()
    const res = await s.post("plan", plan({ count: "24", frequency: "weekly", first_date: addDays(today, 30) }))
    expect(res.status).toBe(200)
    const [row] = await db().select().from(paymentPlans).where(eq(paymentPlans.orgId, s.org.id))
    expect(row).toMatchObject({ instalmentCount: 24, firstDate: addDays(today, 30) })
  })
})

describe("the promise form", () => {
  const promise = (fields: Record<string, string>) => ({ promised_date: addDays(today, 5), amount: "100.00", ...fields })
  const cases: [string, Record<string, string>, string, string][] = [
    ...IMPOSSIBLE.map((d): [string, Record<string, string>, string, string] => [
      `promised_date ${d}`,
      promise({ promised_date: d }),
      "promised_date",
      "not a date on the calendar",
    ]),
    ...MALFORMED.map((d): [string, Record<string, string>, string, string] => [
      `promised_date ${JSON.stringify(d)}`,
      promise({ promised_date: d }),
      "promised_date",
      d ? "YYYY-MM-DD" : "Choose a date",
    ]),
    ["promised_date ten years ahead", promise({ promised_date: addDays(today, 3650) }), "promised_date", "at most 30 days"],
    ["promised_date today", promise({ promised_date: today }), "promised_date", "after today"],
    ...["-5", "0", "1e308", "99999999999999999999", "NaN", "Infinity", ""].map((a): [string, Record<string, string>, string, string] => [
      `amount ${JSON.stringify(a)}`,
      promise({ amount: a }),
      "amount",
      "mount",
    ]),
  ]
  it.each(cases)("refuses %s, naming the field, and records no promise", async (_name, fields, field, message) => {
    const s = await inside()
    const res = await s.post("promise", fields)
    expect(res.status).toBe(422)
    expectFieldError(await res.text(), field, message)
    expect(await db().select().from(promises).where(eq(promises.orgId, s.org.id))).toHaveLength(0)
  })
})

describe("the dispute form", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["no reason", { reason: "", message: "Wrong price" }, "reason", "Choose a reason"],
    ["an unknown reason", { reason: "2026-99-99", message: "Wrong price" }, "reason", "Choose a reason"],
    ["a message of 100,000 characters", { reason: "pricing", message: "x".repeat(100_000) }, "message", "too long"],
  ]
  it.each(cases)("refuses %s, naming the field, and files nothing", async (_name, fields, field, message) => {
    const s = await inside()
    const res = await s.post("dispute", fields)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html.slice(html.indexOf(`name="${field}"`))).toContain(message) // shown with the field it names
    expect(await db().select().from(disputes).where(eq(disputes.orgId, s.org.id))).toHaveLength(0)
  })
})

describe("the API", () => {
  const cases: [string, string, RequestInit & { json?: unknown }, string][] = [
    ...IMPOSSIBLE.map((d): [string, string, RequestInit, string] => [`audit from=${d}`, `/api/v1/audit?from=${d}`, {}, "from"]),
    ["audit to=2026-02-30T10:00:00Z", "/api/v1/audit?to=2026-02-30T10:00:00Z", {}, "to"],
    ["audit.csv from=2026-13-01", "/api/v1/audit.csv?from=2026-13-01", {}, "from"],
    ...[-1, 0, 1e9, 2.5, "30", null].map((n): [string, string, RequestInit & { json?: unknown }, string] => [
      `portal link expires_in_days ${JSON.stringify(n)}`,
      "/api/v1/portal-links",
      { method: "POST", json: { customer_id: "cus_x", expires_in_days: n } },
      "expires_in_days",
    ]),
  ]
  it.each(cases)("refuses %s with a 400 that names the field", async (_name, path, init, field) => {
    const org = await makeOrg()
    const res = await api(org, "controller", path, init)
    expect(res.status).toBe(400)
    const body = await res.json<{ error: { code: string; details: { field: string }[] } }>()
    expect(body.error.code).toBe("validation_failed")
    expect(body.error.details.map((d) => d.field)).toContain(field)
  })
})
