// Cadence state in the TenantDO: a tick looks only at due invoices, writers' notifications and the D1 watermark
// reconcile make changed invoices due, and a missed notification is still caught by the next tick.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { outreach, promises } from "../../src/db/schema"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "./fixtures"

const monday = "2026-11-16T15:00:00.000Z"
const later = (min: number) => new Date(Date.parse(monday) + min * 60_000).toISOString()

async function draftsOf(orgId: string, invoiceId: string) {
  return db()
    .select()
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.invoiceId, invoiceId)))
}

describe("cadence state in the TenantDO", () => {
  it("after the first tick of the day, a tick with nothing due looks at no invoice and costs two D1 round trips", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const c = await addCustomer(org.id)
    const ids = []
    for (let i = 0; i < 30; i++) ids.push(await addInvoice(org.id, c, { dueDate: daysBefore("2026-11-16", 3 + (i % 10)) }))
    const first = await tenant(org.id).tick(monday, org.id)
    expect(first).toMatchObject({ drafted: 30, due: 30 })
    const second = await tenant(org.id).tick(later(5), org.id)
    expect(second).toMatchObject({ drafted: 0, due: 0, invoices_seen: 0 })
    expect(second.queries).toBeLessThanOrEqual(2)
    // Due 2026-11-13 with steps at +1, +7, +14 days: step 1 drafted, step 2 next, on 2026-11-20 in New York.
    const state = await tenant(org.id).cadenceState(ids[0]!, org.id)
    expect(state).toMatchObject({ step: 1, nextAt: "2026-11-20T05:00:00.000Z", why: "step 2 due 2026-11-20" })
  })

  it("the day the next step comes due, the tick drafts exactly those invoices, and a second tick that day looks at none", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const c = await addCustomer(org.id)
    await addInvoice(org.id, c, { dueDate: "2026-11-13" }) // step 2 on 2026-11-20
    for (let i = 0; i < 10; i++) await addInvoice(org.id, c, { dueDate: "2026-11-10" }) // step 2 on 2026-11-17
    await tenant(org.id).tick(monday, org.id)
    const tuesday = await tenant(org.id).tick("2026-11-17T15:00:00.000Z", org.id)
    // A new organisation day re-derives ownership (aging buckets move with the calendar) once...
    expect(tuesday.drafted).toBe(10)
    const again = await tenant(org.id).tick("2026-11-17T15:05:00.000Z", org.id)
    expect(again).toMatchObject({ due: 0, drafted: 0 })
    const friday = await tenant(org.id).tick("2026-11-20T15:00:00.000Z", org.id)
    expect(friday.drafted).toBe(1)
  })

  it("a promise that ends without anyone telling the TenantDO is still caught by the next tick (watermark)", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const c = await addCustomer(org.id)
    const inv = await addInvoice(org.id, c, { dueDate: daysBefore("2026-11-16", 3) })
    const promiseId = `prm_${inv}`
    await db().insert(promises).values({
      id: promiseId,
      orgId: org.id,
      invoiceId: inv,
      customerId: c,
      amountMinor: 125_000,
      currency: "USD",
      promisedDate: "2026-11-30",
      status: "open",
      source: "operator",
      createdAt: new Date().toISOString(),
    })
    const first = await tenant(org.id).tick(monday, org.id)
    expect(first.skipped.promise_active).toBe(1)
    expect(await tenant(org.id).cadenceState(inv, org.id)).toMatchObject({
      nextAt: "2026-12-02T05:00:00.000Z",
      why: expect.stringContaining("promise to pay by 2026-11-30"),
    })
    // The operator cancels the promise; the notification is lost (no RPC at all).
    await db().update(promises).set({ status: "cancelled", resolvedAt: new Date().toISOString() }).where(eq(promises.id, promiseId))
    const next = await tenant(org.id).tick(later(5), org.id)
    expect(next, JSON.stringify(await tenant(org.id).cadenceState(inv, org.id))).toMatchObject({ due: 1, drafted: 1 })
    expect(await draftsOf(org.id, inv)).toHaveLength(1)
  })

  it("a writer's notification makes an invoice due even when D1 shows no change after the watermark", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const c = await addCustomer(org.id)
    await addInvoice(org.id, c, { dueDate: daysBefore("2026-11-16", 3) })
    await tenant(org.id).tick(monday, org.id)
    const old = "2026-01-01T00:00:00.000Z"
    const inv = await addInvoice(org.id, c, { dueDate: daysBefore("2026-11-16", 2), createdAt: old, updatedAt: old })
    const unnoticed = await tenant(org.id).tick(later(5), org.id)
    expect(unnoticed.drafted).toBe(0)
    await tenant(org.id).factsChanged({ invoiceIds: [inv] }, org.id)
    const noticed = await tenant(org.id).tick(later(10), org.id)
    expect(noticed).toMatchObject({ due: 1, drafted: 1 })
    expect(await tenant(org.id).cadenceState(inv, org.id)).toMatchObject({ step: 1 })
  })

  it("a paid invoice leaves the cadence state", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow" })
    const c = await addCustomer(org.id)
    const inv = await addInvoice(org.id, c, { dueDate: daysBefore("2026-11-16", 3) })
    await tenant(org.id).tick(monday, org.id)
    const { invoices } = await import("../../src/db/schema")
    await db().update(invoices).set({ status: "paid", balanceMinor: 0, updatedAt: new Date().toISOString() }).where(eq(invoices.id, inv))
    const next = await tenant(org.id).tick(later(5), org.id)
    expect(next.due).toBe(0)
    expect(await tenant(org.id).cadenceState(inv, org.id)).toBeNull()
  })
})
