// Cash App Assist: matching unapplied Stripe payments to open invoices, with the confidence shown to the user.
import { and, eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { invoices, paymentApplications, payments } from "../../src/db/schema"
import { newId } from "../../src/db/ids"
import { rankMatches } from "../../src/domain/cash-match"
import { addCustomer, addInvoice, browse, db, makeOrg, type TestOrg } from "../helpers"

let org: TestOrg
let customerId: string
let paymentId: string
const balance = async (n: string) =>
  (
    await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, n)))
  )[0].balanceMinor

beforeEach(async () => {
  org = await makeOrg()
  customerId = await addCustomer(org.id, { name: "Initech LLC" })
  await addInvoice(org.id, customerId, { invoiceNumber: "INV-1", balanceMinor: 40_000 })
  await addInvoice(org.id, customerId, { invoiceNumber: "INV-2", balanceMinor: 60_000 })
  paymentId = newId("pay")
  await db().insert(payments).values({
    id: paymentId,
    orgId: org.id,
    customerId: null,
    amountMinor: 60_000,
    unappliedMinor: 60_000,
    currency: "USD",
    receivedAt: "2026-11-20T10:00:00Z",
    method: "ach",
    reference: "ACH INITECH REMIT",
    payerName: "INITECH",
    source: "manual",
    createdAt: "2026-11-20T10:00:00Z",
  })
})

describe("Cash App Assist", () => {
  it("ranks by amount, customer and reference", () => {
    const inv = (id: string, balanceMinor: number, customerName = "Initech LLC") => ({
      id,
      invoiceNumber: id,
      customerId: "c1",
      customerName,
      balanceMinor,
      currency: "USD",
      dueDate: "2026-10-01",
    })
    const ranked = rankMatches(
      { id: "p", customerId: null, unappliedMinor: 60_000, currency: "USD", reference: "Payment for INV-9", payerName: "Initech" },
      [inv("INV-1", 40_000), inv("INV-2", 60_000), inv("INV-9", 80_000), inv("X", 60_000, "Globex")],
    )
    expect(ranked.map((s) => [s.invoice.id, s.score])).toEqual([
      ["INV-9", 67],
      ["INV-2", 47],
      ["X", 35],
    ])
  })

  it("lists the unapplied payment with the exact-balance invoice first, and an Operator confirms it", async () => {
    const page = await (await browse(org, "operator", "/work/cash")).text()
    expect(page).toContain(">INV-2</a>")
    expect(page).toContain("payer name resembles Initech LLC")
    expect(page).toContain("amount equals the open balance")
    const res = await browse(org, "operator", `/work/cash/${paymentId}/apply`, { form: { invoice_number: "INV-2", amount: "600.00" } })
    expect(res.status).toBe(303)
    expect(await balance("INV-2")).toBe(0)
    expect(
      (
        await db()
          .select()
          .from(invoices)
          .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, "INV-2")))
      )[0].status,
    ).toBe("paid")
    expect(await (await browse(org, "operator", "/work/cash")).text()).toContain("Every payment is applied")
  })

  it("splits a payment across invoices; a partial payment reduces the balance", async () => {
    const body = new URLSearchParams([
      ["_csrf", org.csrf.operator],
      ["invoice_number", "INV-1"],
      ["amount", "400.00"],
      ["invoice_number", "INV-2"],
      ["amount", "150.00"],
      ["invoice_number", ""],
      ["amount", ""],
    ])
    const res = await browse(org, "operator", `/work/cash/${paymentId}/apply`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      csrf: false,
    })
    expect(res.status).toBe(303)
    expect(await balance("INV-1")).toBe(0)
    expect(await balance("INV-2")).toBe(45_000)
    const [p] = await db().select().from(payments).where(eq(payments.id, paymentId))
    expect(p.unappliedMinor).toBe(5_000)
    expect(await db().select().from(paymentApplications).where(eq(paymentApplications.paymentId, paymentId))).toHaveLength(2)
  })

  it.each([
    { form: { invoice_number: "INV-404", amount: "10.00" }, message: "Line 1: no invoice INV-404 in this organisation" },
    { form: { invoice_number: "INV-1", amount: "500.00" }, message: "Line 1: INV-1 has only 400 open; apply at most that" },
    { form: { invoice_number: "INV-2", amount: "0" }, message: "Line 1: the amount must be more than zero" },
  ])("refuses $form.invoice_number $form.amount whole, naming the line", async ({ form, message }) => {
    const res = await browse(org, "operator", `/work/cash/${paymentId}/apply`, { form })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
    expect(await balance("INV-1")).toBe(40_000)
    expect(await balance("INV-2")).toBe(60_000)
  })

  it("is 404 for another organisation's payment and closed to roles without outreach", async () => {
    const other = await makeOrg()
    expect(
      (await browse(other, "operator", `/work/cash/${paymentId}/apply`, { form: { invoice_number: "INV-1", amount: "1.00" } })).status,
    ).toBe(404)
    expect((await browse(org, "cfo", "/work/cash")).status).toBe(403)
  })
})
