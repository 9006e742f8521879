// Customers have an owner: the Operator (or A/R Manager, Controller) who works their accounts. "My accounts" on
// the worklist is the customers whose owner is the signed-in user. Changing the owner is audited.
import type { Db } from "../db/client"
import { customerOwner, setOwnerStatement } from "../db/customer-owner"
import { nowIso } from "../db/ids"
import { membersOfOrg } from "../db/people"
import { notFound, unprocessable } from "../domain/errors"
import { can, isRole, roleLabels } from "../domain/roles"
import { auditInsert, type Actor } from "./audit"

/** Members who may own accounts: those who may work outreach (Controller, A/R Manager, Operator). */
export async function ownerCandidates(db: Db, orgId: string) {
  const members = await membersOfOrg(db, orgId)
  return members
    .filter((m) => isRole(m.role) && can(m.role, "outreach"))
    .map((m) => ({
      userId: m.userId,
      name: m.name ?? m.email,
      label: `${m.name ?? m.email} (${roleLabels[m.role as keyof typeof roleLabels]})`,
    }))
}

/** Gives the customer a new owner (null: nobody); refuses someone who may not work outreach. Returns the new owner. */
export async function setCustomerOwner(db: Db, orgId: string, actor: Actor, customerId: string, ownerId: string | null, now = new Date()) {
  const customer = await customerOwner(db, orgId, customerId)
  if (!customer) throw notFound("Customer")
  if (ownerId) {
    const candidates = await ownerCandidates(db, orgId)
    if (!candidates.some((m) => m.userId === ownerId))
      throw unprocessable("An owner must be a member who works collections (Operator, A/R Manager or Controller).", [
        { field: "owner_id", message: "not a member who may work outreach" },
      ])
  }
  if (customer.ownerId === ownerId) return ownerId
  await db.batch([
    setOwnerStatement(db, orgId, customerId, ownerId, nowIso(now)),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "customer.owner_changed",
        subjectType: "customer",
        subjectId: customerId,
        before: { owner_id: customer.ownerId },
        after: { owner_id: ownerId },
      },
      now,
    ),
  ])
  return ownerId
}
