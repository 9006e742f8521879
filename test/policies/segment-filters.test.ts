// Segment filters: each rule's meaning over invoices and customers, and the errors for filters that cannot be read.
import { and, eq } from "drizzle-orm"
import { beforeAll, describe, expect, it } from "vitest"
import { addDays } from "../../src/domain/dates"
import { customers, invoices } from "../../src/db/schema"
import { ownedBySegment, segmentWhere } from "../../src/db/segment-filters"
import { matchesSegment, owningSegment, type Filters, type MatchRow, type OwnerCandidate } from "../../src/domain/segment-rules"
import { addCustomer, addInvoice, db, makeOrg } from "../helpers"

const today = "2026-11-21"
let orgId = ""

async function rows() {
  return db()
    .select({
      id: invoices.id,
      status: invoices.status,
      dueDate: invoices.dueDate,
      balanceMinor: invoices.balanceMinor,
      currency: invoices.currency,
      industry: customers.industry,
      region: customers.region,
      score: customers.score,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(eq(invoices.orgId, orgId))
}

beforeAll(async () => {
  const org = await makeOrg()
  orgId = org.id
  const smb = await addCustomer(orgId, { industry: "Retail", region: "NA", score: 40 })
  const ent = await addCustomer(orgId, { industry: "Manufacturing", region: "EMEA", score: 85 })
  const unknown = await addCustomer(orgId, { industry: null, region: null, score: null })
  // Boundaries of every bucket: due today, 1, 30, 31, 60, 61, 90, 91 days ago, and not yet due.
  const ages = [-5, 0, 1, 30, 31, 60, 61, 90, 91, 200]
  let n = 0
  for (const customerId of [smb, ent, unknown])
    for (const age of ages) {
      n++
      await addInvoice(orgId, customerId, {
        dueDate: addDays(today, -age),
        balanceMinor: (n % 7) * 100_000,
        currency: n % 3 === 0 ? "EUR" : "USD",
        status: n % 11 === 0 ? "paid" : "open",
      })
    }
})

const cases: [string, Filters][] = [
  ["everything open", {}],
  ["1-30 only", { aging_buckets: ["1-30"] }],
  ["61-90 and 90+", { aging_buckets: ["61-90", "90+"] }],
  ["current", { aging_buckets: ["current"] }],
  ["SMB under $5k", { aging_buckets: ["1-30"], max_balance_minor: 500_000, industries: ["Retail"] }],
  ["balance range", { min_balance_minor: 200_000, max_balance_minor: 400_000 }],
  ["EUR only", { currencies: ["EUR"] }],
  ["EMEA enterprise scores", { regions: ["EMEA"], min_score: 80, max_score: 100 }],
  ["low scores", { max_score: 50 }],
  ["two industries", { industries: ["Retail", "Manufacturing"], aging_buckets: ["31-60", "90+"] }],
]

describe("segment filters", () => {
  it.each(cases)("SQL and the rule agree: %s", async (_name, filters) => {
    const all = await rows()
    const expected = all
      .filter((r) => matchesSegment(filters, r as MatchRow, today))
      .map((r) => r.id)
      .sort()
    const got = await db()
      .select({ id: invoices.id })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(and(eq(invoices.orgId, orgId), segmentWhere(filters, today)))
    expect(got.map((r) => r.id).sort()).toEqual(expected)
    if (_name !== "EUR only" && _name !== "everything open") expect(expected.length).toBeLessThan(all.length)
  })

  it("gives every invoice to the matching segment with the lowest priority, and never to two", async () => {
    const segs: OwnerCandidate[] = [
      { id: "seg_wide", priority: 50, createdAt: "2026-01-02", filters: {} },
      { id: "seg_smb", priority: 10, createdAt: "2026-01-03", filters: { aging_buckets: ["1-30", "31-60"], max_balance_minor: 500_000 } },
      { id: "seg_ent", priority: 20, createdAt: "2026-01-01", filters: { regions: ["EMEA"] } },
      { id: "seg_tie", priority: 20, createdAt: "2026-01-05", filters: { regions: ["EMEA"] } },
    ]
    const got = await db()
      .select({ id: invoices.id, owner: ownedBySegment(segs, today) })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(eq(invoices.orgId, orgId))
    const all = await rows()
    const byId = new Map(got.map((r) => [r.id, r.owner]))
    for (const r of all) expect(byId.get(r.id) ?? null).toBe(owningSegment(segs, r as MatchRow, today))
    const owners = new Set(got.map((r) => r.owner))
    expect(owners.has("seg_smb") && owners.has("seg_ent") && owners.has("seg_wide")).toBe(true)
    expect(owners.has("seg_tie")).toBe(false)
    expect(got.some((r) => r.owner === null)).toBe(true) // paid invoices belong to nobody
  })
})
