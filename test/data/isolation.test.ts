// Tenant isolation on the receivables pages and API: every customer and invoice id of one organisation, asked for
// by another organisation's API key or signed-in browser, is "not found" and shows none of the first one's data.
import { describe, expect, it } from "vitest"
import { addDays, isoDay } from "../../src/domain/dates"
import { addCustomer, addInvoice, api, browse, makeOrg } from "../helpers"

const SECRET = "Quillfeather Secret Holdings"

async function twoOrgs() {
  const a = await makeOrg({ name: "Org A" })
  const b = await makeOrg({ name: "Org B" })
  const today = isoDay(new Date())
  const customers: string[] = []
  const invoices: string[] = []
  for (let i = 0; i < 4; i++) {
    const c = await addCustomer(a.id, { name: `${SECRET} ${i}` }, `ap${i}@quillfeather.example`)
    customers.push(c)
    invoices.push(await addInvoice(a.id, c, { invoiceNumber: `QF-${i}-1`, dueDate: addDays(today, -20 * i) }))
    invoices.push(await addInvoice(a.id, c, { invoiceNumber: `QF-${i}-2`, status: "paid", balanceMinor: 0 }))
  }
  await addCustomer(b.id, { name: "Org B Customer" })
  return { a, b, customers, invoices }
}

describe("cross-tenant probes", () => {
  it("answers 404 to every customer and invoice id of another organisation, by API key and by page session", async () => {
    const { a, b, customers, invoices } = await twoOrgs()
    const probes = [...customers.map((id) => ["customers", id] as const), ...invoices.map((id) => ["invoices", id] as const)]
    for (const [kind, id] of probes) {
      const viaApi = await api(b, "controller", `/api/v1/${kind}/${id}`)
      expect(viaApi.status, `API ${kind}/${id}`).toBe(404)
      expect(await viaApi.text()).not.toContain(SECRET)
      const viaPage = await browse(b, "controller", `/work/${kind}/${id}`)
      expect(viaPage.status, `page ${kind}/${id}`).toBe(404)
      expect(await viaPage.text()).not.toContain(SECRET)
      // The owner sees them: the probe would fail if the ids were simply wrong.
      expect((await api(a, "controller", `/api/v1/${kind}/${id}`)).status).toBe(200)
    }
  })

  it("never lists another organisation's rows, even when filtered by its customer id", async () => {
    const { b, customers } = await twoOrgs()
    for (const path of [
      "/api/v1/invoices?limit=200",
      "/api/v1/customers?limit=200",
      `/api/v1/invoices?customer_id=${customers[0]}`,
      "/api/v1/invoices?status=paid",
    ]) {
      const res = await api(b, "cfo", path)
      expect(res.status).toBe(200)
      expect(await res.text(), path).not.toContain(SECRET)
    }
    for (const path of [
      "/work/receivables?status=all",
      `/work/receivables?status=all&customer_id=${customers[0]}`,
      `/work/receivables?customer=${encodeURIComponent("Quillfeather")}`,
      "/admin/overview",
    ]) {
      const res = await browse(b, "cfo", path)
      expect(res.status).toBe(200)
      expect(await res.text(), path).not.toContain(SECRET)
    }
  })
})
