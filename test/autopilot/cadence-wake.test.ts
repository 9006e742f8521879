// Writers wake the TenantDO: a segment or policy change marks the portfolio for a new derivation before any tick runs.
import { runInDurableObject } from "cloudflare:test"
import { describe, expect, it } from "vitest"
import { CadenceState } from "../../src/tenant/cadence-state"
import type { TenantDO } from "../../src/tenant/tenant-do"
import { addCustomer, addInvoice, api, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "./fixtures"

const builtDay = (orgId: string) =>
  runInDurableObject(tenant(orgId), (_i: TenantDO, state) => new CadenceState(state.storage.sql).meta("built_day"))

describe("writers wake the cadence", () => {
  it("a segment saved through the API makes the TenantDO derive the portfolio again, and the next tick looks at every row", async () => {
    const org = await makeOrg()
    const { segmentId } = await addSegment(org.id, { mode: "shadow" })
    const c = await addCustomer(org.id)
    await addInvoice(org.id, c, { dueDate: daysBefore(new Date().toISOString().slice(0, 10), 3) })
    await addInvoice(org.id, c, { dueDate: daysBefore(new Date().toISOString().slice(0, 10), 30) })
    expect((await tenant(org.id).tickNow(org.id)).due).toBe(2)
    expect((await tenant(org.id).tickNow(org.id)).due).toBe(0)
    expect(await builtDay(org.id)).not.toBeNull()

    const res = await api(org, "controller", `/api/v1/segments/${segmentId}`, { method: "PATCH", json: { send_cap_per_day: 5 } })
    expect(res.status).toBe(200)
    // Told in the same request, before any tick's reconcile.
    expect(await builtDay(org.id)).toBeNull()
    expect((await tenant(org.id).tickNow(org.id)).due).toBe(2)
  })
})
