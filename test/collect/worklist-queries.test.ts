// The workspace stays fast: the worklist's first page of 50, Today's Focus and one inspector each cost a fixed
// number of D1 queries, the same for an organisation of 1,000 open invoices as for one of 60 (no N+1).
import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import { chunk, createDb, rowsPerInsert } from "../../src/db/client"
import { newId } from "../../src/db/ids"
import { invoices, promises } from "../../src/db/schema"
import { addDays } from "../../src/domain/dates"
import { inspectInvoice } from "../../src/services/inspector"
import { focusCards, worklistPage } from "../../src/services/worklist"
import { addCustomer, db, makeOrg, type TestOrg } from "../helpers"

const today = new Date().toISOString().slice(0, 10)
let big: TestOrg
let small: TestOrg
const firstInvoice: Record<string, string> = {}

/** An organisation with `n` open invoices over 40 customers, a tenth of them with an open promise, some paid history. */
async function portfolio(org: TestOrg, n: number) {
  const customerIds: string[] = []
  for (let i = 0; i < 40; i++) customerIds.push(await addCustomer(org.id, { name: `Customer ${i}` }))
  const now = new Date().toISOString()
  const rows = Array.from({ length: n + 200 }, (_, i) => {
    const paid = i >= n
    const due = addDays(today, paid ? -200 + (i % 150) : -(i % 120) + 10)
    return {
      id: newId("inv"),
      orgId: org.id,
      customerId: customerIds[i % 40]!,
      invoiceNumber: `INV-${String(i).padStart(5, "0")}`,
      currency: "USD",
      amountMinor: 50_000 + (i % 17) * 10_000,
      balanceMinor: paid ? 0 : 50_000 + (i % 17) * 10_000,
      issueDate: addDays(due, -30),
      dueDate: due,
      status: paid ? ("paid" as const) : ("open" as const),
      paidAt: paid ? `${addDays(due, i % 25)}T12:00:00.000Z` : null,
      source: "api" as const,
      createdAt: now,
      updatedAt: now,
    }
  })
  for (const part of chunk(rows, rowsPerInsert(19))) await db().insert(invoices).values(part)
  const open = rows.filter((r) => r.status === "open")
  firstInvoice[org.id] = open[0]!.id
  const promised = open.filter((_, i) => i % 10 === 0)
  for (const part of chunk(promised, rowsPerInsert(18)))
    await db()
      .insert(promises)
      .values(
        part.map((r) => ({
          id: newId("prm"),
          orgId: org.id,
          invoiceId: r.id,
          customerId: r.customerId,
          amountMinor: r.balanceMinor,
          currency: "USD",
          promisedDate: addDays(today, 3),
          status: "open" as const,
          source: "operator" as const,
          createdAt: now,
        })),
      )
}

/** Runs `work` against a D1 that counts every statement prepared. */
async function queriesOf(work: (d: ReturnType<typeof createDb>) => Promise<unknown>): Promise<number> {
  let queries = 0
  const counting = new Proxy(env.DB, {
    get(target, prop) {
      const v = Reflect.get(target, prop)
      if (prop === "prepare") return (...a: unknown[]) => (queries++, (v as (...x: unknown[]) => unknown).apply(target, a))
      return typeof v === "function" ? v.bind(target) : v
    },
  })
  await work(createDb(counting as D1Database))
  return queries
}

beforeAll(async () => {
  big = await makeOrg()
  small = await makeOrg()
  await portfolio(big, 1000)
  await portfolio(small, 60)
}, 120_000)

describe("the worklist's D1 queries", () => {
  it("reads the first page of 50 of 1,000 open invoices in at most 3 queries, as many as for 60", async () => {
    const page = (org: TestOrg) => (d: ReturnType<typeof createDb>) => worklistPage(d, org.id, new Date(), {}, { limit: 50, cursor: null })
    const result = await worklistPage(db(), big.id, new Date(), {}, { limit: 50, cursor: null })
    expect(result.total).toBe(1000)
    expect(result.data).toHaveLength(50)
    const bigCount = await queriesOf(page(big))
    expect(bigCount).toBeLessThanOrEqual(3)
    expect(bigCount).toBe(await queriesOf(page(small)))
  })

  it("counts Today's Focus in a fixed number of queries whatever the size", async () => {
    const cards = (org: TestOrg) => (d: ReturnType<typeof createDb>) => focusCards(d, org.id, new Date())
    const bigCount = await queriesOf(cards(big))
    expect(bigCount).toBeLessThanOrEqual(2)
    expect(bigCount).toBe(await queriesOf(cards(small)))
  })

  it("opens one invoice's inspector in a fixed number of queries whatever the size", async () => {
    const inspect = (org: TestOrg) => (d: ReturnType<typeof createDb>) => inspectInvoice(d, org.id, firstInvoice[org.id]!)
    const bigCount = await queriesOf(inspect(big))
    expect(bigCount).toBe(await queriesOf(inspect(small)))
    // 16 for the invoice, timeline and ranking, plus 3 for the send rule's facts (the same reads compose makes).
    expect(bigCount).toBeLessThanOrEqual(19)
  })
})
