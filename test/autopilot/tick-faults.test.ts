// Fault injection on the tick: its page write fails midway, so nothing is half-written and the next tick does it once.
import { runInDurableObject } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { outreach } from "../../src/db/schema"
import { dayIn } from "../../src/domain/send-window"
import { CadenceState } from "../../src/tenant/cadence-state"
import { SendLedger } from "../../src/tenant/ledger"
import type { TenantDO } from "../../src/tenant/tenant-do"
import { runTick } from "../../src/tenant/tick"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "./fixtures"

/** The real D1, except that a batch writing outreach fails (D1 unavailable mid-tick); every other statement goes through. */
function failingOutreachWrites(real: D1Database): { d1: D1Database; failures: () => number } {
  let failures = 0
  const sqlOf = new WeakMap<object, string>()
  const tag = (s: D1PreparedStatement, q: string): D1PreparedStatement =>
    new Proxy(s, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => tagged(target.bind(...args), q)
        const v = Reflect.get(target, prop, target)
        return typeof v === "function" ? v.bind(target) : v
      },
    })
  const tagged = (s: D1PreparedStatement, q: string) => {
    const p = tag(s, q)
    sqlOf.set(p, q)
    return p
  }
  const d1 = new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (q: string) => tagged(target.prepare(q), q)
      if (prop === "batch")
        return (stmts: D1PreparedStatement[]) => {
          if (stmts.some((s) => /insert into "outreach"/i.test(sqlOf.get(s) ?? ""))) {
            failures++
            return Promise.reject(new Error("D1_ERROR: network connection lost"))
          }
          return target.batch(stmts)
        }
      const v = Reflect.get(target, prop, target)
      return typeof v === "function" ? v.bind(target) : v
    },
  })
  return { d1, failures: () => failures }
}

describe("a tick whose write fails midway", () => {
  it("leaves no outreach, no reserved budget and no cadence step, and the next tick queues each send once", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "autopilot", touchesPerContactWeek: 10 })
    const today = new Date().toISOString().slice(0, 10)
    const invoiceIds: string[] = []
    for (let i = 0; i < 3; i++) {
      const c = await addCustomer(org.id, {}, `ap${i}@fault.example`)
      invoiceIds.push(await addInvoice(org.id, c, { dueDate: daysBefore(today, 3) }))
    }
    const stub = tenant(org.id)
    const now = new Date()
    const faulty = failingOutreachWrites(env.DB)
    const outcome = await runInDurableObject(stub, async (_i: TenantDO, state) => {
      const ledger = new SendLedger(state.storage.sql)
      try {
        await runTick({ ...env, DB: faulty.d1 }, ledger, new CadenceState(state.storage.sql), org.id, "faulty", now)
        return { threw: false, used: ledger.usedOn(dayIn(now, "America/New_York")) }
      } catch (err) {
        return { threw: String(err).includes("network connection lost"), used: ledger.usedOn(dayIn(now, "America/New_York")) }
      }
    })
    expect(faulty.failures()).toBe(1)
    expect(outcome).toEqual({ threw: true, used: 0 })
    expect(await db().select().from(outreach).where(eq(outreach.orgId, org.id))).toHaveLength(0)
    for (const id of invoiceIds) expect(await stub.cadenceState(id, org.id)).toBeNull()

    // The next tick finds the invoices due again (the failed one recorded nothing) and queues each once.
    const again = await stub.tickNow(org.id)
    expect(again.queued).toBe(3)
    const rows = await db().select().from(outreach).where(eq(outreach.orgId, org.id))
    expect(rows.map((r) => r.status)).toEqual(["queued", "queued", "queued"])
    expect(new Set(rows.map((r) => r.invoiceId))).toEqual(new Set(invoiceIds))
    for (const id of invoiceIds) expect((await stub.cadenceState(id, org.id))?.step).toBe(1)
    expect(await stub.usedToday(dayIn(now, "America/New_York"))).toBe(3)
    expect((await stub.tickNow(org.id)).queued).toBe(0)
  })
})
