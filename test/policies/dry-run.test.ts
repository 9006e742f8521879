// Policy dry-run: a cadence version simulated day by day with the tick's planning, the send rule and the caps; writes nothing.
import { count, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { addDays } from "../../src/domain/dates"
import { auditLog, outreach, tasks, tickRuns } from "../../src/db/schema"
import { dryRunVersion } from "../../src/tenant/dry-run"
import { addCustomer, addInvoice, api, db, makeOrg } from "../helpers"
import { addSegment, tenant } from "../autopilot/fixtures"

const monday = new Date("2026-11-16T15:00:00.000Z")

async function customer(orgId: string, n: number) {
  return addCustomer(orgId, {}, `ap${n}@payer-${n}.example`)
}

async function rowCounts(orgId: string) {
  const d = db()
  const [o, a, t, r] = await d.batch([
    d.select({ n: count() }).from(outreach).where(eq(outreach.orgId, orgId)),
    d.select({ n: count() }).from(auditLog).where(eq(auditLog.orgId, orgId)),
    d.select({ n: count() }).from(tasks).where(eq(tasks.orgId, orgId)),
    d.select({ n: count() }).from(tickRuns).where(eq(tickRuns.orgId, orgId)),
  ])
  return { outreach: o[0]!.n, audit: a[0]!.n, tasks: t[0]!.n, ticks: r[0]!.n }
}

describe("cadence dry-run", () => {
  it("counts sends by the day they go out, holds the extra ones with the segment's daily cap, and skips a disputed invoice daily", async () => {
    const org = await makeOrg({ timeZone: "UTC" })
    const { cadenceId } = await addSegment(org.id, { mode: "autopilot", sendCapPerDay: 2 })
    // Steps at due + 1, 7 and 14 days; one payer each so the weekly contact cap does not bite.
    const due = ["2026-11-10", "2026-11-14", "2026-11-15", "2026-11-16"]
    for (const [i, d] of due.entries()) await addInvoice(org.id, await customer(org.id, i), { dueDate: d })
    await addInvoice(org.id, await customer(org.id, 9), { dueDate: "2026-11-15", disputed: true })

    const r = await dryRunVersion(db(), [], org.id, cadenceId, 1, 10, monday)
    expect(r).not.toBeNull()
    const byDay = Object.fromEntries(r!.days.map((d) => [d.date, [d.sends, d.capped, d.skipped.disputed ?? 0]]))
    expect(byDay).toEqual({
      // 11-10 and 11-14 take the cap of 2; 11-15 waits a day.
      "2026-11-16": [2, 1, 1],
      // 11-10's second step and 11-15's first; 11-16's first is held.
      "2026-11-17": [2, 1, 1],
      "2026-11-18": [1, 0, 1],
      "2026-11-19": [0, 0, 1],
      "2026-11-20": [0, 0, 1],
      "2026-11-21": [1, 0, 1],
      "2026-11-22": [1, 0, 1],
      "2026-11-23": [1, 0, 1],
      "2026-11-24": [1, 0, 1],
      "2026-11-25": [0, 0, 1],
    })
    expect(r!.totals).toMatchObject({ sends: 9, drafts: 0, capped: 2, skipped: { disputed: 10 }, deferred: {}, invoices: 5 })
    expect(r!.segments).toHaveLength(1)
  })

  it("drafts in Shadow Mode on the day they are made and says why each waits (quiet hours, weekend)", async () => {
    const org = await makeOrg({ timeZone: "UTC" })
    const { cadenceId } = await addSegment(org.id, {
      mode: "shadow",
      quietHours: { start: "18:00", end: "08:00" },
      businessDaysOnly: true,
    })
    await addInvoice(org.id, await customer(org.id, 1), { dueDate: "2026-11-19" })
    await addInvoice(org.id, await customer(org.id, 2), { dueDate: "2026-11-20" })
    // Friday 20:00 UTC: in the quiet hours; Saturday's first tick: not a business day.
    const r = await dryRunVersion(db(), [], org.id, cadenceId, 1, 2, new Date("2026-11-20T20:00:00.000Z"))
    expect(r!.days).toEqual([
      { date: "2026-11-20", sends: 0, drafts: 1, deferred: { quiet_hours: 1 }, capped: 0, skipped: {} },
      { date: "2026-11-21", sends: 0, drafts: 1, deferred: { non_business_day: 1 }, capped: 0, skipped: {} },
    ])
  })

  it("starts from the caps already reserved in the TenantDO", async () => {
    const org = await makeOrg({ timeZone: "UTC" })
    const { cadenceId, segmentId } = await addSegment(org.id, { mode: "autopilot", sendCapPerDay: 1 })
    await addInvoice(org.id, await customer(org.id, 1), { dueDate: "2026-11-15" })
    const seed = [{ outreachId: "out_earlier", day: "2026-11-16", segmentId, contact: "someone@else.example" }]
    const r = await dryRunVersion(db(), seed, org.id, cadenceId, 1, 2, monday)
    expect(r!.days.map((d) => [d.sends, d.capped])).toEqual([
      [0, 1],
      [1, 0],
    ])
  })

  it("answers through the API with the real portfolio, writes nothing, and refuses bad windows, other tenants and roles", async () => {
    const org = await makeOrg({ timeZone: "UTC" })
    const { cadenceId } = await addSegment(org.id, { mode: "autopilot" })
    const today = new Date().toISOString().slice(0, 10)
    const invoiceId = await addInvoice(org.id, await customer(org.id, 1), { dueDate: addDays(today, -3) })
    const path = `/api/v1/cadences/${cadenceId}/versions/1/dry-run`
    const before = await rowCounts(org.id)

    const res = await api(org, "ar_manager", path, { method: "POST", json: { days: 7 } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { days: { date: string; sends: number }[]; totals: { sends: number } }
    expect(body.days).toHaveLength(7)
    expect(body.days[0]!.date).toBe(today)
    // Step 1 (due + 1) now and step 2 (due + 7) four days later.
    expect(body.totals.sends).toBe(2)
    expect(await rowCounts(org.id)).toEqual(before)
    expect(await tenant(org.id).usedToday(today)).toBe(0)
    expect(await tenant(org.id).cadenceState(invoiceId, org.id)).toBeNull()

    // The window is checked and named.
    for (const days of [0, 91, 1.5, "30"]) {
      const bad = await api(org, "controller", path, { method: "POST", json: { days } })
      expect(bad.status).toBe(400)
      const err = (await bad.json()) as { error: { details: { field: string }[] } }
      expect(err.error.details.map((d) => d.field)).toContain("days")
    }
    expect((await api(org, "controller", path, { method: "POST" })).status).toBe(200)

    expect((await api(org, "controller", `/api/v1/cadences/${cadenceId}/versions/9/dry-run`, { method: "POST", json: {} })).status).toBe(
      404,
    )
    const other = await makeOrg()
    expect((await api(other, "controller", path, { method: "POST", json: { days: 7 } })).status).toBe(404)
    expect((await api(org, "operator", path, { method: "POST", json: { days: 7 } })).status).toBe(403)
    expect((await api(org, "cfo", path, { method: "POST", json: { days: 7 } })).status).toBe(403)
  })
})
