// Payer forms: CSRF, promise, payment plan, dispute with evidence, double submits, and the rate limit.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import {
  approvals,
  auditLog,
  devMail,
  disputeEvidence,
  disputes,
  idempotencyKeys,
  invoices,
  paymentPlanInstalments,
  paymentPlans,
  promises,
  tasks,
} from "../../src/db/schema"
import { addDays } from "../../src/domain/dates"
import { addCustomer, addInvoice, db, deliverQueued, makeOrg } from "../helpers"
import { makeLink, Payer } from "./portal-helpers"

const today = new Date().toISOString().slice(0, 10)

async function inside() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Globex Supplies" }, `ap.${Math.random().toString(36).slice(2, 8)}@globex.example`)
  const invoiceId = await addInvoice(org.id, customerId, { balanceMinor: 90_000, amountMinor: 90_000, dueDate: addDays(today, -10) })
  const payer = new Payer()
  await payer.open((await makeLink(org.id, customerId)).url)
  return { org, customerId, invoiceId, payer }
}

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields)
}

describe("portal forms", () => {
  it("refuses a form without the session's CSRF token, or with another session's, and writes nothing", async () => {
    const a = await inside()
    const b = await inside()
    const { csrf: otherCsrf } = await b.payer.formTokens(`/p/invoices/${b.invoiceId}`)
    for (const csrf of ["", otherCsrf]) {
      const res = await a.payer.post(
        `/p/invoices/${a.invoiceId}/promise`,
        form({ _csrf: csrf, _form: "formtoken123", promised_date: addDays(today, 5), amount: "900.00" }),
      )
      expect(res.status).toBe(403)
    }
    const res = await a.payer.post(
      `/p/invoices/${a.invoiceId}/promise`,
      form({ _form: "formtoken123", promised_date: addDays(today, 5), amount: "900.00" }),
      { "X-CSRF-Token": otherCsrf },
    )
    expect(res.status).toBe(403)
    expect(await db().select().from(promises).where(eq(promises.orgId, a.org.id))).toHaveLength(0)
  })

  it("records a promise once however often the form is sent, confirms it by email, and shows it", async () => {
    const { org, invoiceId, payer } = await inside()
    const { csrf, form: token } = await payer.formTokens(`/p/invoices/${invoiceId}`)
    const body = () => form({ _csrf: csrf, _form: token, promised_date: addDays(today, 7), amount: "400.00" })
    const first = await payer.post(`/p/invoices/${invoiceId}/promise`, body())
    expect(first.status).toBe(303)
    expect(first.headers.get("Location")).toBe(`/p/invoices/${invoiceId}?done=promise`)
    const again = await payer.post(`/p/invoices/${invoiceId}/promise`, body(), { "HX-Request": "true" })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain("is recorded")
    const rows = await db().select().from(promises).where(eq(promises.orgId, org.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ amountMinor: 40_000, promisedDate: addDays(today, 7), status: "open", source: "portal" })
    // The confirmation is an outbox row of the promise's batch, sent by the delivery consumer.
    await deliverQueued(org.id)
    const mail = await db().select().from(devMail).where(eq(devMail.orgId, org.id))
    expect(mail.filter((m) => m.subject.includes("payment promise"))).toHaveLength(1)
    const page = await (await payer.get(`/p/invoices/${invoiceId}?done=promise`)).text()
    expect(page).toContain(`Promised by ${addDays(today, 7)}`)
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "promise.created")))
    expect(audit[0]).toMatchObject({ actorType: "payer", subjectId: rows[0].id })
  })

  const refusedPromises: [string, Record<string, string>, string][] = [
    ["a date beyond the policy's 30 days", { promised_date: addDays(today, 31), amount: "100.00" }, "at most 30 days"],
    ["a date in the past", { promised_date: addDays(today, -1), amount: "100.00" }, "after today"],
    ["an amount above the balance", { promised_date: addDays(today, 3), amount: "900.01" }, "no more than the balance"],
    ["an amount that is not a number", { promised_date: addDays(today, 3), amount: "lots" }, "as a number"],
  ]
  it.each(refusedPromises)("refuses a promise with %s, naming the field", async (_n, fields, message) => {
    const { org, invoiceId, payer } = await inside()
    const { csrf, form: token } = await payer.formTokens(`/p/invoices/${invoiceId}`)
    const res = await payer.post(`/p/invoices/${invoiceId}/promise`, form({ _csrf: csrf, _form: token, ...fields }))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
    expect(await db().select().from(promises).where(eq(promises.orgId, org.id))).toHaveLength(0)
  })

  it("accepts a plan within the policy at once, with instalments that add up to the balance", async () => {
    const { org, invoiceId, payer } = await inside()
    const { csrf, form: token } = await payer.formTokens(`/p/invoices/${invoiceId}`)
    const res = await payer.post(
      `/p/invoices/${invoiceId}/plan`,
      form({ _csrf: csrf, _form: token, count: "4", frequency: "biweekly", first_date: addDays(today, 3) }),
    )
    expect(res.headers.get("Location")).toBe(`/p/invoices/${invoiceId}?done=plan`)
    const [plan] = await db().select().from(paymentPlans).where(eq(paymentPlans.orgId, org.id))
    expect(plan).toMatchObject({ status: "active", instalmentCount: 4, totalMinor: 90_000 })
    const inst = await db().select().from(paymentPlanInstalments).where(eq(paymentPlanInstalments.planId, plan.id))
    expect(inst.map((i) => i.dueDate).sort()).toEqual([0, 14, 28, 42].map((d) => addDays(today, 3 + d)))
    expect(inst.reduce((s, i) => s + i.amountMinor, 0)).toBe(90_000)
    expect(await db().select().from(approvals).where(eq(approvals.orgId, org.id))).toHaveLength(0)
  })

  it("sends a plan beyond the policy's instalment limit to approval", async () => {
    const { org, invoiceId, payer } = await inside()
    const { csrf, form: token } = await payer.formTokens(`/p/invoices/${invoiceId}`)
    const res = await payer.post(
      `/p/invoices/${invoiceId}/plan`,
      form({ _csrf: csrf, _form: token, count: "12", frequency: "monthly", first_date: addDays(today, 10) }),
    )
    expect(res.status).toBe(303)
    const [plan] = await db().select().from(paymentPlans).where(eq(paymentPlans.orgId, org.id))
    const [approval] = await db().select().from(approvals).where(eq(approvals.orgId, org.id))
    expect(approval).toMatchObject({ kind: "payment_plan", subjectType: "payment_plan", subjectId: plan.id, amountMinor: 90_000 })
    expect(plan.status).toBe(approval.status === "approved" ? "active" : "pending_approval")
  })

  it("files a dispute with evidence: stored in R2, invoice paused, Operator task and email, status shown to the payer", async () => {
    const { org, invoiceId, payer } = await inside()
    const { csrf, form: token } = await payer.formTokens(`/p/invoices/${invoiceId}`)
    const body = new FormData()
    body.set("_csrf", csrf)
    body.set("_form", token)
    body.set("reason", "quantity")
    body.set("message", "We received 8 units, not 10.")
    body.set("evidence", new File(["%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"], "delivery-note.pdf", { type: "application/pdf" }))
    const res = await payer.post(`/p/invoices/${invoiceId}/dispute`, body)
    expect(res.status).toBe(303)
    const [d] = await db().select().from(disputes).where(eq(disputes.orgId, org.id))
    expect(d).toMatchObject({ reason: "quantity", status: "open", source: "portal" })
    expect(Date.parse(d.slaDueAt) - Date.parse(d.createdAt)).toBe(5 * 86_400_000)
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv.disputed).toBe(true)
    const [file] = await db().select().from(disputeEvidence).where(eq(disputeEvidence.disputeId, d.id))
    expect(file).toMatchObject({ filename: "delivery-note.pdf", contentType: "application/pdf" })
    expect(await (await env.EVIDENCE.get(file.objectKey))!.text()).toContain("%PDF-1.7")
    expect(
      await db()
        .select()
        .from(tasks)
        .where(and(eq(tasks.orgId, org.id), eq(tasks.kind, "dispute"))),
    ).toHaveLength(1)
    const mail = await db().select().from(devMail).where(eq(devMail.orgId, org.id))
    expect(mail.some((m) => m.subject.startsWith("Dispute on") && m.to.startsWith("operator."))).toBe(true)
    const page = await (await payer.get(`/p/invoices/${invoiceId}`)).text()
    expect(page).toContain("Received")
    expect(page).toContain("delivery-note.pdf")
  })

  const badFiles: [string, () => File, number, string][] = [
    [
      "over 10 MB",
      () => new File([new Uint8Array(10 * 1024 * 1024 + 10).fill(0x25)], "big.pdf", { type: "application/pdf" }),
      413,
      "10 MB",
    ],
    [
      "of a type not accepted",
      () => new File(["MZ\x90\x00binary"], "invoice.exe", { type: "application/x-msdownload" }),
      422,
      "not accepted",
    ],
    [
      "renamed to .pdf without being one",
      () => new File(["MZ\x90\x00binary"], "invoice.pdf", { type: "application/pdf" }),
      422,
      "does not look like a PDF",
    ],
  ]
  it.each(badFiles)("refuses evidence %s with a clear message and stores nothing", async (_n, make, status, message) => {
    const { org, invoiceId, payer } = await inside()
    const { csrf, form: token } = await payer.formTokens(`/p/invoices/${invoiceId}`)
    const body = new FormData()
    body.set("_csrf", csrf)
    body.set("_form", token)
    body.set("reason", "pricing")
    body.set("evidence", make())
    const res = await payer.post(`/p/invoices/${invoiceId}/dispute`, body)
    expect(res.status).toBe(status)
    expect(await res.text()).toContain(message)
    expect(await db().select().from(disputes).where(eq(disputes.orgId, org.id))).toHaveLength(0)
    expect(await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.orgId, org.id))).toHaveLength(0)
    expect((await env.EVIDENCE.list({ prefix: `${org.id}/` })).objects).toHaveLength(0)
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv.disputed).toBe(false)
  })

  it("rate limits the portal by client (PORTAL_LIMITER: 60 a minute) with a 429 page", async () => {
    const payer = new Payer()
    // The limiter counts in one-minute windows; on a loaded machine the requests can straddle a window edge, which
    // only lets more through before the refusal. So: at least 60 answered, then a 429, within two windows' worth.
    const statuses: number[] = []
    while (statuses.length < 200 && statuses.at(-1) !== 429) statuses.push((await payer.get("/p/eyJhbGciOiJIUzI1NiJ9.e30.bad")).status)
    const refusedAt = statuses.indexOf(429)
    expect(refusedAt).toBeGreaterThanOrEqual(60)
    expect(statuses.slice(0, refusedAt).every((s) => s === 401)).toBe(true)
    const other = new Payer()
    expect((await other.get("/p/eyJhbGciOiJIUzI1NiJ9.e30.bad")).status).toBe(401)
  })
})
