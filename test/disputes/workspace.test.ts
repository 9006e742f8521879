// The Disputes workspace page: SLA Snapshot, Today's Focus filtering the table, metrics cards, the inspector
// (htmx partial and full page with ?selected=), the empty state, and another organisation's dispute never shown.
import { describe, expect, it } from "vitest"
import { disputes } from "../../src/db/schema"
import { addCustomer, addInvoice, browse, db, makeOrg } from "../helpers"

async function org2Disputes() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Globex Ltd" })
  const now = Date.now()
  const mk = async (key: string, status: "open" | "escalated", reason: "quality" | "pricing", slaHours: number) => {
    const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: `INV-${key}`, disputed: true })
    const id = `dsp_${key}_${org.id.slice(-8)}`
    await db()
      .insert(disputes)
      .values({
        id,
        orgId: org.id,
        invoiceId,
        customerId,
        reason,
        status,
        source: "portal",
        slaDueAt: new Date(now + slaHours * 3_600_000).toISOString(),
        createdAt: new Date(now - 3 * 86_400_000).toISOString(),
        updatedAt: new Date(now).toISOString(),
      })
    return id
  }
  return { org, breached: await mk("8801", "open", "quality", -2), escalated: await mk("8802", "escalated", "pricing", 100) }
}

describe("the Disputes workspace", () => {
  it("shows the SLA Snapshot, focus cards and metrics, and a focus card narrows the table", async () => {
    const { org } = await org2Disputes()
    const page = await (await browse(org, "operator", "/work/disputes")).text()
    expect(page).toContain('aria-label="SLA Snapshot"')
    expect(page).toContain("Escalated to Legal")
    expect(page).toContain("Open by reason")
    expect(page).toContain("INV-8801")
    expect(page).toContain("INV-8802")
    const focused = await (await browse(org, "operator", "/work/disputes?focus=escalated")).text()
    expect(focused).toContain("INV-8802")
    expect(focused).not.toContain("INV-8801")
    const breaching = await (await browse(org, "operator", "/work/disputes?focus=breaching_today")).text()
    expect(breaching).toContain("INV-8801")
    expect(breaching).not.toContain("INV-8802")
  })

  it("opens the inspector under the table, as an htmx partial or as the full page, with slots and actions", async () => {
    const { org, breached } = await org2Disputes()
    const partial = await (await browse(org, "operator", `/work/disputes/${breached}/inspector`)).text()
    expect(partial).not.toContain("<html")
    expect(partial).toContain("Inspection report")
    expect(partial).toContain("Escalate to Legal")
    expect(partial).toContain("Send reply to payer")
    const full = await (await browse(org, "cfo", `/work/disputes?selected=${breached}`)).text()
    expect(full).toContain('aria-label="Dispute inspector"')
    expect(full).not.toContain("Send reply to payer") // the CFO reads, does not work disputes
    const other = await makeOrg()
    expect((await browse(other, "operator", `/work/disputes/${breached}/inspector`)).status).toBe(404)
    expect(await (await browse(other, "operator", `/work/disputes?selected=${breached}`)).text()).not.toContain("Globex")
  })

  it("says so when there are no disputes", async () => {
    const org = await makeOrg()
    expect(await (await browse(org, "operator", "/work/disputes")).text()).toContain("No disputes match")
  })
})
