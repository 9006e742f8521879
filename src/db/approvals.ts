// Approval queries: the inbox (pending first) with invoice and customer, one request with its decisions, and the
// pending request on a subject (the Disputes inspector approves a credit in place).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm"
import type { Db } from "./client"
import { approvalDecisions, approvals, customers, invoices, users } from "./schema"

export async function approvalList(db: Db, orgId: string, status: "pending" | "decided" | "all", limit = 100) {
  const rows = await db
    .select({ approval: approvals, invoiceNumber: invoices.invoiceNumber, customerName: customers.name })
    .from(approvals)
    .leftJoin(invoices, and(eq(invoices.orgId, approvals.orgId), eq(invoices.id, approvals.invoiceId)))
    .leftJoin(customers, and(eq(customers.orgId, approvals.orgId), eq(customers.id, approvals.customerId)))
    .where(
      and(
        eq(approvals.orgId, orgId),
        status === "pending" ? eq(approvals.status, "pending") : status === "decided" ? sql`${approvals.status} <> 'pending'` : undefined,
      ),
    )
    .orderBy(status === "pending" ? asc(approvals.createdAt) : desc(approvals.createdAt))
    .limit(limit)
  const ids = rows.map((r) => r.approval.id)
  const decisions = ids.length
    ? await db
        .select({ d: approvalDecisions, name: users.name, email: users.email })
        .from(approvalDecisions)
        .leftJoin(users, eq(users.id, approvalDecisions.userId))
        .where(and(eq(approvalDecisions.orgId, orgId), inArray(approvalDecisions.approvalId, ids)))
        .orderBy(asc(approvalDecisions.createdAt))
    : []
  return rows.map((r) => ({ ...r, decisions: decisions.filter((d) => d.d.approvalId === r.approval.id) }))
}

export async function approvalDetail(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select({
      approval: approvals,
      invoiceNumber: invoices.invoiceNumber,
      invoiceBalance: invoices.balanceMinor,
      customerName: customers.name,
    })
    .from(approvals)
    .leftJoin(invoices, and(eq(invoices.orgId, approvals.orgId), eq(invoices.id, approvals.invoiceId)))
    .leftJoin(customers, and(eq(customers.orgId, approvals.orgId), eq(customers.id, approvals.customerId)))
    .where(and(eq(approvals.orgId, orgId), eq(approvals.id, id)))
  if (!row) return null
  const decisions = await db
    .select({ d: approvalDecisions, name: users.name, email: users.email })
    .from(approvalDecisions)
    .leftJoin(users, eq(users.id, approvalDecisions.userId))
    .where(and(eq(approvalDecisions.orgId, orgId), eq(approvalDecisions.approvalId, id)))
    .orderBy(asc(approvalDecisions.createdAt))
  return { ...row, decisions }
}

export async function pendingApprovalCount(db: Db, orgId: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)` })
    .from(approvals)
    .where(and(eq(approvals.orgId, orgId), eq(approvals.status, "pending")))
  return r?.n ?? 0
}

/** The pending request on one subject (a dispute's credit), with the approvals signed so far; null when none. */
export async function pendingApprovalOf(db: Db, orgId: string, subjectType: string, subjectId: string) {
  const [a] = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.orgId, orgId),
        eq(approvals.subjectType, subjectType),
        eq(approvals.subjectId, subjectId),
        eq(approvals.status, "pending"),
      ),
    )
    .orderBy(desc(approvals.createdAt))
    .limit(1)
  if (!a) return null
  const [signed] = await db
    .select({ n: sql<number>`count(*)` })
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.orgId, orgId), eq(approvalDecisions.approvalId, a.id), eq(approvalDecisions.decision, "approve")))
  return { ...a, signatures: Number(signed?.n ?? 0) }
}

export type PendingApproval = NonNullable<Awaited<ReturnType<typeof pendingApprovalOf>>>
