// The CFO's weekly summary email: due on Monday 07:00 in the organisation's zone (DST included), sent to CFO members
// only, with the console's headline figures and a one-click unsubscribe; an unsubscribed CFO gets nothing.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, devMail, organisations, suppressions, users } from "../../src/db/schema"
import { weeklySummaryDue, zonesDueForSummary } from "../../src/domain/cfo-summary"
import worker from "../../src/index"
import { sendCfoSummary } from "../../src/services/cfo-summary"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"

describe("when the weekly summary is due", () => {
  it.each([
    ["2026-11-30T12:00:00Z", "America/New_York", "2026-11-30"], // Monday 07:00 EST
    ["2026-11-30T12:04:59Z", "America/New_York", "2026-11-30"],
    ["2026-11-30T12:05:00Z", "America/New_York", null],
    ["2026-11-30T11:00:00Z", "America/New_York", null],
    ["2026-06-01T11:00:00Z", "America/New_York", "2026-06-01"], // Monday 07:00 EDT
    ["2026-06-01T12:00:00Z", "America/New_York", null],
    ["2026-11-30T06:00:00Z", "Europe/Berlin", "2026-11-30"],
    ["2026-11-29T22:00:00Z", "Asia/Tokyo", "2026-11-30"], // Sunday in UTC, Monday in Tokyo
    ["2026-12-01T12:00:00Z", "America/New_York", null], // Tuesday
    ["2026-11-30T07:00:00Z", "Not/AZone", "2026-11-30"], // unknown zone: UTC
  ] as const)("%s in %s -> %s", (now, zone, want) => {
    expect(weeklySummaryDue(new Date(now), zone)).toBe(want)
  })
})

it("reads only the zones at Monday 07:00, and nothing in most slots", () => {
  const zones = ["America/New_York", "America/Toronto", "Europe/Berlin", "Asia/Kolkata"]
  expect(zonesDueForSummary(new Date("2026-11-30T12:00:00Z"), zones)).toEqual(["America/New_York", "America/Toronto"])
  expect(zonesDueForSummary(new Date("2026-11-30T01:30:00Z"), zones)).toEqual(["Asia/Kolkata"]) // UTC+5:30
  expect(zonesDueForSummary(new Date("2026-11-30T07:00:00Z"), zones)).toEqual(["UTC"])
  expect(zonesDueForSummary(new Date("2026-11-30T12:05:00Z"), zones)).toEqual([])
  expect(zonesDueForSummary(new Date("2026-12-02T05:10:00Z"), zones)).toEqual([])
})

async function orgWithFigures() {
  const org = await makeOrg({ name: "Summary Org", timeZone: "America/New_York" })
  await db().update(organisations).set({ baseCurrency: "USD" }).where(eq(organisations.id, org.id))
  const c = await addCustomer(org.id)
  await addInvoice(org.id, c, { amountMinor: 250_000, balanceMinor: 250_000, issueDate: "2026-11-20", dueDate: "2026-12-20" })
  return org
}

const mailOf = async (orgId: string) =>
  (await db().select().from(devMail).where(eq(devMail.orgId, orgId))).filter((m) => m.subject.includes("weekly cash summary"))

describe("the weekly summary email", () => {
  const monday = new Date("2026-11-30T12:02:00Z")

  it("goes to each CFO only, with the headline figures and a one-click unsubscribe, and is audited", async () => {
    const org = await orgWithFigures()
    const sent = await sendCfoSummary(env, db(), org.id, monday)
    const [cfo] = await db().select().from(users).where(eq(users.id, org.userIds.cfo))
    expect(sent).toEqual([cfo!.email])
    const mails = await mailOf(org.id)
    expect(mails).toHaveLength(1)
    const m = mails[0]!
    expect(m.to).toBe(cfo!.email)
    expect(m.subject).toBe("Summary Org: your weekly cash summary (2026-11-30)")
    expect(m.text).toContain("Open A/R: $2,500.00")
    expect(m.text).toContain("Cash forecast, next 13 weeks:")
    expect(m.text).toContain("/admin/overview")
    expect(m.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click")
    const link = /<(https?:\/\/[^>]+\/u\/[^>]+)>/.exec(m.headers["List-Unsubscribe"]!)![1]!
    expect(m.text).toContain(link)
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "cfo_summary.sent")))
    expect(audit).toHaveLength(1)
  })

  it("sends nothing outside the Monday 07:00 slot, and nothing to an unsubscribed CFO", async () => {
    const org = await orgWithFigures()
    expect(await sendCfoSummary(env, db(), org.id, new Date("2026-11-30T13:00:00Z"))).toEqual([])
    const [cfo] = await db().select().from(users).where(eq(users.id, org.userIds.cfo))
    await db()
      .insert(suppressions)
      .values({
        id: `sup_${org.id}`,
        orgId: org.id,
        email: cfo!.email.toLowerCase(),
        reason: "unsubscribe",
        createdAt: monday.toISOString(),
      })
    expect(await sendCfoSummary(env, db(), org.id, monday)).toEqual([])
    expect(await mailOf(org.id)).toHaveLength(0)
  })

  it("is sent by the five-minute cron", async () => {
    const org = await orgWithFigures()
    const ctx = createExecutionContext()
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: monday.getTime() }), env, ctx)
    await waitOnExecutionContext(ctx)
    expect(await mailOf(org.id)).toHaveLength(1)
  })
})
