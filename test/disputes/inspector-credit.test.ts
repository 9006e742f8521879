// The Disputes workspace, issue 14's last pieces: every tile and metric carries its (i) definition from
// domain/dispute-definitions, each chart exports as CSV (exports roles only), and a credit above the approval
// threshold goes to approval from the inspector and is approved or rejected there, audited, via the approvals service.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { approvals, auditLog, disputes, invoices } from "../../src/db/schema"
import { disputeMetricDefinitions, disputeMetricKeys } from "../../src/domain/dispute-definitions"
import { addCustomer, addInvoice, browse, db, makeOrg } from "../helpers"
import { addPolicy } from "../policies/fixtures"

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")

async function oneDispute() {
  const org = await makeOrg()
  await addPolicy(org.id, { approvalThresholdMinor: 10_000 })
  const customerId = await addCustomer(org.id, { name: "Initech" })
  const invoiceId = await addInvoice(org.id, customerId, {
    invoiceNumber: "INV-7701",
    amountMinor: 90_000,
    balanceMinor: 90_000,
    disputed: true,
  })
  const id = `dsp_7701_${org.id.slice(-8)}`
  const now = Date.now()
  await db()
    .insert(disputes)
    .values({
      id,
      orgId: org.id,
      invoiceId,
      customerId,
      reason: "pricing",
      status: "investigating",
      source: "portal",
      slaDueAt: new Date(now + 30 * 3_600_000).toISOString(),
      createdAt: new Date(now - 86_400_000).toISOString(),
      updatedAt: new Date(now).toISOString(),
    })
  return { org, id, invoiceId }
}

const htmx = { "HX-Request": "true" }

describe("Disputes workspace definitions and exports", () => {
  it("puts an (i) with the definition and formula of the module on every SLA tile and metric", async () => {
    const { org } = await oneDispute()
    const page = await (await browse(org, "operator", "/work/disputes")).text()
    for (const k of disputeMetricKeys) {
      const d = disputeMetricDefinitions[k]
      const m = new RegExp(`data-kpi-definition="${k}"><p>(.*?)</p><p class="kpi-formula"><code>(.*?)</code>`).exec(page)
      expect(m, k).not.toBeNull()
      expect(decode(m![1]!)).toBe(d.definition)
      expect(decode(m![2]!)).toBe(d.formula)
      expect(page).toContain(`aria-label="What is ${d.label}?"`)
    }
  })

  it("exports the reason chart and the metrics as CSV to exports roles only", async () => {
    const { org } = await oneDispute()
    const byReason = await browse(org, "cfo", "/work/disputes/export/by-reason.csv")
    expect(byReason.headers.get("Content-Type")).toContain("text/csv")
    const lines = (await byReason.text()).trim().split("\r\n")
    expect(lines[0]).toBe("reason,label,open,median_days_to_resolve")
    expect(lines).toContain("pricing,Pricing is wrong,1,")
    const metrics = (await (await browse(org, "cfo", "/work/disputes/export/metrics.csv")).text()).trim().split("\r\n")
    expect(metrics[0]).toBe("metric,label,measure,value,amount,currency,formula")
    expect(metrics.find((l) => l.startsWith("active,Active,active,"))).toContain(",1,")
    expect(metrics.find((l) => l.startsWith("at_risk,"))).toContain(",count,0,")
    expect((await browse(org, "operator", "/work/disputes/export/by-reason.csv")).status).toBe(403)
    const page = await (await browse(org, "cfo", "/work/disputes")).text()
    expect(page).toContain("/work/disputes/export/by-reason.csv")
    const other = await makeOrg()
    expect(await (await browse(other, "cfo", "/work/disputes/export/by-reason.csv")).text()).toContain("pricing,Pricing is wrong,0,")
  })
})

describe("credit approval from the inspector", () => {
  it("sends a credit above the threshold to approval and an approver approves it in place, audited", async () => {
    const { org, id, invoiceId } = await oneDispute()
    const resolved = await browse(org, "operator", `/work/disputes/${id}`, {
      form: { action: "resolved", credit: "250.00", resolution: "Price list error" },
      headers: htmx,
    })
    expect(resolved.status).toBe(200)
    const fragment = await resolved.text()
    expect(fragment).not.toContain("<html")
    expect(fragment).toContain("The credit went to approval")
    expect(fragment).toContain("Credit awaiting approval")
    expect(fragment).toContain("$250.00")
    expect(fragment).not.toContain("Approve credit") // an operator cannot approve
    const [pending] = await db().select().from(approvals).where(eq(approvals.subjectId, id))
    expect(pending).toMatchObject({ status: "pending", kind: "credit", amountMinor: 25_000 })

    // The requester's own approval is refused in place; another approver's goes through.
    const asCfo = await (await browse(org, "cfo", `/work/disputes/${id}/inspector`)).text()
    expect(asCfo).toContain("Approve credit")
    const approved = await browse(org, "controller", `/work/disputes/${id}/credit/approve`, { form: {}, headers: htmx })
    expect(approved.status).toBe(200)
    expect(await approved.text()).toContain("Credit approved")
    const [d] = await db().select().from(disputes).where(eq(disputes.id, id))
    expect(d).toMatchObject({ status: "resolved", creditMinor: 25_000 })
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv!.balanceMinor).toBe(65_000)
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.subjectId, pending!.id)))
    expect(audit.map((a) => a.action).sort()).toEqual(["approval.approved", "approval.requested", "approval.signed"])
    // Decided: nothing is pending any more.
    expect((await browse(org, "cfo", `/work/disputes/${id}/credit/approve`, { form: {}, headers: htmx })).status).toBe(409)
  })

  it("rejects a credit only with a reason, sends the dispute back to investigating, and refuses non-approvers", async () => {
    const { org, id } = await oneDispute()
    await browse(org, "operator", `/work/disputes/${id}`, { form: { action: "resolved", credit: "150.00" } })
    expect((await browse(org, "operator", `/work/disputes/${id}/credit/approve`, { form: {} })).status).toBe(403)
    const noReason = await browse(org, "cfo", `/work/disputes/${id}/credit/reject`, { form: { comment: "" }, headers: htmx })
    expect(noReason.status).toBe(422)
    expect(await noReason.text()).toContain("Say why you reject the request")
    const rejected = await browse(org, "cfo", `/work/disputes/${id}/credit/reject`, { form: { comment: "Not our error" } })
    expect(rejected.status).toBe(303)
    const [d] = await db().select().from(disputes).where(eq(disputes.id, id))
    expect(d!.status).toBe("investigating")
    const other = await makeOrg()
    expect((await browse(other, "cfo", `/work/disputes/${id}/credit/approve`, { form: {}, headers: htmx })).status).toBe(404)
  })

  it("grants a credit below the threshold at once", async () => {
    const { org, id } = await oneDispute()
    const res = await browse(org, "operator", `/work/disputes/${id}`, { form: { action: "resolved", credit: "50.00" }, headers: htmx })
    expect(await res.text()).toContain("Dispute marked resolved")
    const [d] = await db().select().from(disputes).where(eq(disputes.id, id))
    expect(d).toMatchObject({ status: "resolved", creditMinor: 5_000 })
  })
})
