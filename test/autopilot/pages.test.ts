// The review queue, the outreach API and the deliverability and ops pages.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, opsState, sendingDomains, suppressions } from "../../src/db/schema"
import type { DnsResolver } from "../../src/integrations/dns"
import { systemActor } from "../../src/services/audit"
import { verifySendingDomain } from "../../src/services/deliverability"
import { addCustomer, addInvoice, api, browse, db, makeOrg } from "../helpers"
import { addQueuedOutreach, addSendingDomain, outreachRow } from "./fixtures"

async function orgWithDraft() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Initech Ltd" })
  const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: `INV-Q-${org.id.slice(-5)}` })
  const draftId = await addQueuedOutreach(org.id, invoiceId, customerId, {
    status: "draft",
    reason: "Step 2 of 3 of the Standard cadence (Shadow Mode)",
  })
  return { org, customerId, invoiceId, draftId }
}

describe("review queue", () => {
  it("lists drafts by customer and opens one with the rendered message and why it was drafted", async () => {
    const { org, draftId } = await orgWithDraft()
    const list = await (await browse(org, "operator", "/work/queue")).text()
    expect(list).toContain("Initech Ltd")
    expect(list).toContain(`/work/queue/${draftId}`)
    const page = await (await browse(org, "operator", `/work/queue/${draftId}`)).text()
    expect(page).toContain("Step 2 of 3 of the Standard cadence")
    expect(page).toContain("$1,250.00")
    const preview = /<pre class="mail-body">([\s\S]*?)<\/pre>/.exec(page)![1]!
    expect(preview).toContain("$1,250.00 open")
    expect(preview).not.toContain("{")
  })

  it("refuses an edit with an unknown merge tag, naming it, and keeps the draft unchanged", async () => {
    const { org, draftId } = await orgWithDraft()
    const res = await browse(org, "operator", `/work/queue/${draftId}/edit`, { form: { subject: "Hello {custmer_name}", body: "Body" } })
    expect(decodeURIComponent(res.headers.get("Location") ?? "")).toContain(
      "Unknown merge tag {custmer_name} (did you mean {customer_name}?)",
    )
    expect((await outreachRow(draftId)).subject).toContain("{invoice_number}")
    const ok = await browse(org, "operator", `/work/queue/${draftId}/edit`, {
      form: { subject: "About {invoice_number}", body: "Please pay {invoice_balance}." },
    })
    expect(ok.headers.get("Location")).toContain("saved=1")
    expect((await outreachRow(draftId)).subject).toBe("About {invoice_number}")
  })

  it("rejects with a reason, audited; a CFO may look but not act", async () => {
    const { org, draftId } = await orgWithDraft()
    expect((await browse(org, "cfo", `/work/queue/${draftId}/reject`, { form: { reason: "x" } })).status).toBe(403)
    await browse(org, "operator", `/work/queue/${draftId}/reject`, { form: { reason: "Customer paid by wire yesterday" } })
    expect(await outreachRow(draftId)).toMatchObject({ status: "rejected", rejectedReason: "Customer paid by wire yesterday" })
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "outreach.rejected")))
    expect(audit).toHaveLength(1)
  })

  it("treats another organisation's draft as not found", async () => {
    const { draftId } = await orgWithDraft()
    const other = await makeOrg()
    expect((await browse(other, "operator", `/work/queue/${draftId}`)).status).toBe(404)
    expect((await api(other, "operator", `/api/v1/outreach/${draftId}/approve`, { method: "POST" })).status).toBe(404)
  })
})

describe("outreach API", () => {
  it("lists by status and invoice, approves into the queue and refuses a second approval", async () => {
    const { org, invoiceId, draftId } = await orgWithDraft()
    const list = (await (await api(org, "operator", `/api/v1/outreach?status=draft&invoice_id=${invoiceId}`)).json()) as {
      data: { id: string; status: string }[]
    }
    expect(list.data.map((d) => [d.id, d.status])).toEqual([[draftId, "draft"]])
    const res = await api(org, "operator", `/api/v1/outreach/${draftId}/approve`, { method: "POST" })
    expect(res.status).toBe(200)
    expect((await outreachRow(draftId)).status).toBe("queued")
    const again = await api(org, "operator", `/api/v1/outreach/${draftId}/approve`, { method: "POST" })
    expect(again.status).toBe(422)
    const reject = await api(org, "operator", `/api/v1/outreach/${draftId}/reject`, { method: "POST", json: {} })
    expect(reject.status).toBe(400)
    expect((await api(org, "operator", "/api/v1/outreach?status=bogus")).status).toBe(400)
  })
})

