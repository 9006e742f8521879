/// <reference types="vite/client" />
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { importMappings, invoices } from "../../src/db/schema"
import { api, browse, db, makeOrg, type TestOrg } from "../helpers"
import { eventually } from "../stripe/stripe-helpers"
import { csv, upload } from "./import-helpers"

async function uploadFile(org: TestOrg, kind: string, name: string, text: string) {
  const form = new FormData()
  form.set("_csrf", org.csrf.controller)
  form.set("kind", kind)
  form.set("file", new File([text], name, { type: "text/csv" }))
  return browse(org, "controller", "/admin/connectors/import", { method: "POST", body: form })
}

describe("the CSV Import page", () => {
  it("uploads, previews the mapping with sample rows, imports after confirmation, saves the mapping and shows progress until done", async () => {
    const org = await makeOrg()
    await upload(org, "customers", csv("customers.csv"))
    const res = await uploadFile(org, "invoices", "erp.csv", csv("erp-headers.csv"))
    expect(res.status).toBe(303)
    const importUrl = res.headers.get("Location")!
    const preview = await (await browse(org, "controller", importUrl)).text()
    expect(preview).toContain("Map columns: erp.csv")
    expect(preview).toMatch(/<option value="invoice_number" selected="">Invoice number \*<\/option>/)
    expect(preview).toMatch(/<option value="balance" selected="">Balance<\/option>/)
    expect(preview).toContain("<td>INV-3012</td>")
    const form: Record<string, string> = { date_order: "iso" }
    ;["invoice_number", "customer_external_id", "currency", "amount", "balance", "issue_date", "due_date"].forEach(
      (f, i) => (form[`map_${i}`] = f),
    )
    const confirmed = await browse(org, "controller", `${importUrl}/confirm`, { form })
    expect(confirmed.status).toBe(303)
    const id = importUrl.split("/").pop()!
    const done = await eventually(
      async () => (await api(org, "controller", `/api/v1/imports/${id}`)).json() as Promise<{ status: string; rows_imported: number }>,
      (s) => s.status === "completed",
    )
    expect(done.rows_imported).toBe(1)
    const [inv] = await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, "INV-3012")))
    expect(inv.balanceMinor).toBe(7_500)
    const saved = await db().select().from(importMappings).where(eq(importMappings.orgId, org.id))
    expect(saved[0].mapping["Amount Due"]).toBe("balance")
    const progress = await browse(org, "controller", `${importUrl}/progress`, { headers: { "HX-Request": "true" } })
    expect(progress.headers.get("HX-Refresh")).toBe("true")
  })

  it("refuses two columns mapped to one field, naming it", async () => {
    const org = await makeOrg()
    const url = (await uploadFile(org, "invoices", "x.csv", csv("invoices.csv"))).headers.get("Location")!
    const form: Record<string, string> = {
      map_0: "invoice_number",
      map_1: "customer_external_id",
      map_2: "currency",
      map_3: "amount",
      map_4: "amount",
      map_5: "issue_date",
      map_6: "due_date",
    }
    const res = await browse(org, "controller", `${url}/confirm`, { form })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain("Two columns are mapped to amount")
  })

  it("lists invalid rows inline and offers them as a CSV download", async () => {
    const org = await makeOrg()
    const summary = (await (await upload(org, "invoices", csv("bad-unknown-customer.csv"))).json()) as { import_id: string }
    const page = await (await browse(org, "controller", `/admin/connectors/import/${summary.import_id}`)).text()
    expect(page).toContain("No customer with ID &quot;C-9999&quot;: import customers first or fix the ID")
    const file = await browse(org, "controller", `/admin/connectors/import/${summary.import_id}/errors.csv`)
    expect(file.headers.get("Content-Type")).toContain("text/csv")
    expect(await file.text()).toBe(
      'row,field,message,value\r\n2,customer_external_id,"No customer with ID ""C-9999"": import customers first or fix the ID",C-9999\r\n',
    ) // the one CSV writer ends every line with CRLF
  })

  it("answers an empty upload with 400 and serves both templates", async () => {
    const org = await makeOrg()
    const res = await uploadFile(org, "invoices", "empty.csv", "")
    expect(res.status).toBe(400)
    expect(await res.text()).toContain("The file is empty")
    const headerOnly = await uploadFile(org, "invoices", "h.csv", csv("header-only.csv"))
    expect(headerOnly.status).toBe(400)
    for (const kind of ["customers", "invoices"]) {
      const t = await browse(org, "controller", `/admin/connectors/import/templates/${kind}.csv`)
      expect(t.status).toBe(200)
      const roundTrip = await upload(org, kind as "customers", await t.text())
      expect(roundTrip.status).toBe(200)
    }
  })
})
