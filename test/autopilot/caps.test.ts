// Send caps under concurrency, the 5-minute cron fan-out and the daily cron's snapshots.
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { opsState, outreach, tickRuns } from "../../src/db/schema"
import worker from "../../src/index"
import { systemActor } from "../../src/services/audit"
import type { TenantDO } from "../../src/tenant/tenant-do"
import { addCustomer, addInvoice, browse, db, makeOrg } from "../helpers"
import { fanOutHarness } from "./fanout-fixtures"
import { addSegment, addSendingDomain, daysBefore, tenant } from "./fixtures"

const today = () => new Date().toISOString().slice(0, 10)

describe("send caps under concurrency", () => {
  it("200 concurrent manual sends against a new domain's warmup cap of 50 queue exactly 50", async () => {
    const org = await makeOrg()
    await addSendingDomain(org.id, { warmupStartedAt: new Date().toISOString(), dailyCap: 800 })
    const invoiceIds: string[] = []
    for (let i = 0; i < 200; i += 20) {
      const customers = await Promise.all(Array.from({ length: 20 }, (_, k) => addCustomer(org.id, {}, `ap${i + k}@payer${i + k}.example`)))
      invoiceIds.push(...(await Promise.all(customers.map((c) => addInvoice(org.id, c)))))
    }
    const stub = tenant(org.id)
    const results = await Promise.all(
      invoiceIds.map((invoiceId) =>
        stub.sendManual({ invoiceId, subject: "Invoice {invoice_number}", body: "Please pay {invoice_balance}." }, systemActor, org.id),
      ),
    )
    expect(results.filter((r) => r.outreachId).length).toBe(50)
    expect(new Set(results.filter((r) => r.refused).map((r) => r.refused))).toEqual(new Set(["cap_domain_warmup"]))
    const queued = await db()
      .select()
      .from(outreach)
      .where(and(eq(outreach.orgId, org.id), eq(outreach.status, "queued")))
    expect(queued).toHaveLength(50)
    // The ledger lives in the object's own storage and agrees with D1.
    const reserved = await runInDurableObject(
      stub,
      (_instance: TenantDO, state) => state.storage.sql.exec<{ n: number }>("select count(*) as n from sends").one().n,
    )
    expect(reserved).toBe(50)
  })

  it("Shadow drafts approved in bulk still respect the segment's daily cap", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "shadow", sendCapPerDay: 3 })
    for (let i = 0; i < 5; i++) {
      const c = await addCustomer(org.id, {}, `ap${i}@bulk.example`)
      await addInvoice(org.id, c, { dueDate: daysBefore(today(), 3) })
    }
    const tick = await tenant(org.id).tickNow(org.id)
    expect(tick.drafted).toBe(5)
    const drafts = await db()
      .select({ id: outreach.id })
      .from(outreach)
      .where(and(eq(outreach.orgId, org.id), eq(outreach.status, "draft")))
    const form = new URLSearchParams()
    for (const d of drafts) form.append("ids", d.id)
    form.set("_csrf", org.csrf.operator)
    const res = await browse(org, "operator", "/work/queue/approve", {
      method: "POST",
      body: form.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    })
    expect(res.status).toBe(303)
    expect(res.headers.get("Location")).toContain("approved=3&refused=2")
    const statuses = await db().select({ status: outreach.status }).from(outreach).where(eq(outreach.orgId, org.id))
    expect(statuses.filter((s) => s.status === "queued")).toHaveLength(3)
    expect(statuses.filter((s) => s.status === "draft")).toHaveLength(2)
  })
})

describe("cron", () => {
  it("the */5 trigger ticks organisations with an active segment, once per scheduled time, and records a heartbeat", async () => {
    const org = await makeOrg()
    await addSegment(org.id)
    const c = await addCustomer(org.id)
    await addInvoice(org.id, c, { dueDate: daysBefore(today(), 3) })
    const scheduledTime = Math.floor(Date.now() / 60_000) * 60_000
    const h = fanOutHarness({ tickTenants: true })
    for (let i = 0; i < 2; i++) {
      await h.cron(scheduledTime)
      await h.drain()
    }
    const runs = await db().select().from(tickRuns).where(eq(tickRuns.orgId, org.id))
    expect(runs).toHaveLength(1)
    expect(runs[0]!.queued).toBe(1)
    expect(await db().select().from(outreach).where(eq(outreach.orgId, org.id))).toHaveLength(1)
    const [beat] = await db().select().from(opsState).where(eq(opsState.key, "cron_last_run"))
    expect(JSON.parse(beat!.value).at).toBe(new Date(scheduledTime).toISOString())
  })

  it("does nothing while the cron is paused", async () => {
    const org = await makeOrg()
    await addSegment(org.id)
    const c = await addCustomer(org.id)
    await addInvoice(org.id, c, { dueDate: daysBefore(today(), 3) })
    await db()
      .insert(opsState)
      .values({ key: "cron_paused", value: "on", updatedAt: new Date().toISOString() })
      .onConflictDoUpdate({ target: opsState.key, set: { value: "on" } })
    try {
      const h = fanOutHarness({ tickTenants: true })
      await h.cron(Date.now() + 60_000)
      await h.drain()
      expect(await db().select().from(tickRuns).where(eq(tickRuns.orgId, org.id))).toHaveLength(0)
    } finally {
      await db().update(opsState).set({ value: "off" }).where(eq(opsState.key, "cron_paused"))
    }
  })
})

describe("daily cron", () => {
  it("snapshots Data-Ready and metrics for every organisation at 00:15 UTC", async () => {
    const { dataReadySnapshots, dailyMetrics } = await import("../../src/db/schema")
    const org = await makeOrg()
    const c = await addCustomer(org.id)
    await addInvoice(org.id, c)
    const ctx = createExecutionContext()
    await worker.scheduled!(
      createScheduledController({ cron: "15 0 * * *", scheduledTime: new Date("2026-11-21T00:15:00Z").getTime() }),
      env,
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(await db().select().from(dataReadySnapshots).where(eq(dataReadySnapshots.orgId, org.id))).toHaveLength(1)
    expect((await db().select().from(dailyMetrics).where(eq(dailyMetrics.orgId, org.id))).length).toBeGreaterThan(0)
    const [beat] = await db().select().from(opsState).where(eq(opsState.key, "cron_last_daily"))
    expect(JSON.parse(beat!.value).failed).toBe(0)
  })
})
