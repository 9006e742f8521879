// The Data-Ready score: what each check measures over imported receivables and how the score is weighted.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { connectors, dataReadySnapshots } from "../../src/db/schema"
import { greenStreakDays, snapshotDataReady } from "../../src/services/data-ready"
import { addCustomer, api, db, makeOrg } from "../helpers"
import { connectStripe } from "../stripe/stripe-helpers"
import { csv, upload } from "./import-helpers"

type DataReady = { score: number; status: string; green_streak_days: number; checks: { key: string; ok: boolean; detail: string }[] }
const get = async (org: Awaited<ReturnType<typeof makeOrg>>) => (await (await api(org, "cfo", "/api/v1/data-ready")).json()) as DataReady

describe("Data-Ready score", () => {
  it("is red for a new organisation and names what to do", async () => {
    const org = await makeOrg()
    const r = await get(org)
    expect(r).toMatchObject({ score: 10, status: "red" }) // only "no errors in 24 h" holds
    expect(r.checks.find((c) => c.key === "stripe_test")?.detail).toBe("Send the test event from the Stripe connector")
  })

  it("turns amber with imports but 75% coverage, and green with every check", async () => {
    const org = await makeOrg()
    await upload(org, "customers", csv("customers.csv"))
    await upload(org, "invoices", csv("invoices.csv"))
    let r = await get(org)
    expect(r.checks.filter((c) => !c.ok).map((c) => c.key)).toEqual(["contact_coverage", "stripe_connected", "stripe_test"])
    expect(r).toMatchObject({ score: 50, status: "red" })
    expect(r.checks.find((c) => c.key === "contact_coverage")?.detail).toBe("75.0% of 4 customers have a valid contact email")
    await connectStripe(org.id)
    r = await get(org)
    expect(r).toMatchObject({ score: 65, status: "amber" })
    await db().update(connectors).set({ testEventReceivedAt: new Date().toISOString() }).where(eq(connectors.orgId, org.id))
    for (let i = 0; i < 60; i++) await addCustomer(org.id, { externalId: `X-${i}` })
    r = await get(org)
    expect(r).toMatchObject({ score: 100, status: "green" })
  })

  it("counts consecutive green days from the daily snapshots; a gap or an amber day breaks the streak", async () => {
    const org = await makeOrg()
    const now = new Date("2026-11-21T00:15:00Z")
    const snap = (day: string, status: "green" | "amber") => ({
      orgId: org.id,
      day,
      score: status === "green" ? 100 : 70,
      status,
      checks: [],
      createdAt: now.toISOString(),
    })
    await db()
      .insert(dataReadySnapshots)
      .values([
        snap("2026-11-16", "green"),
        snap("2026-11-17", "amber"),
        snap("2026-11-18", "green"),
        snap("2026-11-19", "green"),
        snap("2026-11-20", "green"),
      ])
    expect(await greenStreakDays(db(), org.id, now)).toBe(3) // today not written yet: counts from yesterday
    await snapshotDataReady(db(), org.id, now) // today is red (no data): the streak ends
    expect(await greenStreakDays(db(), org.id, now)).toBe(0)
    expect(await greenStreakDays(db(), org.id, new Date("2026-11-23T12:00:00Z"))).toBe(0)
  })
})
