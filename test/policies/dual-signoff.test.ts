// Dual sign-off under concurrency: two approvers signing at the same moment end approved with both signatures.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { approvalDecisions, approvals, auditLog, disputes, invoices } from "../../src/db/schema"
import type { Role } from "../../src/domain/roles"
import { approvalRequest, decideApproval } from "../../src/services/approvals"
import type { Actor } from "../../src/services/audit"
import { addCustomer, addInvoice, db, makeOrg, type TestOrg } from "../helpers"
import { addPolicy } from "./fixtures"

const actorOf = (org: TestOrg, role: Role): Actor => ({ type: "user", id: org.userIds[role], label: `${role} user`, role })

async function pendingCredit(amountMinor: number) {
  const org = await makeOrg()
  await addPolicy(org.id, { approvalThresholdMinor: 10_000, highApprovalThresholdMinor: 100_000 })
  const customerId = await addCustomer(org.id)
  const invoiceId = await addInvoice(org.id, customerId, { amountMinor: 500_000, balanceMinor: 500_000 })
  const disputeId = newId("dsp")
  const now = new Date().toISOString()
  const req = await approvalRequest(db(), org.id, actorOf(org, "operator"), {
    kind: "credit",
    subjectType: "dispute",
    subjectId: disputeId,
    invoiceId,
    customerId,
    amountMinor,
    currency: "USD",
    reason: "Damaged goods",
  })
  await db().batch([
    db().insert(disputes).values({
      id: disputeId,
      orgId: org.id,
      invoiceId,
      customerId,
      reason: "quality",
      status: "pending_credit",
      source: "operator",
      slaDueAt: now,
      createdAt: now,
      updatedAt: now,
    }),
    ...req.statements,
  ] as never)
  return { org, invoiceId, approvalId: req.id, required: req.approvalsRequired }
}

describe("dual sign-off", () => {
  it.each([1, 2, 3, 4, 5])("two approvers at once end approved with both signatures, the credit applied once (run %i)", async () => {
    const { org, invoiceId, approvalId, required } = await pendingCredit(150_000)
    expect(required).toBe(2)
    const results = await Promise.all([
      decideApproval(db(), env, org.id, actorOf(org, "controller"), approvalId, "approve", null),
      decideApproval(db(), env, org.id, actorOf(org, "cfo"), approvalId, "approve", null),
    ])
    const [a] = await db().select().from(approvals).where(eq(approvals.id, approvalId))
    expect(a!.status).toBe("approved")
    const signed = await db().select().from(approvalDecisions).where(eq(approvalDecisions.approvalId, approvalId))
    expect(signed.map((d) => d.role).sort()).toEqual(["cfo", "controller"])
    expect(results.some((r) => r.status === "approved")).toBe(true)
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv!.balanceMinor).toBe(350_000)
    const approvedEntries = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "approval.approved"), eq(auditLog.subjectId, approvalId)))
    expect(approvedEntries).toHaveLength(1)
  })

  it("one signature of two leaves it pending and applies nothing", async () => {
    const { org, invoiceId, approvalId } = await pendingCredit(150_000)
    const r = await decideApproval(db(), env, org.id, actorOf(org, "controller"), approvalId, "approve", null)
    expect(r).toMatchObject({ status: "pending", approvalsGiven: 1, approvalsRequired: 2 })
    const [inv] = await db().select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(inv!.balanceMinor).toBe(500_000)
  })
})
