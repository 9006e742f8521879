// Paying through Stripe Checkout (faked Stripe API, signed webhook) and deciding promises kept or broken.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { afterEach, describe, expect, it, vi } from "vitest"
import { devMail, invoices, outreach, payments, promises } from "../../src/db/schema"
import { reminderAnchorDate, planInstalments } from "../../src/domain/portal-rules"
import { addDays } from "../../src/domain/dates"
import { reconcilePromises } from "../../src/services/promises"
import { addCustomer, addInvoice, db, deliverQueued, makeOrg } from "../helpers"
import { connectStripe, deliver, stripeEvent } from "../stripe/stripe-helpers"
import { makeLink, Payer } from "./portal-helpers"

const today = new Date().toISOString().slice(0, 10)

/** A stand-in for api.stripe.com: records each Checkout request and answers like Stripe. */
function fakeStripe() {
  const calls: { url: string; headers: Headers; body: URLSearchParams }[] = []
  const real = globalThis.fetch
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    if (!url.includes("api.stripe.com")) return real(input, init)
    const body = new URLSearchParams(String(init?.body ?? ""))
    calls.push({ url, headers: new Headers(init?.headers), body })
    return new Response(
      JSON.stringify({
        id: "cs_test_portal_1",
        object: "checkout.session",
        url: "https://checkout.stripe.com/c/pay/cs_test_portal_1",
        metadata: {},
      }),
      { status: 200, headers: { "Content-Type": "application/json", "Request-Id": "req_fake" } },
    )
  })
  return calls
}

afterEach(() => vi.restoreAllMocks())

describe("paying from the portal", () => {
  it("creates a Checkout Session on the connected account for the chosen invoices, and marks nothing paid", async () => {
    const org = await makeOrg()
    const account = await connectStripe(org.id)
    const customerId = await addCustomer(org.id)
    const a = await addInvoice(org.id, customerId, { balanceMinor: 30_000, amountMinor: 30_000 })
    const b = await addInvoice(org.id, customerId, { balanceMinor: 45_000, amountMinor: 50_000 })
    const payer = new Payer()
    await payer.open((await makeLink(org.id, customerId)).url)
    const { csrf, form } = await payer.formTokens("/p/home")
    const calls = fakeStripe()
    const res = await payer.post(
      "/p/pay",
      new URLSearchParams([
        ["_csrf", csrf],
        ["_form", form],
        ["invoice_ids", a],
        ["invoice_ids", b],
      ]),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get("Location")).toBe("https://checkout.stripe.com/c/pay/cs_test_portal_1")
    expect(calls).toHaveLength(1)
    const call = calls[0]
    expect(call.url).toContain("/v1/checkout/sessions")
    expect(call.headers.get("Stripe-Account")).toBe(account)
    expect(call.headers.get("Idempotency-Key")).toContain(form)
    expect(call.body.get("mode")).toBe("payment")
    expect(call.body.get("metadata[plixo_org_id]")).toBe(org.id)
    expect(call.body.get("metadata[plixo_invoice_ids]")).toBe([a, b].join(","))
    expect(call.body.get("line_items[1][price_data][unit_amount]")).toBe("45000")
    expect(call.body.get("success_url")).toBe("http://localhost:8787/p/pay/success?session_id={CHECKOUT_SESSION_ID}")
    const open = await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.status, "open")))
    expect(open).toHaveLength(2)
    const success = await payer.get("/p/pay/success?session_id=cs_test_portal_1")
    expect(await success.text()).toContain("your payment is processing")
  })

  it("refuses to pay another customer's invoice", async () => {
    const org = await makeOrg()
    await connectStripe(org.id)
    const customerId = await addCustomer(org.id)
    await addInvoice(org.id, customerId)
    const stranger = await addInvoice(org.id, await addCustomer(org.id))
    const payer = new Payer()
    await payer.open((await makeLink(org.id, customerId)).url)
    const { csrf, form } = await payer.formTokens("/p/home")
    const calls = fakeStripe()
    const res = await payer.post("/p/pay", new URLSearchParams({ _csrf: csrf, _form: form, invoice_ids: stranger }))
    expect(res.status).toBe(422)
    expect(calls).toHaveLength(0)
  })

  it("applies the payment once when the signed checkout.session.completed webhook arrives (twice)", async () => {
    const org = await makeOrg()
    const account = await connectStripe(org.id)
    const customerId = await addCustomer(org.id)
    const a = await addInvoice(org.id, customerId, { balanceMinor: 30_000, amountMinor: 30_000 })
    const b = await addInvoice(org.id, customerId, { balanceMinor: 45_000, amountMinor: 45_000 })
    const event = stripeEvent(
      "checkout.session.completed",
      account,
      {
        amount_total: 75_000,
        metadata: { plixo_org_id: org.id, plixo_invoice_ids: `${a},${b}` },
        payment_intent: `pi_portal_${org.id.slice(-8)}`,
      },
      { id: `evt_portal_${org.id.slice(-8)}` },
    )
    expect((await deliver(event)).status).toBe(200)
    expect((await deliver(event)).status).toBe(200)
    const rows = await db().select().from(invoices).where(eq(invoices.orgId, org.id))
    expect(rows.every((r) => r.status === "paid" && r.balanceMinor === 0)).toBe(true)
    expect(await db().select().from(payments).where(eq(payments.orgId, org.id))).toHaveLength(1)
  })
})

