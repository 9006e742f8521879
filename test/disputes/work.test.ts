// Working a dispute: the status machine through PATCH /api/v1/disputes/:id (SLA pause by reason, first response,
// escalation to Legal, reject with reason, reopen), reply templates through the outbox, evidence slots.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, disputeEvidence, disputeNotes, disputes, invoices, outreach, tasks } from "../../src/db/schema"
import { missingEvidenceText, missingRequired, slotStates } from "../../src/domain/dispute-evidence"
import { attachEvidence } from "../../src/services/dispute-work"
import { addCustomer, addInvoice, api, db, deliverQueued, makeOrg } from "../helpers"

type Json = Record<string, unknown>

async function disputed(reason: "pricing" | "quality" | "duplicate" = "pricing", slaHoursFromNow = 72) {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Umbrella Corp" }, "ap@umbrella.example")
  const invoiceId = await addInvoice(org.id, customerId, { invoiceNumber: "INV-7301", disputed: true })
  const now = new Date().toISOString()
  const id = `dsp_${reason}_${org.id.slice(-8)}`
  await db()
    .insert(disputes)
    .values({
      id,
      orgId: org.id,
      invoiceId,
      customerId,
      reason,
      status: "open",
      source: "portal",
      slaDueAt: new Date(Date.now() + slaHoursFromNow * 3_600_000).toISOString(),
      createdAt: now,
      updatedAt: now,
    })
  return { org, customerId, invoiceId, id }
}

const patch = (org: Awaited<ReturnType<typeof makeOrg>>, id: string, json: Json, role: "operator" | "legal" | "sales" = "operator") =>
  api(org, role, `/api/v1/disputes/${id}`, { method: "PATCH", json })
const row = async (id: string) => (await db().select().from(disputes).where(eq(disputes.id, id)))[0]!

describe("the dispute status machine", () => {
  it("pauses a pricing dispute's SLA while waiting on the payer and gives the paused time back on resume", async () => {
    const { org, id } = await disputed("pricing", 72)
    const due = (await row(id)).slaDueAt
    const waiting = (await (await patch(org, id, { status: "waiting_on_payer" })).json()) as Json
    expect(waiting).toMatchObject({ status: "waiting_on_payer", sla_state: "paused", sla_due_at: due })
    expect(waiting.first_response_at).toEqual(expect.any(String))
    const metrics = (await (await api(org, "cfo", "/api/v1/disputes/metrics")).json()) as { sla: Json }
    expect(metrics.sla).toMatchObject({ active: 1, paused: 1, at_risk: 0, breached: 0 })
    // Two days on hold: the due time moves two days later when work resumes.
    const pausedAt = new Date(Date.now() - 2 * 86_400_000).toISOString()
    await db().update(disputes).set({ slaPausedAt: pausedAt }).where(eq(disputes.id, id))
    const resumed = (await (await patch(org, id, { status: "investigating" })).json()) as Json
    expect(resumed).toMatchObject({ status: "investigating", sla_state: "due", sla_paused_at: null })
    const moved = Date.parse(resumed.sla_due_at as string) - Date.parse(due)
    expect(moved).toBeGreaterThan(2 * 86_400_000 - 60_000)
    expect(moved).toBeLessThan(2 * 86_400_000 + 60_000)
    expect(resumed.first_response_at).toBe(waiting.first_response_at)
  })

  it("keeps a duplicate's clock running while waiting on the payer, as its rule says", async () => {
    const { org, id } = await disputed("duplicate", 10)
    expect(await (await patch(org, id, { status: "waiting_on_payer" })).json()).toMatchObject({ sla_state: "at_risk", sla_paused_at: null })
  })

  it("escalates to Legal with a task for the Legal role, audited", async () => {
    const { org, id } = await disputed()
    expect((await patch(org, id, { status: "escalated" }, "sales")).status).toBe(403)
    expect(await (await patch(org, id, { status: "escalated" })).json()).toMatchObject({ status: "escalated" })
    const legal = await db()
      .select()
      .from(tasks)
      .where(and(eq(tasks.orgId, org.id), eq(tasks.assignedRole, "legal")))
    expect(legal).toHaveLength(1)
    expect(legal[0]!.title).toContain("Legal review")
    expect((await patch(org, id, { status: "escalated" })).status).toBe(409)
    expect(await (await patch(org, id, { status: "investigating" }, "legal")).json()).toMatchObject({ status: "investigating" })
    const actions = (await db().select().from(auditLog).where(eq(auditLog.subjectId, id))).map((a) => a.action).sort()
    expect(actions).toEqual(["dispute.escalated", "dispute.investigating"])
  })

  it("rejects only with a reason, keeps it through a reopen, and reopens with a fresh SLA and the cadence paused again", async () => {
    const { org, id, invoiceId } = await disputed("quality", -5)
    const refused = await patch(org, id, { status: "rejected" })
    expect(refused.status).toBe(422)
    expect((await row(id)).status).toBe("open")
    expect(await (await patch(org, id, { status: "rejected", resolution: "Photos show no damage" })).json()).toMatchObject({
      status: "rejected",
      resolution: "Photos show no damage",
    })
    expect((await db().select().from(invoices).where(eq(invoices.id, invoiceId)))[0]!.disputed).toBe(false)
    const reopened = (await (await patch(org, id, { status: "reopened" })).json()) as Json
    expect(reopened).toMatchObject({ status: "investigating", reopen_count: 1, sla_state: "due", resolved_at: null })
    const fresh = Date.parse(reopened.sla_due_at as string) - Date.now()
    expect(Math.round(fresh / 86_400_000)).toBe(10) // quality: 10 days
    expect((await db().select().from(invoices).where(eq(invoices.id, invoiceId)))[0]!.disputed).toBe(true)
    const notes = await db().select().from(disputeNotes).where(eq(disputeNotes.disputeId, id))
    expect(notes.map((n) => n.body)).toContain("Reopened. It had been rejected: Photos show no damage")
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, "dispute.reopened")))
    expect(audit[0]!.before).toMatchObject({ status: "rejected", resolution: "Photos show no damage" })
    expect((await patch(org, id, { status: "reopened" })).status).toBe(409)
  })
})

