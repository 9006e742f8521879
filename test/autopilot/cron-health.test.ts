// The Ops page says when the Autopilot cron last ran and whether it is late, from the heartbeat the fan-out writes.
import { describe, expect, it } from "vitest"
import { heartbeat } from "../../src/db/ops-state"
import { cronHealth } from "../../src/domain/cron-health"
import { browse, db, makeOrg } from "../helpers"
import { fanOutHarness } from "./fanout-fixtures"

describe("cron health", () => {
  const now = new Date("2026-12-02T05:30:00Z")
  it.each([
    [null, "not_run", 0],
    ["2026-12-02T05:25:00Z", "on_time", 0],
    ["2026-12-02T05:20:00Z", "on_time", 0], // one slot missed is jitter, not an outage
    ["2026-12-02T05:19:00Z", "late", 6],
    ["2026-12-02T04:55:00Z", "late", 30],
  ] as const)("last run %s -> %s (late by %d min)", (last, state, late) => {
    const h = cronHealth(last, now)
    expect(h.state).toBe(state)
    expect(h.lateMinutes).toBe(late)
  })

  it("the Ops page shows the tick the cron just ran, then says late when the heartbeat stops", async () => {
    const org = await makeOrg()
    const fired = Math.floor((Date.now() - 60_000) / 60_000) * 60_000
    const h = fanOutHarness()
    await h.cron(fired)
    await h.drain()
    let page = await (await browse(org, "controller", "/admin/ops")).text()
    expect(page).toContain("running")
    expect(page).toMatch(/last tick (1|2) min ago/)
    expect(page).toContain(`next tick ${new Date(fired + 300_000).toISOString().slice(11, 16)} UTC`)

    const stale = new Date(Date.now() - 40 * 60_000)
    await heartbeat(db(), "cron_last_run", stale, JSON.stringify({ at: stale.toISOString(), organisations: 3, failed: 0 }))
    page = await (await browse(org, "controller", "/admin/ops")).text()
    expect(page).toContain("late")
    expect(page).toMatch(/late by 3[45] min: the next tick was due at/)
  })
})
