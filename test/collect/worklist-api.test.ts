// Today's Focus and the ranked worklist: each card's count is exactly the rows its filter shows, the worklist
// ranks with reasons in words, pages of 50 with a bounded number of D1 queries, and the inspector explains.
import { env } from "cloudflare:workers"
import { beforeAll, describe, expect, it } from "vitest"
import { createDb } from "../../src/db/client"
import { newId } from "../../src/db/ids"
import { eq } from "drizzle-orm"
import { blockerSentence } from "../../src/domain/send-rule"
import { disputes, emailEvents, invoices, outreach, promises, tasks } from "../../src/db/schema"
import { focusKeys } from "../../src/db/worklist"
import { addDays } from "../../src/domain/dates"
import { worklistPage } from "../../src/services/worklist"
import { addCustomer, addInvoice, api, db, makeOrg, type TestOrg } from "../helpers"

const today = new Date().toISOString().slice(0, 10)
const now = new Date().toISOString()
let org: TestOrg
let other: TestOrg
const ids: Record<string, string> = {}

type Card = { key: string; label: string; count: number; amount_minor?: number; currency?: string; href: string }
type Row = { invoice_id: string; priority_score: number; reasons: string[]; predicted_payment_date: string; recommended_action: string }

beforeAll(async () => {
  org = await makeOrg()
  other = await makeOrg()
  const c = await addCustomer(org.id, { name: "Harbor Foods Inc.", timeZone: "America/New_York" })
  const inv = (key: string, dueAgo: number, balance = 125_000) =>
    addInvoice(org.id, c, {
      dueDate: addDays(today, -dueAgo),
      issueDate: addDays(today, -dueAgo - 30),
      balanceMinor: balance,
      amountMinor: balance,
    }).then((id) => (ids[key] = id))
  for (const [k, ago, bal] of [
    ["due", 10, 200_000],
    ["broken", 25, 150_000],
    ["draft", 15, 90_000],
    ["reply", 20, 480_000_0],
    ["esc", 45, 300_000],
    ["big", 70, 2_400_000],
    ["small", 70, 40_000],
    ["dispute", 30, 120_000],
    ["quiet", -5, 50_000],
  ] as const)
    await inv(k, ago, bal)
  for (let i = 0; i < 60; i++) await inv(`filler${i}`, i, 10_000 + i * 1000)
  const d = db()
  await d.insert(promises).values([
    {
      id: newId("prm"),
      orgId: org.id,
      invoiceId: ids.due!,
      customerId: c,
      amountMinor: 200_000,
      currency: "USD",
      promisedDate: today,
      status: "open",
      source: "operator",
      createdAt: now,
    },
    {
      id: newId("prm"),
      orgId: org.id,
      invoiceId: ids.broken!,
      customerId: c,
      amountMinor: 150_000,
      currency: "USD",
      promisedDate: addDays(today, -6),
      status: "broken",
      source: "portal",
      createdAt: `${addDays(today, -12)}T10:00:00.000Z`,
    },
  ])
  await d.insert(outreach).values({
    id: newId("out"),
    orgId: org.id,
    invoiceId: ids.draft!,
    customerId: c,
    dedupeKey: `t:${ids.draft}`,
    status: "draft",
    subject: "Reminder",
    bodyText: "Please pay",
    createdAt: now,
    updatedAt: now,
  })
  await d.insert(emailEvents).values({
    id: newId("eev"),
    orgId: org.id,
    invoiceId: ids.reply!,
    type: "reply",
    email: "ap@customer.example",
    detail: "Re: Invoice\n\nWe will pay on the 15th.",
    createdAt: now,
  })
  await d.insert(tasks).values({
    id: newId("tsk"),
    orgId: org.id,
    invoiceId: ids.esc!,
    customerId: c,
    kind: "escalation",
    title: "No response: call",
    dueAt: addDays(today, -1) + "T00:00:00.000Z",
    createdAt: now,
  })
  await d.update(invoices).set({ disputed: true }).where(eq(invoices.id, ids.dispute!))
  await d.insert(disputes).values({
    id: newId("dsp"),
    orgId: org.id,
    invoiceId: ids.dispute!,
    customerId: c,
    reason: "pricing",
    status: "open",
    source: "operator",
    slaDueAt: new Date(Date.now() + 3_600_000).toISOString(),
    createdAt: now,
    updatedAt: now,
  })
})

