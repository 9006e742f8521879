// One email per customer per day: the tick's reminders for one customer go as one email listing each invoice.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { devMail, organisations, outreach, outreachEvents } from "../../src/db/schema"
import { combinedBody, combinedSubject, toneInvoiceIndex } from "../../src/domain/combined-reminder"
import { mergeValuesFor } from "../../src/domain/merge-tags"
import { addCustomer, addInvoice, db, deliverQueued, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "../autopilot/fixtures"

const monday = "2026-11-16T15:00:00.000Z"
const steps = [
  {
    offsetDays: 1,
    subject: "Invoice {invoice_number} is now due",
    body: "Hi {contact_name},\n\n{invoice_number} for {invoice_balance} was due on {due_date}.\n\nBest regards,\n{sender_name}",
  },
  {
    offsetDays: 20,
    subject: "Second reminder: {invoice_number} is {days_past_due} days past due",
    body: "Hi {contact_name},\n\n{invoice_number} is {days_past_due} days past due.\n\nPay here: {pay_link}\n\nBest regards,\n{sender_name}",
  },
  { offsetDays: 40, subject: "Final notice: {invoice_number}" },
]

async function rowsOf(orgId: string) {
  return db().select().from(outreach).where(eq(outreach.orgId, orgId))
}

describe("one email per customer per day", () => {
  it("sends three overdue invoices of one customer as one email listing each, and keeps one outreach row per invoice", async () => {
    const org = await makeOrg()
    // by_age: LC-1 (25 days late) starts at the second step, the others at the first.
    await db().update(organisations).set({ catchUpStart: "by_age" }).where(eq(organisations.id, org.id))
    // One reminder per contact per week: three separate emails would be capped; one combined email fits.
    await addSegment(org.id, { mode: "autopilot", steps, touchesPerContactWeek: 1 })
    const lion = await addCustomer(org.id, { name: "Lion City Traders" }, "ap@lioncity.example")
    const other = await addCustomer(org.id, { name: "Globex" }, "ap@globex.example")
    const a = await addInvoice(org.id, lion, { invoiceNumber: "LC-1", dueDate: daysBefore("2026-11-16", 25), balanceMinor: 30_000 })
    const b = await addInvoice(org.id, lion, { invoiceNumber: "LC-2", dueDate: daysBefore("2026-11-16", 5), balanceMinor: 120_000 })
    const c = await addInvoice(org.id, lion, { invoiceNumber: "LC-3", dueDate: daysBefore("2026-11-16", 3), balanceMinor: 45_050 })
    await addInvoice(org.id, other, { invoiceNumber: "GX-1", dueDate: daysBefore("2026-11-16", 4) })

    const tick = await tenant(org.id).tick(monday, org.id)
    expect(tick.queued).toBe(4)
    expect(tick.skipped).toEqual({})
    const queued = (await rowsOf(org.id)).filter((r) => r.customerId === lion)
    expect(queued).toHaveLength(3)
    expect(new Set(queued.map((r) => r.scheduledFor)).size).toBe(1)

    await deliverQueued(org.id)
    const mails = await db().select().from(devMail).where(eq(devMail.orgId, org.id))
    expect(mails.map((m) => m.to).sort()).toEqual(["ap@globex.example", "ap@lioncity.example"])
    const lionMail = mails.find((m) => m.to === "ap@lioncity.example")!
    // The most overdue invoice's step (the second reminder) sets the wording.
    // Merge tags are computed as of the send (delivery runs at the real time here).
    expect(lionMail.subject).toMatch(/^Second reminder: LC-1 is \d+ days past due, and 2 more invoices$/)
    expect(lionMail.text).toContain("This email covers 3 open invoices:")
    expect(lionMail.text).toContain("- LC-1: $300.00, due 2026-10-22")
    expect(lionMail.text).toContain("- LC-2: $1,200.00, due 2026-11-11")
    expect(lionMail.text).toContain("- LC-3: $450.50, due 2026-11-13")
    expect(lionMail.text).toContain("Total: $1,950.50")
    expect(lionMail.text.indexOf("Total:")).toBeLessThan(lionMail.text.indexOf("Best regards"))
    expect(lionMail.html).toContain("<td")

    const sent = (await rowsOf(org.id)).filter((r) => r.customerId === lion)
    expect(sent.map((r) => r.status)).toEqual(["sent", "sent", "sent"])
    expect(new Set(sent.map((r) => r.providerMessageId)).size).toBe(1)
    expect(sent.map((r) => r.invoiceId).sort()).toEqual([a, b, c].sort())
    const events = await db().select().from(outreachEvents).where(eq(outreachEvents.orgId, org.id))
    expect(events.filter((e) => e.status === "sent" && e.reason?.startsWith("sent in one email with"))).toHaveLength(2)
  })

  it("leaves out an invoice paid since the tick and still sends the others in one email", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "autopilot", steps, touchesPerContactWeek: 5 })
    const cus = await addCustomer(org.id, { name: "Initech" })
    await addInvoice(org.id, cus, { invoiceNumber: "IN-1", dueDate: daysBefore("2026-11-16", 25) })
    const paid = await addInvoice(org.id, cus, { invoiceNumber: "IN-2", dueDate: daysBefore("2026-11-16", 4) })
    await addInvoice(org.id, cus, { invoiceNumber: "IN-3", dueDate: daysBefore("2026-11-16", 2) })
    await tenant(org.id).tick(monday, org.id)
    const { invoices } = await import("../../src/db/schema")
    await db().update(invoices).set({ status: "paid", balanceMinor: 0 }).where(eq(invoices.id, paid))
    await deliverQueued(org.id)
    const mails = await db().select().from(devMail).where(eq(devMail.orgId, org.id))
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain("This email covers 2 open invoices:")
    expect(mails[0]!.text).not.toContain("IN-2")
    const rows = await rowsOf(org.id)
    expect(rows.find((r) => r.invoiceId === paid)).toMatchObject({ status: "skipped", reason: "paid" })
  })

  it("keeps one email per invoice in Shadow Mode drafts (each is reviewed on its own)", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow", steps })
    const cus = await addCustomer(org.id)
    await addInvoice(org.id, cus, { dueDate: daysBefore("2026-11-16", 25) })
    await addInvoice(org.id, cus, { dueDate: daysBefore("2026-11-16", 4) })
    const tick = await tenant(org.id).tick(monday, org.id)
    expect(tick).toMatchObject({ drafted: 2, queued: 0 })
  })
})

