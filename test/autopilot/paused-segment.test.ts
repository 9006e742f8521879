// Pausing a segment never lifts its send cap: its drafts wait, or go as an audited override within every cap.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, outreach, segments } from "../../src/db/schema"
import { addCustomer, addInvoice, api, db, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "./fixtures"

const today = () => new Date().toISOString().slice(0, 10)

async function pausedSegmentWithDrafts(n: number) {
  const org = await makeOrg()
  const { segmentId } = await addSegment(org.id, { mode: "shadow", sendCapPerDay: 5, touchesPerContactWeek: 10 })
  for (let i = 0; i < n; i++) {
    const c = await addCustomer(org.id, {}, `ap${i}@paused.example`)
    await addInvoice(org.id, c, { dueDate: daysBefore(today(), 3) })
  }
  const tick = await tenant(org.id).tickNow(org.id)
  expect(tick.drafted).toBe(n)
  await db().update(segments).set({ status: "paused" }).where(eq(segments.id, segmentId))
  const drafts = await db()
    .select({ id: outreach.id })
    .from(outreach)
    .where(and(eq(outreach.orgId, org.id), eq(outreach.status, "draft")))
  return { org, segmentId, ids: drafts.map((d) => d.id) }
}

describe("a paused segment capped at 5 a day", () => {
  it("sends none of its 8 drafts when they are approved: each is refused as segment_not_active", async () => {
    const { org, ids } = await pausedSegmentWithDrafts(8)
    const res = await api(org, "operator", `/api/v1/outreach/${ids[0]}/approve`, { method: "POST" })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { details: { reason: string; message: string }[] } }
    expect(body.error.details[0]).toMatchObject({ field: "invoice", reason: "segment_not_active" })
    expect(body.error.details[0]!.message).toContain("is paused")
    const bulk = await tenant(org.id).approveDrafts(
      ids,
      { type: "user", id: org.userIds.operator, label: "Operator", role: "operator" },
      org.id,
    )
    expect(bulk.approved).toEqual([])
    expect(new Set(bulk.refused.map((r) => r.reason))).toEqual(new Set(["segment_not_active"]))
    expect(
      await db()
        .select()
        .from(outreach)
        .where(and(eq(outreach.orgId, org.id), eq(outreach.status, "queued"))),
    ).toHaveLength(0)
  })

  it("sends at most 5 of them as an override, each audited as one", async () => {
    const { org, ids } = await pausedSegmentWithDrafts(8)
    const results = await Promise.all(
      ids.map((id) => api(org, "ar_manager", `/api/v1/outreach/${id}/approve`, { method: "POST", json: { override: true } })),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(5)
    const refused = results.filter((r) => r.status === 422)
    expect(refused).toHaveLength(3)
    for (const r of refused)
      expect(((await r.json()) as { error: { details: { reason: string }[] } }).error.details.map((d) => d.reason)).toEqual([
        "cap_segment_day",
      ])
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "outreach.approved_override")))
    expect(audit).toHaveLength(5)
  })

  it("lets only a Controller or an A/R Manager override", async () => {
    const { org, ids } = await pausedSegmentWithDrafts(1)
    const res = await api(org, "operator", `/api/v1/outreach/${ids[0]}/approve`, { method: "POST", json: { override: true } })
    expect(res.status).toBe(403)
    expect((await db().select().from(outreach).where(eq(outreach.id, ids[0]!)))[0]!.status).toBe("draft")
  })
})
