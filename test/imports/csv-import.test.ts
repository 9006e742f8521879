/// <reference types="vite/client" />
import { and, eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { auditLog, contacts, customers, importMappings, invoices } from "../../src/db/schema"
import { api, db, makeOrg, type TestOrg } from "../helpers"
import { csv, upload } from "./import-helpers"

type Summary = {
  import_id: string
  rows_total: number
  rows_imported: number
  rows_failed: number
  rows_changed: number
  contact_coverage: number
  errors: { row: number; field: string; message: string }[]
}

let org: TestOrg
beforeEach(async () => {
  org = await makeOrg()
  const res = await upload(org, "customers", csv("customers.csv"))
  expect(res.status).toBe(200)
})

describe("the bad-CSV corpus: each file one problem, each error names the row, the field and the fix", () => {
  const cases: {
    file: string
    kind?: "customers" | "invoices"
    query?: string
    imported: number
    errors: { row: number; field: string; message: string }[]
  }[] = [
    {
      file: "bad-currency-unknown.csv",
      imported: 0,
      errors: [{ row: 2, field: "currency", message: 'Unknown currency code "XYZ": use an ISO 4217 code such as USD, EUR or GBP' }],
    },
    { file: "currency-lowercase.csv", imported: 1, errors: [] },
    {
      file: "bad-email.csv",
      kind: "customers",
      imported: 0,
      errors: [{ row: 2, field: "email", message: '"ap@@globex.example" is not an email address: fix it or leave the cell empty' }],
    },
    {
      file: "dates-day-month.csv",
      imported: 0,
      errors: [
        {
          row: 2,
          field: "due_date",
          message:
            'Due date "03/05/2026" is not a date Plixo can read: write it as YYYY-MM-DD (e.g. 2026-10-31), or choose the day/month order in the mapping preview',
        },
        {
          row: 2,
          field: "issue_date",
          message:
            'Issue date "03/04/2026" is not a date Plixo can read: write it as YYYY-MM-DD (e.g. 2026-10-31), or choose the day/month order in the mapping preview',
        },
      ],
    },
    { file: "dates-day-month.csv", query: "?date_order=dmy", imported: 1, errors: [] },
    { file: "amounts-formatted.csv", imported: 1, errors: [] },
    {
      file: "bad-negative-balance.csv",
      imported: 0,
      errors: [
        { row: 2, field: "balance", message: "Balance -20.00 is negative: import credit notes separately, balances must be zero or more" },
      ],
    },
    {
      file: "bad-unknown-customer.csv",
      imported: 0,
      errors: [{ row: 2, field: "customer_external_id", message: 'No customer with ID "C-9999": import customers first or fix the ID' }],
    },
    {
      file: "bad-duplicate-invoice.csv",
      imported: 1,
      errors: [
        { row: 3, field: "invoice_number", message: "Invoice number INV-3007 appears again (first on row 2): keep one row per invoice" },
      ],
    },
    { file: "bom.csv", imported: 1, errors: [] },
    { file: "semicolon.csv", imported: 2, errors: [] },
    { file: "quoted-commas-newlines.csv", kind: "customers", imported: 1, errors: [] },
    { file: "erp-headers.csv", imported: 1, errors: [] },
    {
      file: "bad-balance-over-amount.csv",
      imported: 0,
      errors: [{ row: 2, field: "balance", message: "Balance 150.00 is more than the amount 100.00: the balance is what is still owed" }],
    },
    {
      file: "bad-due-before-issue.csv",
      imported: 0,
      errors: [{ row: 2, field: "due_date", message: "Due date 2026-10-01 is before the issue date 2026-10-31" }],
    },
    {
      file: "bad-amount-text.csv",
      imported: 0,
      errors: [
        {
          row: 2,
          field: "amount",
          message: 'Amount "one hundred" is not an amount: write it like 1250.00 (thousands separators and currency symbols are fine)',
        },
      ],
    },
  ]
  it.each(cases)("$file $query", async ({ file, kind = "invoices", query = "", imported, errors }) => {
    const res = await upload(org, kind, csv(file), query)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Summary
    expect(body.errors).toEqual(errors)
    expect(body.rows_imported).toBe(imported)
    expect(body.rows_failed).toBe(new Set(errors.map((e) => e.row)).size)
  })

  it.each([
    { file: "empty.csv", status: 400, message: "The file is empty: upload a CSV with a header row and at least one data row." },
    { file: "header-only.csv", status: 400, message: "The file has a header row but no data rows: add at least one row below the header." },
    {
      file: "bad-missing-column.csv",
      status: 400,
      message: "No column is mapped to Currency (currency): rename the column or choose it in the mapping.",
    },
  ])("$file is refused whole with $status", async ({ file, status, message }) => {
    const res = await upload(org, "invoices", csv(file))
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message)
  })
})