describe("deliverability and ops", () => {
  it("adds and removes a suppression, each audited", async () => {
    const org = await makeOrg()
    const bad = await browse(org, "ar_manager", "/admin/deliverability/suppressions", { form: { email: "not-an-email", detail: "" } })
    expect(new URL(bad.headers.get("Location")!, "http://x").searchParams.get("error")).toBe("Enter a valid email address")
    await browse(org, "ar_manager", "/admin/deliverability/suppressions", {
      form: { email: "Legal@Customer.example", detail: "Asked by legal" },
    })
    const [row] = await db().select().from(suppressions).where(eq(suppressions.orgId, org.id))
    expect(row).toMatchObject({ email: "legal@customer.example", reason: "manual" })
    expect(await (await browse(org, "ar_manager", "/admin/deliverability")).text()).toContain("legal@customer.example")
    await browse(org, "ar_manager", `/admin/deliverability/suppressions/${row!.id}/remove`, { form: {} })
    expect(await db().select().from(suppressions).where(eq(suppressions.orgId, org.id))).toHaveLength(0)
    const actions = (await db().select().from(auditLog).where(eq(auditLog.orgId, org.id))).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(["suppression.added", "suppression.removed"]))
    expect((await browse(org, "operator", "/admin/deliverability")).status).toBe(403)
  })

  it("verifies SPF, DKIM and DMARC through the DNS adapter", async () => {
    const org = await makeOrg()
    const id = await addSendingDomain(org.id, { domain: "billing.initech.example" })
    const zone: Record<string, string[]> = {
      "TXT billing.initech.example": ['"v=spf1 include:_spf.mail.plixo.dev ~all"'],
      "CNAME plixo._domainkey.billing.initech.example": ["plixo.dkim.mail.plixo.dev."],
    }
    const fake: DnsResolver = { lookup: async (name, type) => zone[`${type} ${name}`] ?? [] }
    const result = await verifySendingDomain(db(), env, org.id, systemActor, id, fake)
    expect(result).toEqual({ SPF: true, DKIM: true, DMARC: false })
    const [d] = await db().select().from(sendingDomains).where(eq(sendingDomains.id, id))
    expect(d).toMatchObject({ spfVerified: true, dkimVerified: true, dmarcVerified: false })
    const page = await (await browse(org, "controller", "/admin/deliverability")).text()
    expect(page).toContain("DMARC not found")
    expect(page).toContain('data-copy="v=DMARC1')
  })

  it("maintenance for the organisation shows a banner on every page and stops sending", async () => {
    const org = await makeOrg()
    expect((await browse(org, "ar_manager", "/admin/ops")).status).toBe(403)
    await browse(org, "controller", "/admin/ops/maintenance", { form: { scope: "organisation", state: "on" } })
    for (const path of ["/work/queue", "/admin/ops", "/admin/deliverability"]) {
      expect(await (await browse(org, "controller", path)).text()).toContain("Maintenance is on")
    }
    const customerId = await addCustomer(org.id)
    const invoiceId = await addInvoice(org.id, customerId)
    const draftId = await addQueuedOutreach(org.id, invoiceId, customerId, { status: "draft" })
    expect((await api(org, "operator", `/api/v1/outreach/${draftId}/approve`, { method: "POST" })).status).toBe(422)
    await browse(org, "controller", "/admin/ops/maintenance", { form: { scope: "organisation", state: "off" } })
    expect(await (await browse(org, "controller", "/work/queue")).text()).not.toContain("Maintenance is on")
    const global = await db().select().from(opsState).where(eq(opsState.key, "maintenance"))
    expect(global[0]?.value ?? "off").toBe("off")
  })
})
