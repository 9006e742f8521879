// The policies pages: cadence list and editor, segments, approvals, as each role sees them.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { approvals, auditLog, invoices } from "../../src/db/schema"
import { addCustomer, addInvoice, api, browse, db, makeOrg } from "../helpers"
import { addPolicy } from "./fixtures"

describe("policies pages", () => {
  it("shows each page to the roles allowed and refuses the others", async () => {
    const org = await makeOrg()
    const { cadenceId, segmentId } = await addPolicy(org.id)
    const cases: [string, "controller" | "operator" | "legal" | "cfo", number][] = [
      ["/admin/policies", "controller", 200],
      ["/admin/policies", "legal", 200],
      ["/admin/policies", "operator", 403],
      [`/admin/policies/${cadenceId}/versions/1`, "controller", 200],
      [`/admin/policies/${cadenceId}/diff`, "controller", 200],
      ["/admin/segments", "operator", 200],
      [`/admin/segments/${segmentId}`, "cfo", 200],
      ["/admin/segments/new", "operator", 403],
      ["/work/approvals", "operator", 200],
      ["/admin/audit", "cfo", 200],
      ["/admin/audit", "operator", 403],
    ]
    for (const [path, role, status] of cases) expect([path, role, (await browse(org, role, path)).status]).toEqual([path, role, status])
    expect((await browse(await makeOrg(), "controller", `/admin/policies/${cadenceId}/versions/1`)).status).toBe(404)
  })

  it("creates a cadence from a tone preset and previews it live against an invoice", async () => {
    const org = await makeOrg()
    const inv = await addInvoice(org.id, await addCustomer(org.id, { name: "Quarry & Sons" }), { invoiceNumber: "INV-9001" })
    const res = await browse(org, "controller", "/admin/policies", { form: { name: "Formal", tone: "formal" } })
    expect(res.status).toBe(303)
    const editor = res.headers.get("Location")!
    expect(editor).toMatch(/\/versions\/1\?notice=created$/)
    const page = await (await browse(org, "controller", editor)).text()
    expect(page).toContain("Final notice before escalation")
    const form = new URLSearchParams({ _csrf: org.csrf.controller, invoice_id: inv })
    for (const [d, sub, body, attach] of [
      ["0", "Due: {invoice_number}", "Dear {custmer_name}", "none"],
      ["7", "Late", "{customer_name} owes {invoice_balance}", "statement"],
    ]) {
      form.append("step_offset", d)
      form.append("step_subject", sub)
      form.append("step_body", body)
      form.append("step_attach", attach!)
    }
    const preview = await browse(org, "controller", editor.replace(/\?.*$/, "") + "/preview", {
      method: "POST",
      body: form.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true" },
    })
    const html = await preview.text()
    expect(html).toContain("Unknown merge tag {custmer_name} (did you mean {customer_name}?)")
    expect(html).toContain("Quarry &amp; Sons owes $1,250.00")
    expect(html).toContain("Due: INV-9001")
    // The Day-7 step attaches the statement: the preview names the file it will carry (dated its send day), once.
    expect(html.match(/<strong>Attachment:<\/strong>/g)).toHaveLength(1)
    expect(html).toMatch(/Attachment:<\/strong> 📎 statement-2026-11-07\.pdf/)
  })

  it("approves from the inbox, and evidence for one payer includes the approval and its audit trail", async () => {
    const org = await makeOrg()
    await addPolicy(org.id, { approvalThresholdMinor: 1_000 })
    const customerId = await addCustomer(org.id, { externalId: "C-77" })
    const inv = await addInvoice(org.id, customerId)
    const made = await api(org, "operator", "/api/v1/approvals", {
      method: "POST",
      json: { kind: "discount", invoice_id: inv, amount_minor: 25_000, reason: "Paid late due to our error" },
    })
    expect(made.status).toBe(201)
    const { id } = (await made.json()) as { id: string }
    const res = await browse(org, "ar_manager", `/work/approvals/${id}/approve`, { form: { comment: "ok" } })
    expect(res.status).toBe(303)
    const [a] = await db().select().from(approvals).where(eq(approvals.id, id))
    const [i] = await db().select().from(invoices).where(eq(invoices.id, inv))
    expect([a.status, i.balanceMinor]).toEqual(["approved", 100_000])
    const csv = await (await browse(org, "cfo", `/admin/audit/evidence/${customerId}?format=csv`)).text()
    expect(csv.split("\r\n")[0]).toBe("time,record,id,invoice_number,status_or_action,amount,currency,detail,by_or_source")
    expect(csv).toContain(`approval,${id}`)
    expect(csv).toContain("approval.approved")
    const json = (await (await browse(org, "cfo", `/admin/audit/evidence/${customerId}?format=json`)).json()) as {
      invoices: unknown[]
      audit: { action: string }[]
    }
    expect(json.invoices).toHaveLength(1)
    expect(json.audit.map((x) => x.action)).toEqual(expect.arrayContaining(["approval.requested", "approval.approved"]))
    expect((await browse(await makeOrg(), "cfo", `/admin/audit/evidence/${customerId}`)).status).toBe(404)
    const entries = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.subjectId, id)))
    expect(entries.find((e) => e.action === "approval.approved")?.actorId).toBe(org.userIds.ar_manager)
  })

  it("refuses a requester approving their own request through the API, and the same approver twice", async () => {
    const org = await makeOrg()
    await addPolicy(org.id, { approvalThresholdMinor: 1_000, highApprovalThresholdMinor: 20_000 })
    const inv = await addInvoice(org.id, await addCustomer(org.id))
    const { id } = (await (
      await api(org, "controller", "/api/v1/approvals", {
        method: "POST",
        json: { kind: "credit", invoice_id: inv, amount_minor: 30_000, reason: "Outage credit" },
      })
    ).json()) as { id: string }
    expect((await api(org, "controller", `/api/v1/approvals/${id}/approve`, { method: "POST" })).status).toBe(422)
    expect((await api(org, "ar_manager", `/api/v1/approvals/${id}/approve`, { method: "POST" })).status).toBe(403)
    const first = await api(org, "cfo", `/api/v1/approvals/${id}/approve`, { method: "POST", json: { comment: "ok" } })
    expect(await first.json()).toEqual({ status: "pending", approvals_given: 1, approvals_required: 2 })
    expect((await api(org, "cfo", `/api/v1/approvals/${id}/approve`, { method: "POST" })).status).toBe(422)
    expect((await api(org, "legal", `/api/v1/approvals/${id}/reject`, { method: "POST", json: { comment: "no" } })).status).toBe(403)
  })
})
