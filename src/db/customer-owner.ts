// Who owns a customer's collections (customers.owner_id, an Operator): read one customer's owner, write a new one.
import { and, eq } from "drizzle-orm"
import type { Db } from "./client"
import { customers } from "./schema"

/** The customer's id, name and owner, or null for a customer of another organisation. */
export async function customerOwner(db: Db, orgId: string, customerId: string) {
  const [row] = await db
    .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))
    .limit(1)
  return row ?? null
}

/** The statement that gives the customer a new owner (null: nobody). */
export function setOwnerStatement(db: Db, orgId: string, customerId: string, ownerId: string | null, at: string) {
  return db
    .update(customers)
    .set({ ownerId, updatedAt: at })
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))
}
