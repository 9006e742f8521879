// The tick's skip reasons as a table: each case is one invoice that is due a step, one fact that must stop it,
// and the code the tick reports. Nothing is queued or drafted in any row.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { invoices as invoicesTable, organisations, outreach, promises, segments, suppressions } from "../../src/db/schema"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"
import { addSegment, daysBefore, tenant } from "./fixtures"

const monday = "2026-11-16T15:00:00.000Z" // 10:00 in New York
const now = new Date().toISOString()

type Setup = { orgId: string; customerId: string; invoiceId: string; segmentId: string }
const cases: [string, string, (s: Setup) => Promise<unknown>][] = [
  [
    "a disputed invoice",
    "disputed",
    ({ invoiceId }) => db().update(invoicesTable).set({ disputed: true }).where(eq(invoicesTable.id, invoiceId)),
  ],
  [
    "an open promise to pay next week",
    "promise_active",
    ({ orgId, invoiceId, customerId }) =>
      db()
        .insert(promises)
        .values({
          id: newId("prm"),
          orgId,
          invoiceId,
          customerId,
          amountMinor: 10_000,
          currency: "USD",
          promisedDate: "2026-11-23",
          source: "operator",
          createdAt: now,
        }),
  ],
  [
    "a payer who unsubscribed",
    "unsubscribed",
    ({ orgId }) =>
      db()
        .insert(suppressions)
        .values({ id: newId("sup"), orgId, email: "ap@payer.example", reason: "unsubscribe", createdAt: now }),
  ],
  [
    "Autopilot paused for the organisation",
    "autopilot_paused",
    ({ orgId }) => db().update(organisations).set({ autopilotPaused: true }).where(eq(organisations.id, orgId)),
  ],
  [
    "the organisation in maintenance",
    "maintenance",
    ({ orgId }) => db().update(organisations).set({ maintenance: true }).where(eq(organisations.id, orgId)),
  ],
  [
    "a segment whose cadence is gone",
    "no_cadence",
    ({ segmentId }) => db().update(segments).set({ cadenceVersion: null }).where(eq(segments.id, segmentId)),
  ],
]

describe("the tick's skip reasons", () => {
  it.each(cases)("skips %s and reports %s", async (_what, code, apply) => {
    const org = await makeOrg()
    const { segmentId } = await addSegment(org.id, { mode: "autopilot" })
    const customerId = await addCustomer(org.id, {}, "ap@payer.example")
    const invoiceId = await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 3) })
    await apply({ orgId: org.id, customerId, invoiceId, segmentId })
    const result = await tenant(org.id).tick(monday, org.id)
    expect(result.skipped).toEqual({ [code]: 1 })
    expect(result.queued + result.drafted).toBe(0)
    expect(await db().select().from(outreach).where(eq(outreach.orgId, org.id))).toEqual([])
  })

  it("queues the same invoice when nothing stops it (the table's control row)", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "autopilot" })
    const customerId = await addCustomer(org.id, {}, "ap@payer.example")
    await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 3) })
    const result = await tenant(org.id).tick(monday, org.id)
    expect(result).toMatchObject({ queued: 1, skipped: {} })
  })

  it("never looks at a paid invoice: it is not due anything, so it is neither sent nor skipped", async () => {
    const org = await makeOrg()
    await addSegment(org.id, { mode: "autopilot" })
    const customerId = await addCustomer(org.id, {}, "ap@payer.example")
    await addInvoice(org.id, customerId, { dueDate: daysBefore("2026-11-16", 3), status: "paid", balanceMinor: 0, paidAt: now })
    const result = await tenant(org.id).tick(monday, org.id)
    expect(result).toMatchObject({ queued: 0, drafted: 0, skipped: {}, due: 0 })
  })
})
