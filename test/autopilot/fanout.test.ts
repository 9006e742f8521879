// The cron reaches every organisation through the TICKS queue, and no invocation's work grows with the organisations.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { chunk, rowsPerInsert } from "../../src/db/client"
import { connectors, invoices, opsState, organisations, segments } from "../../src/db/schema"
import { fanOutPageSize } from "../../src/jobs/tick-fanout"
import { db, makeOrg } from "../helpers"
import { connectQuickbooksQuietly } from "../connectors/erp-helpers"
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
    // 1 query (the switches): ERP connector syncs ride on the per-organisation messages, not on the cron.
    expect(cron!.d1).toBeLessThanOrEqual(1)
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

  it("syncs an organisation's due ERP connector from its own message, even with Autopilot paused, and not again once synced", async () => {
    const org = await makeOrg()
    await connectQuickbooksQuietly(org)
    await db().update(organisations).set({ autopilotPaused: true }).where(eq(organisations.id, org.id))
    await db().update(connectors).set({ nextSyncAt: null }).where(eq(connectors.orgId, org.id))
    const slot = Math.ceil(Date.now() / 300_000) * 300_000
    const at = new Date(slot).toISOString()
    const h = fanOutHarness()
    await h.cron(slot)
    await h.drain()
    expect(h.ticked).not.toContain(org.id)
    const [synced] = await db()
      .select()
      .from(connectors)
      .where(and(eq(connectors.orgId, org.id), eq(connectors.kind, "quickbooks")))
    expect(synced!.lastSyncAt).toBe(at)
    expect(synced!.nextSyncAt! > at).toBe(true)
    expect(await db().select().from(invoices).where(eq(invoices.orgId, org.id))).not.toHaveLength(0)
    // Five minutes later nothing is due: the organisation gets no message at all.
    const again = fanOutHarness()
    await again.cron(slot + 300_000)
    await again.drain()
    expect(again.invocations.some((i) => i.kind === "queue" && i.d1 > 2)).toBe(false)
    const [after] = await db().select().from(connectors).where(eq(connectors.id, synced!.id))
    expect(after!.lastSyncAt).toBe(at)
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
