// The emails around an approval request: to the people who can decide it, to the requester once it is decided,
// and (through payer-decisions) to the payer. Wording for staff lives here; the rules live in approvals.ts.
import { and, eq, inArray } from "drizzle-orm"
import type { Db } from "../db/client"
import { approvals, memberships, users } from "../db/schema"
import { formatMoney } from "../domain/money"
import { isRole, roleLabels } from "../domain/roles"
import type { Actor } from "./audit"
import { emailTransport } from "./email"
import { tellPayerOfDecision } from "./payer-decisions"

export const kindLabels: Record<(typeof approvals.$inferSelect)["kind"], string> = {
  discount: "Discount",
  credit: "Credit",
  payment_plan: "Payment plan",
  write_off: "Write-off",
}

type ApprovalRow = typeof approvals.$inferSelect

function describe(a: ApprovalRow): string {
  return `${kindLabels[a.kind]} of ${formatMoney(a.amountMinor, a.currency)}`
}

/** Emails the people who can decide a pending request (everyone in the required roles but the requester). */
export async function notifyApprovers(db: Db, env: Env, orgId: string, approvalId: string, except: string[] = []) {
  const [a] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.orgId, orgId), eq(approvals.id, approvalId)))
  if (!a || a.status !== "pending" || a.requiredRoles.length === 0) return 0
  const people = await db
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, a.requiredRoles)))
  const to = people.filter((p) => p.id !== a.requestedBy && !except.includes(p.id))
  const mail = emailTransport(env, db)
  const link = `${env.APP_URL}/work/approvals/${a.id}`
  const who = a.approvalsRequired >= 2 ? "It needs two different approvers." : "It needs one approver."
  const roles = a.requiredRoles
    .filter(isRole)
    .map((r) => roleLabels[r])
    .join(", ")
  for (const p of to) {
    await mail.send({
      to: p.email,
      orgId,
      subject: `Approval needed: ${describe(a)}`,
      text: `${a.requestedByLabel ?? "Someone"} asked for a ${describe(a).toLowerCase()}.\nReason: ${a.reason ?? "(none given)"}\n${who} Approver roles: ${roles}.\n\nDecide: ${link}`,
    })
  }
  return to.length
}

export async function notifyDecision(
  db: Db,
  env: Env,
  orgId: string,
  a: ApprovalRow,
  actor: Actor,
  decision: string,
  comment: string | null,
) {
  const mail = emailTransport(env, db)
  const [requester] = a.requestedBy ? await db.select({ email: users.email }).from(users).where(eq(users.id, a.requestedBy)) : []
  const outcome = a.status === "pending" ? `signed by ${actor.label}; it awaits a second approver` : `${a.status} by ${actor.label}`
  if (requester)
    await mail.send({
      to: requester.email,
      orgId,
      subject: `Your request was ${a.status === "pending" ? "signed" : a.status}: ${describe(a)}`,
      text: `Your ${describe(a).toLowerCase()} request was ${outcome}.${comment ? `\nComment: ${comment}` : ""}\n\n${env.APP_URL}/work/approvals/${a.id}`,
    })
  if (a.status === "pending" && decision === "approve") await notifyApprovers(db, env, orgId, a.id, actor.id ? [actor.id] : [])
  if (a.status !== "pending") await tellPayerOfDecision(env, db, orgId, a, comment)
}
