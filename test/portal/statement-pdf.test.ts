// The statement PDF: what a payer reads in it (organisation, open invoices, aging, recent payments, the pay link as a
// link and a QR code), served beside the CSV at /p/statement.pdf to the payer's session only.
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { eq } from "drizzle-orm"
import { organisations, payments } from "../../src/db/schema"
import { addDays, isoDay } from "../../src/domain/dates"
import { pdfSafe } from "../../src/integrations/pdf/statement-pdf"
import { statementPdf } from "../../src/services/statements"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"
import { makeLink, Payer } from "./portal-helpers"
import { pdfContents, pdfLinks, pdfText } from "./pdf-text"

const today = isoDay(new Date())

async function setup() {
  const org = await makeOrg({ name: "Acme Widgets & Co" })
  const customerId = await addCustomer(org.id, { name: "Initech <LLC>", externalId: "C-0042" })
  await addInvoice(org.id, customerId, {
    invoiceNumber: "INV-1001",
    amountMinor: 125_000,
    balanceMinor: 125_000,
    issueDate: addDays(today, -75),
    dueDate: addDays(today, -45),
  })
  await addInvoice(org.id, customerId, {
    invoiceNumber: "INV-1002",
    amountMinor: 80_000,
    balanceMinor: 30_000,
    issueDate: addDays(today, -10),
    dueDate: addDays(today, 20),
  })
  await addInvoice(org.id, customerId, {
    invoiceNumber: "INV-0999",
    amountMinor: 50_000,
    balanceMinor: 0,
    status: "paid",
    issueDate: addDays(today, -60),
    dueDate: addDays(today, -30),
  })
  const now = new Date().toISOString()
  await db()
    .insert(payments)
    .values([
      {
        id: newId("pay"),
        orgId: org.id,
        customerId,
        amountMinor: 50_000,
        currency: "USD",
        receivedAt: `${addDays(today, -12)}T10:00:00.000Z`,
        method: "ach",
        reference: "ACH 88123",
        source: "manual",
        createdAt: now,
      },
      {
        id: newId("pay"),
        orgId: org.id,
        customerId,
        amountMinor: 99_900,
        currency: "USD",
        receivedAt: `${addDays(today, -120)}T10:00:00.000Z`,
        method: "wire",
        reference: "OLD WIRE",
        source: "manual",
        createdAt: now,
      },
    ])
  const other = await makeOrg()
  const stranger = await addCustomer(other.id, { name: "Stranger Corp" })
  await addInvoice(other.id, stranger, { invoiceNumber: "INV-OTHER-1" })
  return { org, customerId, other, stranger }
}

describe("Statement PDF", () => {
  it("shows the organisation, open invoices with days late, aging, payments of the last 90 days and the pay link", async () => {
    const { org, customerId } = await setup()
    const pdf = (await statementPdf(db(), org.id, customerId, "https://app.plixo.dev/p/home"))!
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-")
    const text = await pdfText(pdf)
    const all = text.join("\n")
    expect(text).toContain("Acme Widgets & Co")
    expect(text).toContain("Initech <LLC>")
    expect(text).toContain("Customer reference C-0042")
    expect(text).toContain("$1,550.00") // balance due: 1,250.00 + 300.00
    expect(all).toMatch(/INV-1001[^]*45[^]*\$1,250\.00/)
    expect(text).toContain("INV-1002")
    expect(all).not.toContain("INV-0999") // paid: not open
    expect(text).toEqual(expect.arrayContaining(["CURRENCY", "CURRENT", "1-30", "31-60", "61-90", "90+"]))
    expect(all).toMatch(/USD\n\$300\.00\n\$0\.00\n\$1,250\.00\n\$0\.00\n\$0\.00\n\$1,550\.00/) // aging row: current 300, 31-60 1,250
    expect(text).toContain("ACH 88123")
    expect(all).not.toContain("OLD WIRE") // older than 90 days
    expect(text).toContain("https://app.plixo.dev/p/home")
    expect(pdfLinks(pdf)).toEqual(["https://app.plixo.dev/p/home"])
  })

  it("is drawn in the organisation's brand colour from its settings, and names payment methods in words", async () => {
    const { org, customerId } = await setup()
    await db().update(organisations).set({ brandColour: "#ff0000" }).where(eq(organisations.id, org.id))
    const pdf = (await statementPdf(db(), org.id, customerId, "https://app.plixo.dev/p/home"))!
    // The header band is filled with the colour (pdf-lib writes "r g b rg" then the rectangle).
    expect((await pdfContents(pdf)).join("\n")).toMatch(/\b1 0 0 rg\b/)
    const text = await pdfText(pdf)
    expect(text).toContain("ACH")
    expect(text).not.toContain("ach")
  })

  it("is null for a customer of another organisation", async () => {
    const { org, stranger } = await setup()
    expect(await statementPdf(db(), org.id, stranger, null)).toBeNull()
  })

  it("replaces characters the standard PDF fonts cannot show instead of failing", () => {
    expect(pdfSafe("Zürich “Quote” 東京 €5")).toBe('Zürich "Quote" ?? €5')
  })

  it("the portal serves it beside the CSV to the payer's session, as application/pdf, and nothing without a session", async () => {
    const { org, customerId } = await setup()
    const payer = new Payer()
    await payer.open((await makeLink(org.id, customerId)).url)
    expect(await (await payer.get("/p/statement")).text()).toContain('href="/p/statement.pdf"')
    const res = await payer.get("/p/statement.pdf")
    expect(res.status).toBe(200)
    expect(res.headers.get("Content-Type")).toBe("application/pdf")
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="statement-${today}.pdf"`)
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()))
    expect(text).toContain("INV-1001")
    expect(text.join(" ")).not.toContain("INV-OTHER-1")
    expect((await new Payer().get("/p/statement.pdf")).status).toBe(401)
  })
})
