// Large uploads run in slices (the IMPORTS queue consumer): each call lands a budget of pages and the next resumes.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { findImport } from "../../src/db/imports"
import { importErrors, invoices } from "../../src/db/schema"
import { csvSource } from "../../src/integrations/erp/importer"
import { systemActor } from "../../src/services/audit"
import { readCsv } from "../../src/services/import-input"
import { createImport, IMPORT_CHUNK_ROWS, importSummary, processImport } from "../../src/services/imports"
import { addCustomer, db, makeOrg } from "../helpers"

describe("an import run in slices", () => {
  it("resumes where the last slice stopped, still catches a number repeated across slices, and completes once", async () => {
    const org = await makeOrg()
    await addCustomer(org.id, { externalId: "C-1" })
    const rows = IMPORT_CHUNK_ROWS * 2 + 500
    const lines = ["invoice_number,customer_external_id,currency,amount,balance,issue_date,due_date"]
    for (let i = 1; i <= rows; i++) lines.push(`S-${i},C-1,USD,100.00,${i === rows ? "80.00" : "100.00"},2026-10-01,2026-10-31`)
    lines.push("S-7,C-1,USD,100.00,100.00,2026-10-01,2026-10-31") // repeats row 8, two slices later
    const parsed = readCsv(lines.join("\n"))
    const source = () => csvSource("invoices", parsed, Object.fromEntries(parsed.headers.map((h) => [h, h])))
    const created = await createImport(
      db(),
      org.id,
      systemActor,
      {
        kind: "invoices",
        source: "csv",
        filename: "big.csv",
        rowsTotal: parsed.rows.length,
        mapping: {},
        options: {},
        status: "processing",
      },
      new Date(),
    )

    const outcomes: boolean[] = []
    for (let slice = 0; slice < 5; slice++) {
      const record = (await findImport(db(), org.id, created.id))!
      if (record.status !== "processing") break
      outcomes.push((await processImport(db(), org.id, systemActor, record, source(), "iso", new Date(), 1)).done)
    }
    expect(outcomes).toEqual([false, false, true])
    const summary = (await importSummary(db(), org.id, created.id))!
    expect(summary).toMatchObject({ status: "completed", rows_total: rows + 1, rows_imported: rows, rows_failed: 1, rows_changed: rows })
    expect(summary.errors).toEqual([
      { row: rows + 2, field: "invoice_number", message: "Invoice number S-7 appears again (first on row 8): keep one row per invoice" },
    ])
    expect(await db().$count(invoices, eq(invoices.orgId, org.id))).toBe(rows)
    expect(await db().$count(importErrors, eq(importErrors.importId, created.id))).toBe(1)
  })
})
