// Approval requests for discounts, credits and write-offs, and dual sign-off above the high threshold.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { approvals, auditLog, devMail, disputes, invoices, paymentPlans } from "../../src/db/schema"
import type { Role } from "../../src/domain/roles"
import { approvalRequest, decideApproval } from "../../src/services/approvals"
import type { Actor } from "../../src/services/audit"
import { policyForInvoice } from "../../src/services/policy-lookup"
import { addCustomer, addInvoice, db, makeOrg, type TestOrg } from "../helpers"
import { addPolicy } from "./fixtures"

const actorOf = (org: TestOrg, role: Role): Actor => ({ type: "user", id: org.userIds[role], label: `${role} user`, role })

async function setup(policy: Parameters<typeof addPolicy>[1] = { approvalThresholdMinor: 10_000, highApprovalThresholdMinor: 100_000 }) {
  const org = await makeOrg()
  await addPolicy(org.id, policy)
  const customerId = await addCustomer(org.id)
  const invoiceId = await addInvoice(org.id, customerId, { amountMinor: 500_000, balanceMinor: 500_000 })
  return { org, customerId, invoiceId }
}

async function requestCredit(s: Awaited<ReturnType<typeof setup>>, amountMinor: number, requester: Role = "operator") {
  const d = db()
  const disputeId = newId("dsp")
  const now = new Date().toISOString()
  const created = await approvalRequest(d, s.org.id, actorOf(s.org, requester), {
    kind: "credit",
    subjectType: "dispute",
    subjectId: disputeId,
    invoiceId: s.invoiceId,
    customerId: s.customerId,
    amountMinor,
    currency: "USD",
    reason: "Damaged goods",
  })
  await d.batch([
    d.insert(disputes).values({
      id: disputeId,
      orgId: s.org.id,
      invoiceId: s.invoiceId,
      customerId: s.customerId,
      reason: "quality",
      status: "pending_credit",
      source: "operator",
      slaDueAt: now,
      createdAt: now,
      updatedAt: now,
    }),
    ...created.statements,
  ] as never)
  return { ...created, disputeId }
}

describe("approval requests", () => {
  it("takes its requirement from the invoice's policy thresholds", async () => {
    const s = await setup({
      approvalThresholdMinor: 10_000,
      highApprovalThresholdMinor: 100_000,
      approverRoles: ["controller", "ar_manager", "cfo"],
    })
    const d = db()
    const cases: [number, string, number, string[]][] = [
      [5_000, "approved", 0, []],
      [50_000, "pending", 1, ["controller", "ar_manager", "cfo"]],
      [100_000, "pending", 2, ["controller", "cfo"]],
    ]
    for (const [amount, status, required, roles] of cases) {
      const r = await approvalRequest(d, s.org.id, actorOf(s.org, "operator"), {
        kind: "discount",
        subjectType: "invoice",
        subjectId: s.invoiceId,
        invoiceId: s.invoiceId,
        customerId: s.customerId,
        amountMinor: amount,
        currency: "USD",
        reason: null,
      })
      expect([r.status, r.approvalsRequired, r.requiredRoles]).toEqual([status, required, roles])
    }
  })

  it("uses the defaults when no segment owns the invoice", async () => {
    const org = await makeOrg()
    const inv = await addInvoice(org.id, await addCustomer(org.id))
    const p = await policyForInvoice(db(), org.id, inv)
    expect([p?.id, p?.promiseMaxDays, p?.planMaxInstalments, p?.approvalThresholdMinor]).toEqual([null, 30, 6, null])
    expect(await policyForInvoice(db(), (await makeOrg()).id, inv)).toBeNull()
  })

  it("refuses a credit above the policy's credit cap", async () => {
    const s = await setup({ creditCapMinor: 20_000 })
    await expect(requestCredit(s, 20_001)).rejects.toThrow(/credit cap/)
  })
})