describe("promises kept and broken", () => {
  async function promiseOn(balance: number, promisedDate: string, amountMinor: number, createdAt: string) {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id, {}, `ap.${org.id.slice(-6)}@payer.example`)
    const invoiceId = await addInvoice(org.id, customerId, { balanceMinor: balance, amountMinor: balance })
    const id = `prm_${org.id.slice(-10)}`
    await db().insert(promises).values({
      id,
      orgId: org.id,
      invoiceId,
      customerId,
      amountMinor,
      currency: "USD",
      promisedDate,
      status: "open",
      source: "portal",
      createdAt,
    })
    return { org, customerId, invoiceId, id }
  }

  async function pay(orgId: string, customerId: string, invoiceId: string, amountMinor: number, receivedAt: string) {
    const pid = `pay_${Math.random().toString(36).slice(2, 12)}`
    await env.DB.batch([
      env.DB.prepare(
        "insert into payments (id, org_id, customer_id, invoice_id, amount_minor, currency, received_at, source, created_at) values (?, ?, ?, ?, ?, 'USD', ?, 'manual', ?)",
      ).bind(pid, orgId, customerId, invoiceId, amountMinor, receivedAt, receivedAt),
      env.DB.prepare(
        "insert into payment_applications (id, org_id, payment_id, invoice_id, amount_minor, created_at) values (?, ?, ?, ?, ?, ?)",
      ).bind(`pa_${pid}`, orgId, pid, invoiceId, amountMinor, receivedAt),
    ])
  }

  const now = new Date(`${today}T12:00:00Z`)
  const cases: [string, { paid: number; paidBefore?: boolean; date: string }, string][] = [
    ["kept when payments since the promise cover it, even before the date", { paid: 50_000, date: addDays(today, 3) }, "kept"],
    ["still open while the date has not passed and it is not covered", { paid: 10_000, date: today }, "open"],
    ["broken the day after its date when not covered", { paid: 10_000, date: addDays(today, -1) }, "broken"],
    [
      "broken when the only payment came before the promise was made",
      { paid: 50_000, paidBefore: true, date: addDays(today, -1) },
      "broken",
    ],
  ]
  it.each(cases)("a promise is %s", async (_n, c, expected) => {
    const created = `${addDays(today, -5)}T09:00:00.000Z`
    const p = await promiseOn(100_000, c.date, 50_000, created)
    await pay(
      p.org.id,
      p.customerId,
      p.invoiceId,
      c.paid,
      c.paidBefore ? `${addDays(today, -6)}T09:00:00.000Z` : `${addDays(today, -1)}T10:00:00.000Z`,
    )
    await reconcilePromises(db(), env, p.org.id, now)
    const [row] = await db().select().from(promises).where(eq(promises.id, p.id))
    expect(row.status).toBe(expected)
  })

  it("sends the reminder the day before, once, with a pay link", async () => {
    const p = await promiseOn(100_000, addDays(today, 1), 40_000, `${addDays(today, -3)}T09:00:00.000Z`)
    // Real time: the reminder is an outbox row due at `now`, and the consumer sends nothing before its time.
    const at = new Date()
    expect((await reconcilePromises(db(), env, p.org.id, at)).reminded).toBe(1)
    expect((await reconcilePromises(db(), env, p.org.id, at)).reminded).toBe(0)
    await deliverQueued(p.org.id)
    const mail = (await db().select().from(devMail).where(eq(devMail.orgId, p.org.id))).filter((m) => m.subject.startsWith("Reminder:"))
    expect(mail).toHaveLength(1)
    expect(mail[0].text).toContain("http://localhost:8787/p/")
    expect(
      await db()
        .select()
        .from(outreach)
        .where(and(eq(outreach.orgId, p.org.id), eq(outreach.kind, "promise_reminder"))),
    ).toHaveLength(1)
  })
})

describe("payment plan dates drive the next reminder", () => {
  it("counts from the first unpaid instalment, then falls back to the invoice's due date", () => {
    const plan = planInstalments(100_001, 3, "monthly", "2026-01-31").map((i) => ({ ...i, paidMinor: 0 }))
    expect(plan.map((i) => [i.dueDate, i.amountMinor])).toEqual([
      ["2026-01-31", 33_334],
      ["2026-02-28", 33_334],
      ["2026-03-31", 33_333],
    ])
    expect(reminderAnchorDate("2025-12-15", plan)).toBe("2026-01-31")
    plan[0].paidMinor = plan[0].amountMinor
    expect(reminderAnchorDate("2025-12-15", plan)).toBe("2026-02-28")
    expect(
      reminderAnchorDate(
        "2025-12-15",
        plan.map((i) => ({ ...i, paidMinor: i.amountMinor })),
      ),
    ).toBe("2025-12-15")
  })
})