describe("what the corpus files turn into", () => {
  const invoice = async (number: string) =>
    (
      await db()
        .select()
        .from(invoices)
        .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, number)))
    )[0]

  it("normalises usd to USD, reads day/month dates when chosen, strips symbols and thousands separators", async () => {
    await upload(org, "invoices", csv("currency-lowercase.csv"))
    await upload(org, "invoices", csv("dates-day-month.csv"), "?date_order=dmy")
    await upload(org, "invoices", csv("amounts-formatted.csv"))
    expect((await invoice("INV-3002")).currency).toBe("USD")
    expect(await invoice("INV-3003")).toMatchObject({ issueDate: "2026-04-03", dueDate: "2026-05-03" })
    expect(await invoice("INV-3004")).toMatchObject({ amountMinor: 125_000, balanceMinor: 100_050 })
  })

  it("keeps quoted commas, quotes and newlines inside a field", async () => {
    await upload(org, "customers", csv("quoted-commas-newlines.csv"))
    const [c] = await db()
      .select()
      .from(customers)
      .where(and(eq(customers.orgId, org.id), eq(customers.externalId, "C-2002")))
    expect(c.name).toBe("Smith, Jones & Partners")
    expect(c.region).toBe("Suite 4,\r\nLondon")
    const [k] = await db()
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, org.id), eq(contacts.customerId, c.id)))
    expect(k).toMatchObject({ name: 'Pat "PJ" Jones', email: "ap@smithjones.example", isPrimary: true })
  })

  it("matches ERP headers (Invoice No, Amount Due, Invoice Date) and accepts a ?mapping= override", async () => {
    await upload(org, "invoices", csv("erp-headers.csv"))
    expect(await invoice("INV-3012")).toMatchObject({ balanceMinor: 7_500, amountMinor: 10_000 })
    const renamed = csv("invoices.csv").replace("balance", "Still Owed").replace("INV-2001", "INV-9001")
    const res = await upload(org, "invoices", renamed, `?mapping=${encodeURIComponent(JSON.stringify({ "Still Owed": "balance" }))}`)
    expect(((await res.json()) as Summary).rows_imported).toBe(4)
    expect((await invoice("INV-9001")).balanceMinor).toBe(125_000)
  })

  it("refuses a mapping that is not JSON, naming the parameter", async () => {
    const res = await upload(org, "invoices", csv("invoices.csv"), "?mapping=%7Bnope")
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { details: { field: string }[] } }).error.details[0].field).toBe("mapping")
  })
})

describe("upserts", () => {
  it("importing the same file twice changes nothing the second time", async () => {
    const first = (await (await upload(org, "invoices", csv("invoices.csv"))).json()) as Summary
    expect(first).toMatchObject({ rows_total: 4, rows_imported: 4, rows_failed: 0, rows_changed: 4 })
    const before = await db().select().from(invoices).where(eq(invoices.orgId, org.id))
    const second = (await (await upload(org, "invoices", csv("invoices.csv"))).json()) as Summary
    expect(second).toMatchObject({ rows_imported: 4, rows_changed: 0 })
    expect(await db().select().from(invoices).where(eq(invoices.orgId, org.id))).toEqual(before)
    const again = (await (await upload(org, "customers", csv("customers.csv"))).json()) as Summary
    expect(again.rows_changed).toBe(0)
  })

  it("a corrected file updates balances, and a zero balance marks the invoice paid", async () => {
    await upload(org, "invoices", csv("invoices.csv"))
    const res = (await (await upload(org, "invoices", csv("invoices-corrected.csv"))).json()) as Summary
    expect(res.rows_changed).toBe(2)
    const rows = await db().select().from(invoices).where(eq(invoices.orgId, org.id))
    const by = Object.fromEntries(rows.map((r) => [r.invoiceNumber, r]))
    expect(by["INV-2001"]).toMatchObject({ balanceMinor: 25_000, status: "open" })
    expect(by["INV-2003"]).toMatchObject({ balanceMinor: 0, status: "paid" })
    expect(by["INV-2003"].paidAt).not.toBeNull()
    expect(rows).toHaveLength(4)
  })

  it("reports contact coverage after every import and saves nothing half-written", async () => {
    const res = (await (await upload(org, "invoices", csv("invoices.csv"))).json()) as Summary
    expect(res.contact_coverage).toBe(0.75) // 3 of 4 customers have an email
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "import.rows_landed"), eq(auditLog.subjectId, res.import_id)))
    expect(audit).toHaveLength(1)
    expect(audit[0].after).toEqual({ first_row: 2, last_row: 5, imported: 4, failed_rows: 0 })
  })

  it("GET /api/v1/imports/:id returns the same summary, and another organisation's import is 404", async () => {
    const res = (await (await upload(org, "invoices", csv("bad-duplicate-invoice.csv"))).json()) as Summary
    const got = await api(org, "controller", `/api/v1/imports/${res.import_id}`)
    expect(await got.json()).toEqual(res)
    const other = await makeOrg()
    expect((await api(other, "controller", `/api/v1/imports/${res.import_id}`)).status).toBe(404)
  })

  it("takes a multipart upload with field file, and refuses roles without the connectors capability", async () => {
    const form = new FormData()
    form.set("file", new File([csv("invoices.csv")], "invoices.csv", { type: "text/csv" }))
    const res = await api(org, "billing_admin", "/api/v1/imports/invoices", { method: "POST", body: form })
    expect(res.status).toBe(200)
    expect(((await res.json()) as Summary).rows_imported).toBe(4)
    expect((await upload(org, "invoices", csv("invoices.csv"), "", "operator")).status).toBe(403)
  })

  it("refuses a file over the limit with 413 naming the limit", async () => {
    const big = "invoice_number,customer_external_id,currency,amount,balance,issue_date,due_date\n" + "x".repeat(21 * 1024 * 1024)
    const res = await upload(org, "invoices", big)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("the limit is 20 MB per file")
  })

  it("does not save the API's mapping (only the preview page does)", async () => {
    await upload(org, "invoices", csv("erp-headers.csv"))
    expect(await db().select().from(importMappings).where(eq(importMappings.orgId, org.id))).toHaveLength(0)
  })
})
