// Notes on a customer by anyone holding `notes` (A/R team, Sales, CSM, Legal), written with their audit entry.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { customerNotes, customers } from "../db/schema"
import { badRequest, notFound } from "../domain/errors"
import { auditInsert, type Actor } from "./audit"

export const maxNoteLength = 4000

export async function addCustomerNote(
  db: Db,
  orgId: string,
  actor: Actor,
  customerId: string,
  text: string,
  now = new Date(),
): Promise<string> {
  const body = text.trim()
  if (!body) throw badRequest("Write the note before saving it.", [{ field: "body", message: "empty" }])
  if (body.length > maxNoteLength)
    throw badRequest(`A note is at most ${maxNoteLength} characters.`, [{ field: "body", message: "too long" }])
  const [cust] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))
    .limit(1)
  if (!cust) throw notFound("Customer")
  const id = newId("note")
  await db.batch([
    db
      .insert(customerNotes)
      .values({ id, orgId, customerId, authorId: actor.type === "user" ? actor.id : null, body, createdAt: nowIso(now) }),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "customer.note_added", subjectType: "customer", subjectId: customerId, after: { note_id: id } },
      now,
    ),
  ])
  return id
}