describe("combined reminder wording", () => {
  const items = [
    { invoiceNumber: "A-1", dueDate: "2026-11-10", balanceMinor: 10_000, currency: "USD" },
    { invoiceNumber: "A-2", dueDate: "2026-10-01", balanceMinor: 5_000, currency: "EUR" },
  ]
  it("takes the wording of the most overdue invoice", () => {
    expect(toneInvoiceIndex(items)).toBe(1)
    expect(toneInvoiceIndex([items[0]!])).toBe(0)
  })
  it.each([
    [1, "Reminder"],
    [2, "Reminder, and 1 more invoice"],
    [4, "Reminder, and 3 more invoices"],
  ])("names how many more invoices the email covers (%i)", (n, subject) => {
    expect(combinedSubject("Reminder", n)).toBe(subject)
  })
  it("lists every invoice above the sign-off, totals per currency, and escapes customer text in HTML", () => {
    const values = mergeValuesFor({
      orgName: "Northwind",
      customerName: "<Acme>",
      invoiceNumber: "A-2",
      balanceMinor: 5_000,
      currency: "EUR",
      dueDate: "2026-10-01",
      today: "2026-11-16",
      payLink: "https://pay.example/p/x",
    })
    const body = combinedBody("Dear {customer_name},\n\nA-2 is late.\n\nRegards,\n{sender_name}", values, items, "2026-11-16", "en-US")
    expect(body.text.split("\n\n")).toEqual([
      "Dear <Acme>,",
      "A-2 is late.",
      "This email covers 2 open invoices:\n- A-1: $100.00, due 2026-11-10, 6 days past due\n- A-2: €50.00, due 2026-10-01, 46 days past due\nTotal: $100.00 + €50.00",
      "You can pay all of them at once here: https://pay.example/p/x",
      "Regards,\nAccounts Receivable",
    ])
    expect(body.html).toContain("&lt;Acme&gt;")
    expect(body.html).not.toContain("<Acme>")
    expect(body.html).toContain('<a href="https://pay.example/p/x">Pay all of them at once</a>')
  })
})
