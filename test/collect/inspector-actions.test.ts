// The inspector's in-place actions on /work/queue: each goes through its service, writes what a person would
// expect (plan, dispute, link, owner, nudge draft, promise channel), is audited, answers in place for htmx (the
// inspector plus Today's Focus out of band), redirects without JavaScript, and refuses the wrong role, a missing
// CSRF token and another organisation's invoice.
import { and, eq } from "drizzle-orm"
import { beforeAll, describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { approvals, auditLog, customers, disputes, invoices, outreach, paymentPlans, promises } from "../../src/db/schema"
import { addDays } from "../../src/domain/dates"
import type { Role } from "../../src/domain/roles"
import { addCustomer, addInvoice, api, browse, db, makeOrg, type TestOrg } from "../helpers"

const today = new Date().toISOString().slice(0, 10)
let org: TestOrg
let other: TestOrg
let customerId: string
const ids: Record<string, string> = {}

beforeAll(async () => {
  org = await makeOrg()
  other = await makeOrg()
  customerId = await addCustomer(org.id, { name: "Northwind Traders", timeZone: "America/New_York" })
  for (const key of ["plan", "bigplan", "dispute", "link", "draft", "owner", "nudge", "promise", "nojs"])
    ids[key] = await addInvoice(org.id, customerId, {
      dueDate: addDays(today, -20),
      issueDate: addDays(today, -50),
      balanceMinor: 360_000,
      amountMinor: 360_000,
    })
  const now = new Date().toISOString()
  ids.outreach = newId("out")
  await db()
    .insert(outreach)
    .values({
      id: ids.outreach,
      orgId: org.id,
      invoiceId: ids.draft!,
      customerId,
      dedupeKey: `t:${ids.draft}`,
      status: "draft",
      subject: "Reminder: invoice overdue",
      bodyText: "Please pay",
      createdAt: now,
      updatedAt: now,
    })
})

/** Posts an inspector action as htmx does (in place) or as a plain form (`htmx: false`). */
function act(role: Role, invoiceId: string, action: string, form: Record<string, string>, opts: { htmx?: boolean; as?: TestOrg } = {}) {
  const headers: Record<string, string> =
    opts.htmx === false ? {} : { "HX-Request": "true", "HX-Current-URL": "http://localhost:8787/work/queue" }
  return browse(opts.as ?? org, role, `/work/queue/invoices/${invoiceId}/${action}`, { form, headers })
}

const audits = (action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, action)))

