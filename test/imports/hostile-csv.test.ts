// The hostile CSV corpus: each file of test/fixtures/csv (the kept ERP quirks) and test/fixtures/csv/hostile (broken
// quoting, encodings, control characters, duplicate headers, over-long fields, formulas) with its exact outcome.
import { env } from "cloudflare:workers"
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { customers, invoices } from "../../src/db/schema"
import { api, browse, db, makeOrg } from "../helpers"

// Bytes, not text: the encodings are what is under test (test/vitest.config.ts passes each fixture as base64).
const files = (env as unknown as { TEST_CSV_BYTES: Record<string, string> }).TEST_CSV_BYTES
function bytesOf(name: string): Uint8Array {
  const b64 = files[name]
  if (b64 === undefined) throw new Error(`no fixture ${name}`)
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
}

type Outcome = {
  status: number
  imported?: number
  failed?: number
  message?: string
  errors?: { row: number; field: string; message: string }[]
}
const corpus: [string, "customers" | "invoices", Outcome][] = [
  // Kept ERP quirks (invoices are imported after customers.csv)
  ["amounts-formatted.csv", "invoices", { status: 200, imported: 1, failed: 0 }],
  ["bad-amount-text.csv", "invoices", { status: 200, imported: 0, failed: 1 }],
  ["bad-balance-over-amount.csv", "invoices", { status: 200, imported: 0, failed: 1 }],
  ["bad-currency-unknown.csv", "invoices", { status: 200, imported: 0, failed: 1 }],
  ["bad-due-before-issue.csv", "invoices", { status: 200, imported: 0, failed: 1 }],
  ["bad-duplicate-invoice.csv", "invoices", { status: 200, imported: 1, failed: 1 }],
  ["bad-email.csv", "customers", { status: 200, imported: 0, failed: 1 }],
  ["bad-missing-column.csv", "invoices", { status: 400, message: "No column is mapped to Currency" }],
  ["bad-negative-balance.csv", "invoices", { status: 200, imported: 0, failed: 1 }],
  ["bad-unknown-customer.csv", "invoices", { status: 200, imported: 0, failed: 1 }],
  ["bom.csv", "invoices", { status: 200, imported: 1, failed: 0 }],
  ["currency-lowercase.csv", "invoices", { status: 200, imported: 1, failed: 0 }],
  ["dates-day-month.csv", "invoices", { status: 200, imported: 0, failed: 1 }], // day/month order needs date_order=dmy
  ["empty.csv", "invoices", { status: 400, message: "The file is empty" }],
  ["erp-headers.csv", "invoices", { status: 200, imported: 1, failed: 0 }],
  ["header-only.csv", "invoices", { status: 400, message: "header row but no data rows" }],
  ["invoices-corrected.csv", "invoices", { status: 200, imported: 4, failed: 0 }],
  ["quoted-commas-newlines.csv", "customers", { status: 200, imported: 1, failed: 0 }],
  ["semicolon.csv", "invoices", { status: 200, imported: 2, failed: 0 }],
  // Hostile files
  ["hostile/unbalanced-quote.csv", "customers", { status: 400, message: "The quoting breaks on line 2" }],
  // A quote inside an unquoted field is read literally (RFC 4180 leniency, as spreadsheets do); the rows stay apart.
  ["hostile/quote-inside-unquoted.csv", "customers", { status: 200, imported: 2, failed: 0 }],
  ["hostile/utf16le-bom.csv", "customers", { status: 200, imported: 2, failed: 0 }],
  ["hostile/utf16be-bom.csv", "customers", { status: 200, imported: 2, failed: 0 }],
  ["hostile/windows-1252.csv", "customers", { status: 400, message: "not valid UTF-8 (line 3" }],
  [
    "hostile/nul-in-name.csv",
    "customers",
    { status: 200, imported: 1, failed: 1, errors: [{ row: 2, field: "name", message: "control character" }] },
  ],
  [
    "hostile/control-chars.csv",
    "customers",
    {
      status: 200,
      imported: 1,
      failed: 2,
      errors: [
        { row: 2, field: "name", message: "control character" },
        { row: 3, field: "name", message: "control character" },
      ],
    },
  ],
  ["hostile/duplicate-headers.csv", "customers", { status: 400, message: 'names "name" more than once' }],
  [
    "hostile/long-name.csv",
    "customers",
    { status: 200, imported: 1, failed: 1, errors: [{ row: 2, field: "name", message: "1,200 characters long; at most 1,000" }] },
  ],
  [
    "hostile/long-external-id.csv",
    "customers",
    { status: 200, imported: 0, failed: 1, errors: [{ row: 2, field: "external_id", message: "at most 100" }] },
  ],
  ["hostile/formula-injection.csv", "customers", { status: 200, imported: 0, failed: 3 }],
]

describe("hostile CSV corpus", () => {
  it.each(corpus)("%s (%s) has its exact outcome, and a refused file writes nothing", async (name, kind, want) => {
    const org = await makeOrg()
    if (kind === "invoices")
      await api(org, "controller", "/api/v1/imports/customers", {
        method: "POST",
        headers: { "Content-Type": "text/csv" },
        body: bytesOf("customers.csv"),
      })
    const res = await api(org, "controller", `/api/v1/imports/${kind}`, {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: bytesOf(name),
    })
    expect(res.status).toBe(want.status)
    const body = await res.json<{
      rows_imported: number
      rows_failed: number
      errors: { row: number; field: string; message: string }[]
      error?: { message: string }
    }>()
    if (want.status !== 200) {
      expect(body.error?.message).toContain(want.message)
      const table = kind === "invoices" ? invoices : customers
      expect(await db().select().from(table).where(eq(table.orgId, org.id))).toHaveLength(0)
      return
    }
    expect({ imported: body.rows_imported, failed: body.rows_failed }).toEqual({ imported: want.imported, failed: want.failed })
    for (const e of want.errors ?? [])
      expect(body.errors).toContainEqual(
        expect.objectContaining({ row: e.row, field: e.field, message: expect.stringContaining(e.message) }),
      )
  })

  it("decodes UTF-16 names as written", async () => {
    const org = await makeOrg()
    await api(org, "controller", "/api/v1/imports/customers", {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: bytesOf("hostile/utf16le-bom.csv"),
    })
    const names = (await db().select().from(customers).where(eq(customers.orgId, org.id))).map((c) => c.name).sort()
    expect(names).toEqual(["Müller GmbH", "Société Générale"])
  })

  it("writes the formula payloads back neutralised in the import errors CSV", async () => {
    const org = await makeOrg()
    const up = await api(org, "controller", "/api/v1/imports/customers", {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: bytesOf("hostile/formula-injection.csv"),
    })
    const { import_id } = await up.json<{ import_id: string }>()
    const text = await (await browse(org, "controller", `/admin/connectors/import/${import_id}/errors.csv`)).text()
    const cells = text
      .split(/\r\n/)
      .slice(1)
      .filter(Boolean)
      .flatMap((line) => line.split(","))
    expect(cells.length).toBeGreaterThan(0)
    for (const cell of cells) expect(cell.replace(/^"/, ""), cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/)
    expect(text).toContain("'=cmd|")
  })
})
