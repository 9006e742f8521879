// Disputes and promises for finance: API lists, status actions with audit, the credit going to approval,
// the /work pages, evidence downloads behind sign-in, and "Create payer link".
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { approvals, auditLog, disputeEvidence, disputes, invoices, promises } from "../../src/db/schema"
import { addCustomer, addInvoice, api, browse, db, makeOrg } from "../helpers"

async function disputed(opts: { slaHoursFromNow?: number } = {}) {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Umbrella Corp" })
  const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: "INV-7001", disputed: true })
  const now = new Date().toISOString()
  const id = `dsp_${org.id.slice(-10)}`
  await db()
    .insert(disputes)
    .values({
      id,
      orgId: org.id,
      invoiceId,
      customerId,
      reason: "pricing",
      message: "Price list says 10% less",
      status: "open",
      source: "portal",
      slaDueAt: new Date(Date.now() + (opts.slaHoursFromNow ?? 72) * 3_600_000).toISOString(),
      createdAt: now,
      updatedAt: now,
    })
  return { org, customerId, invoiceId, id }
}

describe("disputes for finance", () => {
  it("lists disputes with their SLA state, filtered by status and reason, and never another organisation's", async () => {
    const { org, id } = await disputed({ slaHoursFromNow: -2 })
    const other = await disputed()
    const res = await api(org, "cfo", "/api/v1/disputes?status=active&reason=pricing")
    expect(res.status).toBe(200)
    const body = (await res.json()) as { data: { id: string; sla_state: string; invoice_number: string }[] }
    expect(body.data.map((d) => d.id)).toEqual([id])
    expect(body.data[0]).toMatchObject({ sla_state: "breached", invoice_number: "INV-7001" })
    expect(((await (await api(org, "cfo", "/api/v1/disputes?reason=quality")).json()) as { data: unknown[] }).data).toHaveLength(0)
    expect(
      (await api(org, "operator", `/api/v1/disputes/${other.id}`, { method: "PATCH", json: { status: "investigating" } })).status,
    ).toBe(404)
  })

  it("moves a dispute through investigating to rejected, audited, and resumes the invoice's cadence", async () => {
    const { org, id, invoiceId } = await disputed()
    expect((await api(org, "sales", `/api/v1/disputes/${id}`, { method: "PATCH", json: { status: "investigating" } })).status).toBe(403)
    const a = await api(org, "operator", `/api/v1/disputes/${id}`, {
      method: "PATCH",
      json: { status: "investigating", notes: "Checking the price list" },
    })
    expect(a.status).toBe(200)
    expect(await a.json()).toMatchObject({ status: "investigating" })
    const b = await api(org, "operator", `/api/v1/disputes/${id}`, {
      method: "PATCH",
      json: { status: "rejected", resolution: "Price list applies" },
    })
    expect(await b.json()).toMatchObject({ status: "rejected", sla_state: "closed" })
    expect((await api(org, "operator", `/api/v1/disputes/${id}`, { method: "PATCH", json: { status: "investigating" } })).status).toBe(409)
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv.disputed).toBe(false)
    const actions = (
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id), eq(auditLog.subjectId, id)))
    )
      .map((r) => r.action)
      .sort()
    expect(actions).toEqual(["dispute.investigating", "dispute.note_added", "dispute.rejected"])
  })

  it("sends a credit on resolve to approval instead of resolving at once", async () => {
    const { org, id } = await disputed()
    const res = await browse(org, "operator", `/work/disputes/${id}`, {
      form: { action: "resolved", credit: "150.00", resolution: "Agreed 10%" },
    })
    expect(res.status).toBe(303)
    const [approval] = await db().select().from(approvals).where(eq(approvals.orgId, org.id))
    expect(approval).toMatchObject({ kind: "credit", subjectType: "dispute", subjectId: id, amountMinor: 15_000 })
    const [d] = await db().select().from(disputes).where(eq(disputes.id, id))
    expect(d.status).toBe(approval.status === "approved" ? "resolved" : "pending_credit")
  })

  it("shows the queue and a dispute with its evidence, downloadable only when signed in to the organisation", async () => {
    const { org, id } = await disputed({ slaHoursFromNow: 5 })
    const key = `${org.id}/${id}/evd_1`
    await env.EVIDENCE.put(key, "%PDF-1.7 proof")
    await db()
      .insert(disputeEvidence)
      .values({
        id: `evd_${org.id.slice(-8)}`,
        orgId: org.id,
        disputeId: id,
        objectKey: key,
        filename: "proof.pdf",
        contentType: "application/pdf",
        sizeBytes: 14,
        createdAt: new Date().toISOString(),
      })
    const list = await (await browse(org, "cfo", "/work/disputes?status=active")).text()
    expect(list).toContain("Umbrella Corp")
    expect(list).toContain("At risk")
    const page = await (await browse(org, "cfo", `/work/disputes/${id}`)).text()
    expect(page).toContain("proof.pdf")
    expect(page).toContain("Price list says 10% less")
    const file = await browse(org, "cfo", `/work/disputes/${id}/evidence/evd_${org.id.slice(-8)}`)
    expect(file.headers.get("Content-Disposition")).toContain("attachment")
    expect(await file.text()).toBe("%PDF-1.7 proof")
    const other = await makeOrg()
    expect((await browse(other, "cfo", `/work/disputes/${id}/evidence/evd_${org.id.slice(-8)}`)).status).toBe(404)
  })
})

describe("promises for finance", () => {
  it("lists promises through the API and shows adherence by week", async () => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id)
    const invoiceId = await addInvoice(org.id, customerId)
    const now = new Date().toISOString()
    await db()
      .insert(promises)
      .values([
        {
          id: `prm_a${org.id.slice(-8)}`,
          orgId: org.id,
          invoiceId,
          customerId,
          amountMinor: 1000,
          currency: "USD",
          promisedDate: "2026-11-16",
          status: "kept",
          source: "portal",
          createdAt: now,
        },
        {
          id: `prm_b${org.id.slice(-8)}`,
          orgId: org.id,
          invoiceId,
          customerId,
          amountMinor: 1000,
          currency: "USD",
          promisedDate: "2026-11-18",
          status: "broken",
          source: "operator",
          createdAt: now,
        },
      ])
    const body = (await (await api(org, "cfo", "/api/v1/promises?status=kept")).json()) as { data: { id: string }[] }
    expect(body.data.map((p) => p.id)).toEqual([`prm_a${org.id.slice(-8)}`])
    const page = await (await browse(org, "cfo", "/work/promises")).text()
    expect(page).toContain("50%")
    expect(page).toContain("Nov 16, 2026")
    // The weekly chart is server-drawn SVG (one kept, one broken bar), so the page loads no chart library.
    expect(page).toContain('aria-label="Promises kept, broken and open by week"')
    expect(page).toMatch(/<rect class="svg-good"[^>]*><title>Nov 16: 1 kept<\/title>/)
    expect(page).not.toContain("chart.umd")
  })

  it("creates a payer link from the customer page (outreach roles only)", async () => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id, { name: "Hooli" })
    const res = await browse(org, "operator", `/work/customers/${customerId}/portal-link`, { form: {} })
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/http:\/\/localhost:8787\/p\/[\w-]+\.[\w-]+\.[\w-]+/)
    expect((await browse(org, "sales", `/work/customers/${customerId}/portal-link`, { form: {} })).status).toBe(403)
  })
})
