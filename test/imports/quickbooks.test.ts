/// <reference types="vite/client" />
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { contacts, customers, invoices } from "../../src/db/schema"
import { quickbooksSource, type QboQueryResponse } from "../../src/integrations/erp/quickbooks"
import { createImport, processImport } from "../../src/services/imports"
import { systemActor } from "../../src/services/audit"
import { db, makeOrg } from "../helpers"

const fx = import.meta.glob("../fixtures/quickbooks/*.json", { eager: true, import: "default" }) as Record<string, QboQueryResponse>

async function run(orgId: string, kind: "customers" | "invoices") {
  const source = quickbooksSource(kind, [fx[`../fixtures/quickbooks/query-${kind}.json`]])
  const record = await createImport(
    db(),
    orgId,
    systemActor,
    { kind, source: source.source, filename: null, rowsTotal: source.total, mapping: {}, options: {}, status: "processing" },
    new Date(),
  )
  return { record, result: await processImport(db(), orgId, systemActor, record, source, "iso") }
}

describe("QuickBooks Online through the same importer as CSV (recorded Query API responses)", () => {
  it("maps customers (inactive ones skipped) and open invoices, and a second run changes nothing", async () => {
    const org = await makeOrg()
    expect((await run(org.id, "customers")).result.changed).toBe(4) // 2 active customers + their 2 primary contacts
    const cs = await db().select().from(customers).where(eq(customers.orgId, org.id))
    expect(cs.map((c) => [c.externalId, c.name]).sort()).toEqual([
      ["QBO-58", "Amy's Bird Sanctuary"],
      ["QBO-59", "Bill's Windsurf Shop"],
    ])
    const amy = cs.find((c) => c.externalId === "QBO-58")!
    expect((await db().select().from(contacts).where(eq(contacts.customerId, amy.id)))[0]).toMatchObject({
      name: "Amy Lauterbach",
      email: "birds@intuit.com",
      phone: "(650) 555-3311",
    })
    await run(org.id, "invoices")
    const inv = async (n: string) =>
      (
        await db()
          .select()
          .from(invoices)
          .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, n)))
      )[0]
    expect(await inv("1037")).toMatchObject({
      amountMinor: 127_500,
      balanceMinor: 127_500,
      issueDate: "2026-10-01",
      dueDate: "2026-10-31",
      currency: "USD",
    })
    expect(await inv("1038")).toMatchObject({ amountMinor: 110_000, balanceMinor: 55_000 })
    expect(await inv("1039")).toMatchObject({ amountMinor: 8_999 })
    expect((await run(org.id, "invoices")).result.changed).toBe(0)
  })
})