describe("dual sign-off", () => {
  it("refuses the requester and the same approver twice, then credits the dispute on the second signature", async () => {
    const s = await setup()
    const r = await requestCredit(s, 150_000, "controller")
    const d = db()
    await expect(decideApproval(d, env, s.org.id, actorOf(s.org, "controller"), r.id, "approve", null)).rejects.toThrow(
      /requester cannot approve/,
    )
    await expect(decideApproval(d, env, s.org.id, actorOf(s.org, "ar_manager"), r.id, "approve", null)).rejects.toThrow(
      /roles: Controller, CFO/,
    )
    await expect(decideApproval(d, env, s.org.id, actorOf(s.org, "operator"), r.id, "approve", null)).rejects.toThrow(/needs an approver/)
    expect((await decideApproval(d, env, s.org.id, actorOf(s.org, "cfo"), r.id, "approve", "ok")).status).toBe("pending")
    await expect(decideApproval(d, env, s.org.id, actorOf(s.org, "cfo"), r.id, "approve", null)).rejects.toThrow(/already signed/)
    const second = { type: "user" as const, id: newId("usr"), label: "Second CFO", role: "cfo" }
    expect((await decideApproval(d, env, s.org.id, second, r.id, "approve", "agreed")).status).toBe("approved")

    const [dispute] = await d.select().from(disputes).where(eq(disputes.id, r.disputeId))
    const [inv] = await d.select().from(invoices).where(eq(invoices.id, s.invoiceId))
    expect([dispute.status, dispute.creditMinor, inv.balanceMinor]).toEqual(["resolved", 150_000, 350_000])
    await expect(decideApproval(d, env, s.org.id, actorOf(s.org, "legal"), r.id, "approve", null)).rejects.toThrow(/already approved/)
    const actions = (
      await d
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, s.org.id), eq(auditLog.subjectId, r.id)))
    )
      .map((a) => a.action)
      .sort()
    // Each signature is an entry; the approval itself is one more, written by the batch that approved it.
    expect(actions).toEqual(["approval.approved", "approval.requested", "approval.signed", "approval.signed"])
    const mail = await d.select().from(devMail).where(eq(devMail.orgId, s.org.id))
    expect(mail.some((m) => m.subject.startsWith("Your request was approved"))).toBe(true)
  })

  it("a rejection with a comment puts the dispute back to investigating and rejects a plan", async () => {
    const s = await setup()
    const r = await requestCredit(s, 50_000)
    const d = db()
    await expect(decideApproval(d, env, s.org.id, actorOf(s.org, "controller"), r.id, "reject", " ")).rejects.toThrow(/why/)
    expect((await decideApproval(d, env, s.org.id, actorOf(s.org, "controller"), r.id, "reject", "Not supported by evidence")).status).toBe(
      "rejected",
    )
    const [dispute] = await d.select().from(disputes).where(eq(disputes.id, r.disputeId))
    expect(dispute.status).toBe("investigating")

    const planId = newId("pln")
    const now = new Date().toISOString()
    const plan = await approvalRequest(
      d,
      s.org.id,
      { type: "payer", id: null, label: "Payer" },
      {
        kind: "payment_plan",
        subjectType: "payment_plan",
        subjectId: planId,
        invoiceId: s.invoiceId,
        customerId: s.customerId,
        amountMinor: 500_000,
        currency: "USD",
        reason: "3 instalments",
      },
    )
    await d.batch([
      d.insert(paymentPlans).values({
        id: planId,
        orgId: s.org.id,
        customerId: s.customerId,
        invoiceId: s.invoiceId,
        status: "pending_approval",
        instalmentCount: 3,
        frequency: "monthly",
        firstDate: "2026-12-01",
        totalMinor: 500_000,
        currency: "USD",
        createdAt: now,
      }),
      ...plan.statements,
    ] as never)
    await decideApproval(d, env, s.org.id, actorOf(s.org, "cfo"), plan.id, "approve", null)
    expect((await decideApproval(d, env, s.org.id, actorOf(s.org, "controller"), plan.id, "approve", null)).status).toBe("approved")
    const [p] = await d.select().from(paymentPlans).where(eq(paymentPlans.id, planId))
    expect(p.status).toBe("active")
    const [a] = await d.select().from(approvals).where(eq(approvals.id, plan.id))
    expect(a.status).toBe("approved")
  })
})
