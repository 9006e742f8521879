// The segments API (create, edit, preview) and the audit log API with its filters.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { auditLog, connectors, dataReadySnapshots, disputes, invoices } from "../../src/db/schema"
import { addDays } from "../../src/domain/dates"
import { addCustomer, addInvoice, api, db, makeOrg, type TestOrg } from "../helpers"
import { addPolicy } from "./fixtures"

const today = new Date().toISOString().slice(0, 10)

/** An organisation where every Autopilot guardrail holds for a "1-30" segment. */
async function healthyOrg() {
  const org = await makeOrg()
  const d = db()
  const now = new Date().toISOString()
  const { cadenceId } = await addPolicy(org.id, { status: "draft", filters: { aging_buckets: ["90+"] } })
  for (let i = 0; i < 10; i++) await addInvoice(org.id, await addCustomer(org.id, { industry: "Retail" }), { dueDate: addDays(today, -10) })
  await d.batch([
    d.insert(connectors).values({
      id: newId("con"),
      orgId: org.id,
      kind: "stripe",
      status: "active",
      testEventReceivedAt: now,
      createdAt: now,
      updatedAt: now,
    }),
    ...[0, 1, 2].map((n) =>
      d
        .insert(dataReadySnapshots)
        .values({ orgId: org.id, day: addDays(today, -n), score: 95, status: "green", checks: [], createdAt: now }),
    ),
  ])
  return { org, cadenceId }
}

async function create(org: TestOrg, cadenceId: string, extra: Record<string, unknown> = {}) {
  const res = await api(org, "ar_manager", "/api/v1/segments", {
    method: "POST",
    json: { name: "SMB 1-30", filters: { aging_buckets: ["1-30"] }, cadence_id: cadenceId, cadence_version: 1, ...extra },
  })
  return { res, json: (await res.json()) as { id: string; error?: { message: string; details: { guardrail?: string }[] } } }
}

