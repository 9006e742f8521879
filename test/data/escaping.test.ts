// A customer name is data, never markup: escaped on every receivables page and kept verbatim in API JSON.
import { describe, expect, it } from "vitest"
import { addDays, isoDay } from "../../src/domain/dates"
import { addCustomer, addInvoice, api, browse, makeOrg } from "../helpers"

const NAME = "<script>alert(1)</script>"
const ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

describe("escaping of customer data", () => {
  it("renders a script-tag customer name inert on the receivables, customer, invoice and overview pages", async () => {
    const org = await makeOrg()
    const customer = await addCustomer(org.id, { name: NAME, industry: '"><img src=x onerror=alert(2)>' }, "x@evil.example")
    const invoice = await addInvoice(org.id, customer, { invoiceNumber: "<b>INV-1</b>", dueDate: addDays(isoDay(new Date()), -10) })
    for (const path of [
      "/work/receivables",
      "/work/receivables?status=all&customer=script",
      `/work/customers/${customer}`,
      `/work/invoices/${invoice}`,
      "/admin/overview",
    ]) {
      const res = await browse(org, "operator", path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(html, path).toContain(ESCAPED)
      expect(html, path).not.toContain(NAME)
      expect(html, path).not.toContain("<img src=x")
      expect(html, path).not.toContain("<b>INV-1</b>")
    }
  })

  it("returns the name as plain data in the API", async () => {
    const org = await makeOrg()
    const customer = await addCustomer(org.id, { name: NAME })
    const invoice = await addInvoice(org.id, customer)
    const c = (await (await api(org, "cfo", `/api/v1/customers/${customer}`)).json()) as { name: string }
    expect(c.name).toBe(NAME)
    const i = (await (await api(org, "cfo", `/api/v1/invoices/${invoice}`)).json()) as { customer_name: string }
    expect(i.customer_name).toBe(NAME)
    const res = await api(org, "cfo", "/api/v1/invoices")
    expect(res.headers.get("Content-Type")).toContain("application/json")
  })
})
