// The cron reaches every organisation through the TICKS queue, and no invocation's work grows with the organisations.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { chunk, rowsPerInsert } from "../../src/db/client"
import { opsState, organisations, segments } from "../../src/db/schema"
import { fanOutPageSize } from "../../src/jobs/tick-fanout"
import { db } from "../helpers"
import { fanOutHarness } from "./fanout-fixtures"

async function seedOrganisations(n: number, prefix: string, opts: { paused?: number[]; noSegment?: number[] } = {}) {
  const d = db()
  const now = new Date().toISOString()
  const ids = Array.from({ length: n }, (_, i) => `org_${prefix}_${String(i).padStart(5, "0")}`)
  const orgRows = ids.map((id, i) => ({ id, name: `Fan-out ${i}`, createdAt: now, autopilotPaused: opts.paused?.includes(i) ?? false }))
  const segRows = ids
    .filter((_, i) => !opts.noSegment?.includes(i))
    .map((orgId, i) => ({
      id: `seg_${orgId}`,
      orgId,
      name: "All",
      priority: 10,
      filters: {},
      mode: "shadow" as const,
      status: "active" as const,
      createdAt: now,
      updatedAt: now,
      cadenceId: null,
      cadenceVersion: null,
      i,
    }))
    .map(({ i: _i, ...r }) => r)
  const statements = [
    ...chunk(orgRows, rowsPerInsert(25)).map((rows) => d.insert(organisations).values(rows)),
    ...chunk(segRows, rowsPerInsert(20)).map((rows) => d.insert(segments).values(rows)),
  ]
  for (const part of chunk(statements, 200)) await d.batch(part as [(typeof part)[number], ...(typeof part)[number][]])
  return ids
}

describe("Autopilot fan-out", () => {
  it("ticks 5,000 organisations once each, with every invocation bounded (D1 queries, messages, TenantDO calls)", async () => {
    const ids = await seedOrganisations(5000, "fan", { paused: [7], noSegment: [11] })
    const h = fanOutHarness()
    const slot = Date.parse("2026-12-02T05:10:00Z")
    await h.cron(slot + 1234) // a late dispatch lands on its slot
    await h.drain()

    const expected = ids.filter((_, i) => i !== 7 && i !== 11)
    expect(h.ticked.filter((id) => id.startsWith("org_fan_")).sort()).toEqual(expected)
    expect(new Set(h.ticked).size).toBe(h.ticked.length)

    const [cron, ...consumers] = h.invocations
    expect(cron).toMatchObject({ kind: "cron", messages: 1, ticks: 0 })
    // 1 query for the fan-out; the ERP connector sync shares the 5-minute cron and reads one bounded page of due
    // connectors (SYNCS_PER_RUN) in 2 more, whatever the number of organisations.
    expect(cron!.d1).toBeLessThanOrEqual(3)
    const pages = consumers.filter((c) => c.pages > 0)
    expect(pages.length).toBe(Math.ceil(h.ticked.length / fanOutPageSize))
    expect(pages.every((p) => p.d1 >= 1)).toBe(true)
    for (const inv of consumers) {
      // One page: one D1 query for the page (two on the last, for the heartbeat), ten sendBatch calls and the next page.
      expect(inv.d1).toBeLessThanOrEqual(2)
      expect(inv.sendCalls).toBeLessThanOrEqual(fanOutPageSize / 100 + 1)
      expect(inv.ticks).toBeLessThanOrEqual(10)
      expect(inv.messages).toBeLessThanOrEqual(fanOutPageSize + 1)
    }
    const [beat] = await db().select().from(opsState).where(eq(opsState.key, "cron_last_run"))
    expect(JSON.parse(beat!.value)).toMatchObject({ at: "2026-12-02T05:10:00.000Z", organisations: h.ticked.length })
  })

  it("enqueues nothing while the cron is paused or the deployment is in maintenance", async () => {
    for (const key of ["cron_paused", "maintenance"]) {
      await db()
        .insert(opsState)
        .values({ key, value: "on", updatedAt: new Date().toISOString() })
        .onConflictDoUpdate({ target: opsState.key, set: { value: "on" } })
      const h = fanOutHarness()
      await h.cron(Date.parse("2026-12-02T05:15:00Z"))
      expect(h.pending).toHaveLength(0)
      const [skipped] = await db().select().from(opsState).where(eq(opsState.key, "cron_last_skipped"))
      expect(skipped!.value).toContain(key === "cron_paused" ? "cron paused" : "maintenance")
      await db().update(opsState).set({ value: "off" }).where(eq(opsState.key, key))
    }
  })
})
