// The "Get started" checklist: each Quick Start step ticks from real state and links to where it is done; it
// disappears once a segment in Shadow Mode has drafted outreach.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { connectors, dataReadySnapshots, imports } from "../../src/db/schema"
import { newId } from "../../src/db/ids"
import { isLive, onboardingSteps, type OnboardingFacts } from "../../src/domain/onboarding"
import { addCustomer, addInvoice, api, browse, db, makeOrg } from "../helpers"
import { connectStripe } from "../stripe/stripe-helpers"

const fresh: OnboardingFacts = {
  members: 1,
  pendingInvitations: 0,
  stripeConnected: false,
  stripeTestReceived: false,
  customersImported: false,
  invoicesImported: false,
  contactCoverage: 0,
  publishedCadences: 0,
  publishedWithQuietHours: 0,
  publishedWithThresholds: 0,
  thresholdsOnPlan: true,
  shadowSegments: 0,
  autopilotSegments: 0,
  drafts: 0,
  segmentOutreach: 0,
  greenStreakDays: 0,
}

describe("the five Quick Start steps", () => {
  it.each([
    ["organisation", {}, false],
    ["organisation", { pendingInvitations: 1 }, true],
    ["organisation", { members: 3 }, true],
    ["stripe", { stripeConnected: true }, false],
    ["stripe", { stripeConnected: true, stripeTestReceived: true }, true],
    ["import", { customersImported: true, invoicesImported: true, contactCoverage: 0.94 }, false],
    ["import", { customersImported: true, invoicesImported: true, contactCoverage: 0.95 }, true],
    ["import", { customersImported: true, contactCoverage: 1 }, false],
    ["policy", { publishedCadences: 1 }, false],
    ["policy", { publishedCadences: 1, publishedWithQuietHours: 1 }, false],
    ["policy", { publishedCadences: 1, publishedWithQuietHours: 1, publishedWithThresholds: 1 }, true],
    ["policy", { publishedCadences: 1, publishedWithQuietHours: 1, thresholdsOnPlan: false }, true],
    ["shadow", { shadowSegments: 1 }, false],
    ["shadow", { shadowSegments: 1, drafts: 4, segmentOutreach: 4 }, true],
  ] as const)("step %s with %o is done: %s", (key, change, done) => {
    expect(onboardingSteps({ ...fresh, ...change }).find((s) => s.key === key)!.done).toBe(done)
  })

  it("is live only once a running segment has produced outreach", () => {
    expect(isLive({ ...fresh, shadowSegments: 1 })).toBe(false)
    expect(isLive({ ...fresh, shadowSegments: 1, drafts: 2, segmentOutreach: 2 })).toBe(true)
    expect(isLive({ ...fresh, autopilotSegments: 1, segmentOutreach: 9 })).toBe(true)
  })
})

describe("Get started on the Overview", () => {
  it("ticks each step from the organisation's data, links to where it is done, and disappears once live", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const page = async () => (await (await browse(org, "controller", "/admin/overview")).text()) as string
    const step = (html: string, key: string) => html.match(new RegExp(`<li class="([^"]*)" data-step="${key}">([\\s\\S]*?)</li>`))!
    let html = await page()
    expect(html).toContain("Get started")
    expect(html).toContain("1 of 5 done") // eight members already: teammates invited
    expect(step(html, "stripe")[2]).toContain('href="/admin/connectors"')
    expect(step(html, "import")[2]).toContain('href="/admin/connectors/import"')
    expect(step(html, "policy")[2]).toContain("Create a cadence from a tone preset")
    expect(html).toContain("Data-Ready score")

    const account = await connectStripe(org.id)
    await db().update(connectors).set({ testEventReceivedAt: new Date().toISOString() }).where(eq(connectors.orgId, org.id))
    const now = new Date().toISOString()
    for (const kind of ["customers", "invoices"] as const)
      await db()
        .insert(imports)
        .values({
          id: newId("imp"),
          orgId: org.id,
          kind,
          status: "completed",
          rowsTotal: 1,
          rowsImported: 1,
          createdAt: now,
          completedAt: now,
        })
    const customer = await addCustomer(org.id)
    await addInvoice(org.id, customer, { dueDate: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10) })
    html = await page()
    expect(step(html, "stripe")[1]).toContain("done")
    expect(step(html, "import")[1]).toContain("done")
    expect(account).toMatch(/^acct_/)

    // The invoice is 10 days late: the catch-up rule never sends it the Day-0 "is due" step, so the first draft is the
    // first past-due step.
    const steps = [
      { offset_days: 0, subject: "Invoice {invoice_number} is due", body: "{invoice_balance} is due. {pay_link}" },
      { offset_days: 7, subject: "Invoice {invoice_number} is overdue", body: "{invoice_balance} is overdue. {pay_link}" },
    ]
    const made = (await (
      await api(org, "controller", "/api/v1/cadences", {
        method: "POST",
        json: { name: "Neutral", tone: "neutral", steps, quiet_hours: { start: "18:00", end: "08:00" } },
      })
    ).json()) as { id: string }
    await api(org, "controller", `/api/v1/cadences/${made.id}/versions/1/publish`, { method: "POST", json: {} })
    html = await page()
    expect(step(html, "policy")[1]).toContain("done") // Starter: one approver, no thresholds to set

    const seg = await api(org, "controller", "/api/v1/segments", {
      method: "POST",
      json: {
        name: "All overdue",
        filters: { aging_buckets: ["1-30"] },
        cadence_id: made.id,
        cadence_version: 1,
        mode: "shadow",
        status: "active",
      },
    })
    expect(seg.status).toBe(201)
    html = await page()
    expect(step(html, "shadow")[2]).toContain("Draft now")
    const drafted = await browse(org, "controller", "/admin/onboarding/first-drafts", { form: {} })
    expect([drafted.status, drafted.headers.get("Location")]).toEqual([303, "/work/queue"])
    html = await page()
    expect(html).not.toContain("Get started")
  })

  it("shows the Data-Ready history with the green streak", async () => {
    const org = await makeOrg()
    const today = new Date()
    const day = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10)
    for (const [n, status] of [
      [3, "amber"],
      [2, "green"],
      [1, "green"],
      [0, "green"],
    ] as const)
      await db()
        .insert(dataReadySnapshots)
        .values({ orgId: org.id, day: day(n), score: status === "green" ? 95 : 70, status, checks: [], createdAt: today.toISOString() })
    const html = await (await browse(org, "controller", "/admin/overview")).text()
    expect(html).toContain("Data-Ready history")
    expect(html).toContain("Green 3 days in a row: the Data-Ready guardrail for Autopilot is met.")
  })

  it("refuses Draft now to roles other than the Controller", async () => {
    const org = await makeOrg()
    expect((await browse(org, "operator", "/admin/onboarding/first-drafts", { form: {} })).status).toBe(403)
  })
})