describe("the inspector's actions", () => {
  it("sets up a plan within the policy at once, and answers with the inspector and the Focus cards", async () => {
    const res = await act("operator", ids.plan!, "plan", { count: "3", frequency: "monthly", first_date: addDays(today, 7) })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain("Payment plan set up: 3 instalments")
    expect(html).toContain('id="inspector-card"')
    expect(html).toMatch(/id="focus-cards"[^>]*hx-swap-oob="true"/)
    const [plan] = await db().select().from(paymentPlans).where(eq(paymentPlans.invoiceId, ids.plan!))
    expect(plan).toMatchObject({ status: "active", instalmentCount: 3, frequency: "monthly", totalMinor: 360_000, source: "operator" })
    expect((await audits("payment_plan.accepted")).map((a) => a.subjectId)).toContain(plan!.id)
  })

  it("sends a plan beyond the policy to approval, and a Customer Success manager may propose one", async () => {
    const res = await act("csm", ids.bigplan!, "plan", { count: "12", frequency: "monthly", first_date: addDays(today, 5) })
    expect(await res.text()).toContain("limit, so it waits for approval")
    const [plan] = await db().select().from(paymentPlans).where(eq(paymentPlans.invoiceId, ids.bigplan!))
    expect(plan!.status).toBe("pending_approval")
    const [approval] = await db().select().from(approvals).where(eq(approvals.subjectId, plan!.id))
    expect(approval).toMatchObject({ kind: "payment_plan", status: "pending" })
  })

  it("refuses plan terms it cannot keep with the rule's own words, writing nothing", async () => {
    const res = await act("operator", ids.link!, "plan", { count: "40", frequency: "weekly", first_date: addDays(today, 3) })
    expect(await res.text()).toContain("Choose from 2 to 24 instalments.")
    expect(await db().select().from(paymentPlans).where(eq(paymentPlans.invoiceId, ids.link!))).toHaveLength(0)
  })

  it("opens a dispute for the payer: reminders pause and the Disputes queue gets it", async () => {
    const res = await act("operator", ids.dispute!, "dispute", { reason: "quantity", message: "Billed 40 units, received 32" })
    expect(await res.text()).toContain("Dispute opened")
    const [d] = await db().select().from(disputes).where(eq(disputes.invoiceId, ids.dispute!))
    expect(d).toMatchObject({ reason: "quantity", status: "open", source: "operator", message: "Billed 40 units, received 32" })
    const [inv] = await db().select({ disputed: invoices.disputed }).from(invoices).where(eq(invoices.id, ids.dispute!))
    expect(inv!.disputed).toBe(true)
    expect((await audits("dispute.filed")).map((a) => a.subjectId)).toContain(d!.id)
    // The form is gone from a disputed invoice's inspector.
    expect(await (await browse(org, "operator", `/work/queue/inspector/${ids.dispute}`)).text()).not.toContain('data-action="dispute"')
  })

  it("creates a payer link to copy, audited", async () => {
    const html = await (await act("operator", ids.link!, "payer-link", { do: "copy" })).text()
    expect(html).toMatch(/data-copy="http[^"]+\/p\/[^"]+"/)
    expect((await audits("portal_link.created")).length).toBeGreaterThan(0)
  })

  it("rejects the invoice's draft with the reason given, and refuses a draft of another invoice", async () => {
    const wrong = await act("operator", ids.plan!, "draft", { outreach_id: ids.outreach!, decision: "reject", reason: "x" })
    expect(await wrong.text()).toContain("no longer waiting for review")
    const res = await act("operator", ids.draft!, "draft", {
      outreach_id: ids.outreach!,
      decision: "reject",
      reason: "Customer paid by wire",
    })
    expect(await res.text()).toContain("Draft rejected.")
    const [o] = await db().select().from(outreach).where(eq(outreach.id, ids.outreach!))
    expect(o).toMatchObject({ status: "rejected", rejectedReason: "Customer paid by wire" })
    expect((await audits("outreach.rejected")).map((a) => a.subjectId)).toContain(ids.outreach)
  })

  it("gives the account an owner, which puts it in their My accounts; a Sales user cannot own accounts", async () => {
    const res = await act("operator", ids.owner!, "owner", { owner_id: org.userIds.operator })
    expect(await res.text()).toContain("Owner saved")
    const [c] = await db().select({ ownerId: customers.ownerId }).from(customers).where(eq(customers.id, customerId))
    expect(c!.ownerId).toBe(org.userIds.operator)
    const [entry] = await audits("customer.owner_changed")
    expect(entry).toMatchObject({ subjectId: customerId, before: { owner_id: null }, after: { owner_id: org.userIds.operator } })
    expect(await (await browse(org, "operator", "/work/queue?owner=me")).text()).toContain(`data-invoice="${ids.owner}"`)
    expect(await (await browse(org, "ar_manager", "/work/queue?owner=me")).text()).not.toContain(`data-invoice="${ids.owner}"`)
    const byId = (await (await api(org, "cfo", `/api/v1/worklist?owner=${org.userIds.operator}&limit=200`)).json()) as {
      data: { invoice_id: string }[]
    }
    expect(byId.data.map((r) => r.invoice_id)).toContain(ids.owner)
    const refused = await act("operator", ids.owner!, "owner", { owner_id: org.userIds.sales })
    expect(await refused.text()).toContain("An owner must be a member who works collections")
    const [still] = await db().select({ ownerId: customers.ownerId }).from(customers).where(eq(customers.id, customerId))
    expect(still!.ownerId).toBe(org.userIds.operator)
  })

  it("lands a Sales nudge as a draft for an Operator, never a send, once a day", async () => {
    const res = await act("sales", ids.nudge!, "nudge", { note: "They said the PO is approved" })
    expect(await res.text()).toContain("waits as a draft for an Operator")
    const rows = await db().select().from(outreach).where(eq(outreach.invoiceId, ids.nudge!))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: "nudge", status: "draft", toEmail: "ap@customer.example" })
    expect(rows[0]!.reason).toContain("They said the PO is approved")
    expect((await audits("outreach.nudge_requested")).map((a) => a.subjectId)).toContain(rows[0]!.id)
    expect(await (await act("sales", ids.nudge!, "nudge", { note: "" })).text()).toContain("already requested today")
    // Sales sees the nudge and the note, not the Operator's actions.
    const inspector = await (await browse(org, "sales", `/work/queue/inspector/${ids.nudge}`)).text()
    expect(inspector).toContain('data-action="nudge"')
    for (const hidden of ["plan", "dispute", "payer-link", "owner", "draft"]) expect(inspector).not.toContain(`data-action="${hidden}"`)
  })

  it("records how a promise was made", async () => {
    const res = await act("operator", ids.promise!, "promise", { promised_date: addDays(today, 5), amount: "3600.00", channel: "phone" })
    expect(await res.text()).toContain(`Promise logged for ${addDays(today, 5)}`)
    const [p] = await db().select().from(promises).where(eq(promises.invoiceId, ids.promise!))
    expect(p).toMatchObject({ channel: "phone", amountMinor: 360_000, source: "operator", status: "open" })
    const bad = await act("operator", ids.promise!, "promise", { promised_date: addDays(today, 5), amount: "10", channel: "fax" })
    expect(await bad.text()).toContain("Say how the promise was made")
  })

  it("redirects back to the same view with a notice without JavaScript", async () => {
    const res = await act("operator", ids.nojs!, "note", { body: "Spoke with AP" }, { htmx: false })
    expect(res.status).toBe(303)
    const to = new URL(res.headers.get("Location")!, "http://x")
    expect(to.pathname).toBe("/work/queue")
    expect(Object.fromEntries(to.searchParams)).toMatchObject({ invoice: ids.nojs, done: "noted" })
    const page = await (await browse(org, "operator", `${to.pathname}${to.search}`)).text()
    expect(page).toContain("Note saved.")
  })

  it("refuses the wrong role, a missing CSRF token and another organisation", async () => {
    for (const [role, action] of [
      ["sales", "plan"],
      ["sales", "payer-link"],
      ["sales", "owner"],
      ["cfo", "dispute"],
      ["cfo", "nudge"],
      ["csm", "draft"],
    ] as const)
      expect(
        (await act(role, ids.link!, action, { count: "3", frequency: "monthly", first_date: addDays(today, 7) })).status,
        `${role} ${action}`,
      ).toBe(403)
    const noCsrf = await browse(org, "operator", `/work/queue/invoices/${ids.link}/plan`, {
      form: { count: "3", frequency: "monthly", first_date: addDays(today, 7) },
      csrf: false,
    })
    expect(noCsrf.status).toBe(403)
    for (const action of ["plan", "dispute", "payer-link", "owner", "promise", "note"])
      expect((await act("operator", ids.link!, action, { do: "copy" }, { as: other })).status, action).toBe(404)
    expect((await act("sales", ids.link!, "nudge", {}, { as: other })).status).toBe(404)
    expect(await db().select().from(paymentPlans).where(eq(paymentPlans.invoiceId, ids.link!))).toHaveLength(0)
  })
})