describe("reply templates", () => {
  it("sends the reason's template to the payer through the outbox, once per key, naming the missing evidence", async () => {
    const { org, id, invoiceId } = await disputed("quality")
    const send = () =>
      api(org, "operator", `/api/v1/disputes/${id}/replies`, {
        method: "POST",
        json: { template: "request_evidence", key: "k-0123456789" },
      })
    const first = await send()
    expect(first.status).toBe(201)
    expect((await send()).status).toBe(201)
    const rows = await db().select().from(outreach).where(eq(outreach.orgId, org.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      kind: "notification",
      invoiceId,
      toEmail: "ap@umbrella.example",
      subject: "Documents needed for invoice INV-7301",
    })
    expect(rows[0]!.bodyText).toContain("we need: photos and inspection report.")
    await deliverQueued(org.id)
    // The invoice is disputed, yet a reply about the dispute is what the payer asked for: delivery sends it.
    expect((await db().select().from(outreach).where(eq(outreach.id, rows[0]!.id)))[0]!.status).toBe("sent")
    expect((await row(id)).firstResponseAt).toEqual(expect.any(String))
  })

  it("refuses a template of another reason, other roles and other organisations", async () => {
    const { org, id } = await disputed("pricing")
    const body = { template: "proof_of_delivery", key: "k-0123456789" }
    expect((await api(org, "operator", `/api/v1/disputes/${id}/replies`, { method: "POST", json: body })).status).toBe(422)
    const ok = { template: "acknowledge", key: "k-0123456789" }
    expect((await api(org, "sales", `/api/v1/disputes/${id}/replies`, { method: "POST", json: ok })).status).toBe(403)
    const other = await makeOrg()
    expect((await api(other, "operator", `/api/v1/disputes/${id}/replies`, { method: "POST", json: ok })).status).toBe(404)
    expect(await db().select().from(outreach).where(eq(outreach.orgId, org.id))).toHaveLength(0)
  })
})

describe("evidence slots", () => {
  it("lists each reason's checklist and derives waiting on evidence from the empty required slots", () => {
    expect(slotStates("not_received", [{ slot: "proof_of_delivery" }]).map((s) => [s.key, s.required, s.filled])).toEqual([
      ["proof_of_delivery", true, true],
      ["signed_receipt", false, false],
    ])
    expect(missingRequired("quality", [{ slot: "photos" }]).map((s) => s.key)).toEqual(["inspection_report"])
    expect(missingRequired("pricing", [{ slot: "contract_or_order_form" }, { slot: null }])).toEqual([])
    expect(missingEvidenceText("duplicate", [])).toBe("the other invoice")
  })

  it("files a document into a slot in R2, refusing an unknown slot and a disallowed type", async () => {
    const { org, id } = await disputed("quality")
    const actor = { type: "user" as const, id: org.userIds.operator, label: "operator user" }
    const file = (name: string, text: string) => {
      const bytes = new TextEncoder().encode(text)
      return { name, type: "application/pdf", size: bytes.length, bytes: async () => bytes.buffer as ArrayBuffer, head: bytes.slice(0, 16) }
    }
    const { id: evidenceId } = await attachEvidence(
      env,
      db(),
      org.id,
      actor as never,
      id,
      "inspection_report",
      file("report.pdf", "%PDF-1.7 report"),
    )
    const [e] = await db().select().from(disputeEvidence).where(eq(disputeEvidence.id, evidenceId))
    expect(e).toMatchObject({ slot: "inspection_report", filename: "report.pdf" })
    expect(await (await env.EVIDENCE.get(e!.objectKey))!.text()).toBe("%PDF-1.7 report")
    await expect(attachEvidence(env, db(), org.id, actor as never, id, "price_list", file("p.pdf", "%PDF-1.7"))).rejects.toThrow(/slots/)
    await expect(attachEvidence(env, db(), org.id, actor as never, id, "photos", file("run.exe", "MZ"))).rejects.toThrow()
  })
})