describe("segments API", () => {
  it("creates a Shadow segment and previews its invoices with coverage and overlaps", async () => {
    const { org, cadenceId } = await healthyOrg()
    const a = await create(org, cadenceId, { priority: 10 })
    expect(a.res.status).toBe(201)
    const b = await create(org, cadenceId, { name: "Retail", filters: { industries: ["Retail"] }, priority: 20, status: "active" })
    expect(b.res.status).toBe(201)
    const res = await api(org, "cfo", `/api/v1/segments/${a.json.id}/preview`)
    const p = (await res.json()) as {
      count: number
      coverage: number
      overlaps: string[]
      owned: number
      data: { owner_segment_id: string }[]
      totals: { currency: string; balance_minor: number }[]
    }
    expect([p.count, p.coverage, p.owned]).toEqual([10, 1, 10])
    expect(p.overlaps).toContain(b.json.id)
    expect(p.totals).toEqual([{ currency: "USD", balance_minor: 1_250_000, invoices: 10 }])
    expect(p.data.every((r) => r.owner_segment_id === a.json.id)).toBe(true)
    expect((await api(await makeOrg(), "cfo", `/api/v1/segments/${a.json.id}/preview`)).status).toBe(404)
  })

  it("blocks publishing a segment whose contact coverage is under 70%, with the reason", async () => {
    const { org, cadenceId } = await healthyOrg()
    for (let i = 0; i < 5; i++) await addInvoice(org.id, await addCustomer(org.id, {}, null), { dueDate: addDays(today, -10) })
    const r = await create(org, cadenceId, { status: "active" })
    expect(r.res.status).toBe(422)
    expect(r.json.error!.message).toMatch(/Contact coverage is 67% \(10 of 15 invoices.*at least 70%/)
  })

  it("refuses a draft cadence version", async () => {
    const { org } = await healthyOrg()
    const created = (await (
      await api(org, "controller", "/api/v1/cadences", {
        method: "POST",
        json: { name: "x", tone: "neutral", steps: [{ offset_days: 0, subject: "s", body: "b" }] },
      })
    ).json()) as { id: string }
    const r = await create(org, created.id)
    expect(r.res.status).toBe(422)
  })

  it("switches to Autopilot when every guardrail holds, and audits it", async () => {
    const { org, cadenceId } = await healthyOrg()
    const { json } = await create(org, cadenceId)
    const res = await api(org, "ar_manager", `/api/v1/segments/${json.id}`, { method: "PATCH", json: { mode: "autopilot" } })
    expect(res.status).toBe(200)
    const acts = (
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id), eq(auditLog.subjectId, json.id)))
    ).map((a) => a.action)
    expect(acts).toEqual(expect.arrayContaining(["segment.created", "segment.updated", "segment.autopilot_on"]))
  })

  it("refuses Autopilot with 422 naming each unmet guardrail; a Controller overrides with a written reason", async () => {
    const { org, cadenceId } = await healthyOrg()
    const { json } = await create(org, cadenceId)
    const [inv] = await db().select().from(invoices).where(eq(invoices.orgId, org.id)).limit(1)
    const now = new Date().toISOString()
    await db()
      .insert(disputes)
      .values({
        id: newId("dsp"),
        orgId: org.id,
        invoiceId: inv.id,
        customerId: inv.customerId,
        reason: "pricing",
        status: "open",
        source: "operator",
        slaDueAt: now,
        createdAt: now,
        updatedAt: now,
      })
    await db().delete(connectors).where(eq(connectors.orgId, org.id))
    const refused = await api(org, "ar_manager", `/api/v1/segments/${json.id}`, { method: "PATCH", json: { mode: "autopilot" } })
    expect(refused.status).toBe(422)
    const err = (await refused.json()) as { error: { message: string; details: { guardrail: string }[] } }
    expect(err.error.details.map((d) => d.guardrail).sort()).toEqual(["disputes", "stripe_test_event"])
    expect(err.error.message).toContain("No unresolved disputes in the segment")

    expect(
      (
        await api(org, "ar_manager", `/api/v1/segments/${json.id}`, {
          method: "PATCH",
          json: { mode: "autopilot", override_reason: "Pilot agreed with the CFO for November" },
        })
      ).status,
    ).toBe(403)
    const ok = await api(org, "controller", `/api/v1/segments/${json.id}`, {
      method: "PATCH",
      json: { mode: "autopilot", override_reason: "Pilot agreed with the CFO for November" },
    })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { autopilot_override_reason: string }).autopilot_override_reason).toBe(
      "Pilot agreed with the CFO for November",
    )
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "segment.autopilot_override")))
    expect(entry.after).toMatchObject({
      reason: "Pilot agreed with the CFO for November",
      failing: [{ guardrail: "stripe_test_event" }, { guardrail: "disputes" }],
    })
  })
})

describe("audit API", () => {
  it("filters by actor, action and time range, and exports CSV", async () => {
    const { org, cadenceId } = await healthyOrg()
    await create(org, cadenceId)
    const all = (await (await api(org, "cfo", "/api/v1/audit")).json()) as { data: { action: string; actor_label: string }[] }
    expect(all.data.map((a) => a.action)).toContain("segment.created")
    const seg = (await (await api(org, "cfo", "/api/v1/audit?action=segment")).json()) as { data: { action: string }[] }
    expect(seg.data.every((a) => a.action.startsWith("segment."))).toBe(true)
    const none = (await (await api(org, "cfo", `/api/v1/audit?to=${addDays(today, -2)}`)).json()) as { data: unknown[] }
    expect(none.data).toEqual([])
    const byActor = (await (await api(org, "cfo", "/api/v1/audit?actor=nobody-here")).json()) as { data: unknown[] }
    expect(byActor.data).toEqual([])
    expect((await api(org, "cfo", "/api/v1/audit?from=yesterday")).status).toBe(400)
    const csv = await api(org, "cfo", "/api/v1/audit.csv?action=segment.created")
    expect(csv.headers.get("Content-Type")).toContain("text/csv")
    const lines = (await csv.text()).trim().split("\r\n")
    expect(lines[0]).toBe("time,actor_type,actor,actor_id,action,subject_type,subject_id,before,after")
    expect(lines).toHaveLength(2)
    expect((await api(org, "operator", "/api/v1/audit")).status).toBe(403)
  })
})
