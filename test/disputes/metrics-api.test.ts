// GET /api/v1/disputes/metrics over real D1 rows: every figure of the fixture, another organisation's disputes
// never counted, every role may read, no key may not.
import { describe, expect, it } from "vitest"
import { disputes } from "../../src/db/schema"
import { roles } from "../../src/domain/roles"
import { addCustomer, addInvoice, api, call, db, makeOrg } from "../helpers"
import { FIXTURE_ZONE, fixtureDisputes, fixtureExpected, type FixtureDispute } from "./metrics-fixture"

async function seed(orgId: string, rows: FixtureDispute[]) {
  const customerId = await addCustomer(orgId, { name: "Initech" })
  for (const [i, r] of rows.entries()) {
    const invoiceId = await addInvoice(orgId, customerId, { invoiceNumber: `INV-${9100 + i}`, currency: r.currency, disputed: true })
    await db()
      .insert(disputes)
      .values({
        id: `dsp_${r.key}_${orgId.slice(-8)}`,
        orgId,
        invoiceId,
        customerId,
        reason: r.reason,
        status: r.status as "open",
        source: "portal",
        slaDueAt: r.slaDueAt,
        slaPausedAt: r.slaPausedAt,
        firstResponseAt: r.firstResponseAt,
        resolvedAt: r.resolvedAt,
        creditMinor: r.creditMinor,
        reopenCount: r.reopenCount,
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
      })
  }
}

describe("GET /api/v1/disputes/metrics", () => {
  it("computes every figure from the organisation's own dispute rows, whatever the other organisation holds", async () => {
    const org = await makeOrg({ timeZone: FIXTURE_ZONE })
    const other = await makeOrg({ timeZone: FIXTURE_ZONE })
    await seed(org.id, fixtureDisputes(new Date()))
    // The other organisation: one breached pricing dispute and a big credit this month.
    const [breached] = fixtureDisputes(new Date()).filter((d) => d.key === "breached")
    const [credited] = fixtureDisputes(new Date()).filter((d) => d.key === "credited-this-month")
    await seed(other.id, [
      { ...breached!, reason: "pricing" },
      { ...credited!, creditMinor: 999_999 },
    ])
    const res = await api(org, "cfo", "/api/v1/disputes/metrics")
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(fixtureExpected)

    const theirs = (await (await api(other, "operator", "/api/v1/disputes/metrics")).json()) as typeof fixtureExpected
    expect(theirs.sla).toMatchObject({ active: 1, breached: 1, at_risk: 0 })
    expect(theirs.credits_issued_minor).toBe(999_999)
    expect(theirs.by_reason.find((r) => r.reason === "pricing")).toEqual({ reason: "pricing", open: 1, median_days_to_resolve: 4 })
  })

  it("answers every role (a read), and no one without a key", async () => {
    const org = await makeOrg()
    for (const role of roles) {
      const res = await api(org, role, "/api/v1/disputes/metrics")
      expect(res.status, role).toBe(200)
      expect(((await res.json()) as { sla: { active: number } }).sla.active, role).toBe(0)
    }
    expect((await call("/api/v1/disputes/metrics")).status).toBe(401)
  })

  it("is published in the OpenAPI document", async () => {
    const doc = (await (await call("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> }
    expect(doc.paths["/api/v1/disputes/metrics"]).toBeDefined()
  })
})
