// Queries of the organisation's own wording of outcome emails (payer_templates).
import { and, eq } from "drizzle-orm"
import type { Db } from "./client"
import { payerTemplates } from "./schema"

export type StoredTemplate = typeof payerTemplates.$inferSelect

/** Every outcome template the organisation has edited (kinds without a row use the default wording). */
export function editedTemplates(db: Db, orgId: string): Promise<StoredTemplate[]> {
  return db.select().from(payerTemplates).where(eq(payerTemplates.orgId, orgId))
}

/** The organisation's wording of one outcome email, or undefined. */
export async function editedTemplate(db: Db, orgId: string, kind: string): Promise<StoredTemplate | undefined> {
  const [row] = await db
    .select()
    .from(payerTemplates)
    .where(and(eq(payerTemplates.orgId, orgId), eq(payerTemplates.kind, kind)))
    .limit(1)
  return row
}

export function upsertTemplate(db: Db, row: StoredTemplate) {
  return db
    .insert(payerTemplates)
    .values(row)
    .onConflictDoUpdate({
      target: [payerTemplates.orgId, payerTemplates.kind],
      set: { subject: row.subject, body: row.body, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
    })
}

export function deleteTemplate(db: Db, orgId: string, kind: string) {
  return db.delete(payerTemplates).where(and(eq(payerTemplates.orgId, orgId), eq(payerTemplates.kind, kind)))
}