async function all(role: "operator" | "sales", query: string): Promise<Row[]> {
  const out: Row[] = []
  let cursor: string | null = null
  do {
    const res: Response = await api(org, role, `/api/v1/worklist?${query}&limit=50${cursor ? `&cursor=${cursor}` : ""}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { data: Row[]; next_cursor: string | null }
    out.push(...body.data)
    cursor = body.next_cursor
  } while (cursor)
  return out
}

describe("Today's Focus and the worklist", () => {
  it("gives every card, and each card's count is the rows its worklist filter shows", async () => {
    const res = await api(org, "operator", "/api/v1/focus")
    const body = (await res.json()) as { as_of: string; cards: Card[] }
    expect(body.cards.map((c) => c.key)).toEqual([...focusKeys])
    const expected: Record<string, string[]> = {
      promises_due_today: [ids.due!],
      promises_broken: [ids.broken!],
      drafts_to_review: [ids.draft!],
      replies_waiting: [ids.reply!],
      escalations_due: [ids.esc!],
      high_balance_61_90: [ids.big!],
      disputes_sla_risk: [ids.dispute!],
    }
    for (const card of body.cards) {
      const rows = await all("operator", new URL(card.href, "http://x").search.slice(1))
      expect(rows.length, card.key).toBe(card.count)
      expect(
        rows.map((r) => r.invoice_id),
        card.key,
      ).toEqual(expected[card.key])
    }
    expect(body.cards.find((c) => c.key === "high_balance_61_90")).toMatchObject({ amount_minor: 2_400_000, currency: "USD" })
  })

  it("ranks with reasons in words and recommends an action", async () => {
    const rows = await all("sales", "")
    expect(rows).toHaveLength(69)
    const scores = rows.map((r) => r.priority_score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    const reply = rows.find((r) => r.invoice_id === ids.reply)!
    expect(reply.reasons).toEqual(expect.arrayContaining(["$48,000.00", "20 days late", "reply waiting that names a date"]))
    expect(reply.recommended_action).toBe("log_promise")
    expect(rows.find((r) => r.invoice_id === ids.broken)!.reasons).toContain("broken promise last week")
    expect(rows.find((r) => r.invoice_id === ids.due)!.recommended_action).toBe("wait_for_promise")
    expect(rows.find((r) => r.invoice_id === ids.dispute)!.recommended_action).toBe("work_dispute")
    expect(rows.findIndex((r) => r.invoice_id === ids.reply)).toBeLessThan(rows.findIndex((r) => r.invoice_id === ids.small))
    for (const r of rows) expect(r.predicted_payment_date >= today).toBe(true)
  })

  it("filters by bucket and refuses a bad parameter by name", async () => {
    const rows = await all("operator", "bucket=61-90")
    expect(rows.map((r) => r.invoice_id).sort()).toEqual([ids.big!, ids.small!].sort())
    const bad = await api(org, "operator", "/api/v1/worklist?bucket=2-3")
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("bucket")
    expect((await api(org, "operator", "/api/v1/worklist?cursor=zzz")).status).toBe(400)
  })

  it("reads a page of 50 in a bounded number of D1 queries", async () => {
    let queries = 0
    const counting = new Proxy(env.DB, {
      get(target, prop) {
        const v = Reflect.get(target, prop)
        if (prop === "prepare") return (...a: unknown[]) => (queries++, (v as (...x: unknown[]) => unknown).apply(target, a))
        return typeof v === "function" ? v.bind(target) : v
      },
    })
    const page = await worklistPage(createDb(counting as D1Database), org.id, new Date(), {}, { limit: 50, cursor: null })
    expect(page.data).toHaveLength(50)
    expect(page.nextCursor).not.toBeNull()
    expect(queries).toBeLessThanOrEqual(3)
  })

  it("explains one invoice in the inspector, and hides another organisation's", async () => {
    const res = await api(org, "operator", `/api/v1/invoices/${ids.reply}/inspector`)
    const x = (await res.json()) as {
      invoice: { id: string }
      timeline: { kind: string; suggested_promise_date?: string | null }[]
      send_rule: { may_send_now: boolean; blockers: { code: string; message: string }[]; next_send_at: string | null }
      recommendation: { action: string; reasons: string[] }
      predicted_payment_date: string
      risk_score: number | null
    }
    expect(x.invoice.id).toBe(ids.reply)
    const reply = x.timeline.find((t) => t.kind === "reply")!
    expect(reply.suggested_promise_date).toMatch(/^\d{4}-\d{2}-15$/)
    expect(x.recommendation.action).toBe("log_promise")
    const disputed = (await (await api(org, "operator", `/api/v1/invoices/${ids.dispute}/inspector`)).json()) as typeof x
    expect(disputed.send_rule.may_send_now).toBe(false)
    expect(disputed.send_rule.blockers.map((b) => b.code)).toContain("disputed")
    expect(disputed.send_rule.next_send_at).toBeNull()
    // The answer is the one send rule's, word for word: the rule's codes and sentences, and the day it may go.
    expect(disputed.send_rule.blockers.find((b) => b.code === "disputed")!.message).toBe(blockerSentence("disputed"))
    const promised = (await (await api(org, "operator", `/api/v1/invoices/${ids.due}/inspector`)).json()) as typeof x
    const held = promised.send_rule.blockers.find((b) => b.code === "promise_active")!
    const resume = held.message.match(/reminders resume on (\d{4}-\d{2}-\d{2})/)?.[1]
    expect(held.message).toContain(`promised to pay by ${today}`)
    expect(resume! > today).toBe(true)
    expect(promised.send_rule.may_send_now).toBe(false)
    expect(promised.send_rule.next_send_at!.slice(0, 10) >= resume!).toBe(true)
    expect(promised.send_rule.blockers.map((b) => b.code)).not.toContain("sent_recently")
    expect((await api(other, "operator", `/api/v1/invoices/${ids.reply}/inspector`)).status).toBe(404)
  })
})
