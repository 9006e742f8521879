// Import records, their errors, saved mappings, and the batched upserts of imported rows (raw D1 statements:
// numbered parameters let the organisation id and the time be bound once per statement).
import { and, asc, desc, eq, sql } from "drizzle-orm"
import type { CustomerRow, InvoiceRow, RowError } from "../domain/csv-rows"
import type { ImportKind, Mapping } from "../domain/csv-fields"
import type { Db } from "./client"
import { chunk } from "./client"
import { newId } from "./ids"
import { importErrors, importMappings, imports } from "./schema"

export type ImportRecord = typeof imports.$inferSelect

export async function findImport(db: Db, orgId: string, id: string): Promise<ImportRecord | null> {
  const rows = await db
    .select()
    .from(imports)
    .where(and(eq(imports.orgId, orgId), eq(imports.id, id)))
    .limit(1)
  return rows[0] ?? null
}

export function recentImports(db: Db, orgId: string, limit = 10) {
  return db.select().from(imports).where(eq(imports.orgId, orgId)).orderBy(desc(imports.createdAt)).limit(limit)
}

export function importErrorsOf(db: Db, orgId: string, importId: string, limit = 10_000) {
  return db
    .select({ row: importErrors.row, field: importErrors.field, message: importErrors.message, value: importErrors.value })
    .from(importErrors)
    .where(and(eq(importErrors.orgId, orgId), eq(importErrors.importId, importId)))
    .orderBy(asc(importErrors.row), asc(importErrors.field))
    .limit(limit)
}

export async function savedMapping(db: Db, orgId: string, kind: ImportKind): Promise<Mapping | null> {
  const rows = await db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(and(eq(importMappings.orgId, orgId), eq(importMappings.kind, kind)))
    .limit(1)
  return rows[0]?.mapping ?? null
}

export function saveMappingStatement(db: Db, orgId: string, kind: ImportKind, mapping: Mapping, now: string) {
  return db
    .insert(importMappings)
    .values({ orgId, kind, mapping, updatedAt: now })
    .onConflictDoUpdate({ target: [importMappings.orgId, importMappings.kind], set: { mapping, updatedAt: now } })
}

/** Existing customers of the organisation by external id, with their primary contact (one query). */
export async function customerIndex(d1: D1Database, orgId: string): Promise<Map<string, { id: string; contactId: string | null }>> {
  const { results } = await d1
    .prepare(
      `SELECT c.id, c.external_id, (SELECT k.id FROM contacts k WHERE k.org_id = c.org_id AND k.customer_id = c.id
         ORDER BY k.is_primary DESC, k.created_at LIMIT 1) AS contact_id
       FROM customers c WHERE c.org_id = ?1`,
    )
    .bind(orgId)
    .all<{ id: string; external_id: string; contact_id: string | null }>()
  return new Map(results.map((r) => [r.external_id, { id: r.id, contactId: r.contact_id }]))
}

// D1: at most 100 bound parameters per statement. ?1 = org id, ?2 = now; the rest per row.
const perStatement = (perRow: number) => Math.floor((100 - 2) / perRow)

function multiRow<T>(
  d1: D1Database,
  rows: T[],
  perRow: number,
  head: string,
  tuple: (p: (i: number) => string) => string,
  tail: string,
  values: (r: T) => unknown[],
  shared: unknown[],
) {
  return chunk(rows, perStatement(perRow)).map((part) => {
    const tuples = part.map((_, i) => tuple((k) => `?${3 + i * perRow + k}`))
    return d1.prepare(`${head} VALUES ${tuples.join(", ")} ${tail}`).bind(...shared, ...part.flatMap(values))
  })
}

export type PlannedInvoice = InvoiceRow & { id: string; customerId: string; erpRef?: string | null }

/**
 * Upsert by (organisation, invoice number): a second import of the same row changes nothing (no-op WHERE). Rows from
 * an ERP connector are marked `erp` and carry the ERP's own id; a CSV row never clears an ERP id.
 */
export function upsertInvoices(d1: D1Database, orgId: string, now: string, rows: PlannedInvoice[], origin: "csv" | "erp" = "csv") {
  return multiRow(
    d1,
    rows,
    9,
    `INSERT INTO invoices (id, org_id, customer_id, invoice_number, currency, amount_minor, balance_minor, issue_date, due_date, status, source, erp_ref, paid_at, created_at, updated_at)`,
    (p) =>
      `(${p(0)}, ?1, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, CASE WHEN ${p(5)} = 0 THEN 'paid' ELSE 'open' END, '${origin}', ${p(8)}, CASE WHEN ${p(5)} = 0 THEN ?2 END, ?2, ?2)`,
    `ON CONFLICT (org_id, invoice_number) DO UPDATE SET customer_id = excluded.customer_id, currency = excluded.currency,
       amount_minor = excluded.amount_minor, balance_minor = excluded.balance_minor, issue_date = excluded.issue_date, due_date = excluded.due_date,
       status = CASE WHEN invoices.status IN ('void', 'uncollectible') THEN invoices.status WHEN excluded.balance_minor = 0 THEN 'paid' ELSE 'open' END,
       paid_at = CASE WHEN excluded.balance_minor = 0 THEN coalesce(invoices.paid_at, excluded.updated_at) END, updated_at = excluded.updated_at,
       erp_ref = coalesce(excluded.erp_ref, invoices.erp_ref)
     WHERE invoices.customer_id IS NOT excluded.customer_id OR invoices.currency IS NOT excluded.currency OR invoices.amount_minor IS NOT excluded.amount_minor
       OR invoices.balance_minor IS NOT excluded.balance_minor OR invoices.issue_date IS NOT excluded.issue_date OR invoices.due_date IS NOT excluded.due_date
       OR (excluded.erp_ref IS NOT NULL AND invoices.erp_ref IS NOT excluded.erp_ref)`,
    (r) => [r.id, r.customerId, r.invoiceNumber, r.currency, r.amountMinor, r.balanceMinor, r.issueDate, r.dueDate, r.erpRef ?? null],
    [orgId, now],
  )
}

export type PlannedCustomer = CustomerRow & { id: string; contactId: string }

/** Upsert by (organisation, external id), and the customer's primary contact by its id. */
export function upsertCustomers(d1: D1Database, orgId: string, now: string, rows: PlannedCustomer[]) {
  const customers = multiRow(
    d1,
    rows,
    8,
    `INSERT INTO customers (id, org_id, external_id, name, industry, region, score, time_zone, currency, created_at, updated_at)`,
    (p) => `(${p(0)}, ?1, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ?2, ?2)`,
    `ON CONFLICT (org_id, external_id) DO UPDATE SET name = excluded.name, industry = excluded.industry, region = excluded.region,
       score = excluded.score, time_zone = excluded.time_zone, currency = excluded.currency, updated_at = excluded.updated_at
     WHERE customers.name IS NOT excluded.name OR customers.industry IS NOT excluded.industry OR customers.region IS NOT excluded.region
       OR customers.score IS NOT excluded.score OR customers.time_zone IS NOT excluded.time_zone OR customers.currency IS NOT excluded.currency`,
    (r) => [r.id, r.externalId, r.name, r.industry, r.region, r.score, r.timeZone, r.currency],
    [orgId, now],
  )
  const withContact = rows.filter((r) => r.email || r.contactName || r.phone)
  const contacts = multiRow(
    d1,
    withContact,
    5,
    `INSERT INTO contacts (id, org_id, customer_id, name, email, phone, is_primary, created_at)`,
    (p) => `(${p(0)}, ?1, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 1, ?2)`,
    `ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone
     WHERE contacts.name IS NOT excluded.name OR contacts.email IS NOT excluded.email OR contacts.phone IS NOT excluded.phone`,
    (r) => [r.contactId, r.id, r.contactName, r.email, r.phone],
    [orgId, now],
  )
  return { customers, contacts }
}

export function insertImportErrors(d1: D1Database, orgId: string, importId: string, errors: RowError[]) {
  return multiRow(
    d1,
    errors,
    5,
    `INSERT INTO import_errors (id, org_id, import_id, row, field, message, value)`,
    (p) => `(${p(0)}, ?1, ?2, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`,
    "",
    (e) => [newId("ier"), e.row, e.field, e.message, e.value?.slice(0, 500) ?? null],
    [orgId, importId],
  )
}

/** The progress of an import, written in the same batch as the rows it counts. */
export function importProgress(d1: D1Database, orgId: string, importId: string, processed: number, imported: number, failed: number) {
  return d1
    .prepare(
      `UPDATE imports SET status = 'processing', rows_processed = ?3, rows_imported = rows_imported + ?4, rows_failed = rows_failed + ?5 WHERE org_id = ?1 AND id = ?2`,
    )
    .bind(orgId, importId, processed, imported, failed)
}

/** Share of the organisation's customers with a contact email that looks deliverable (0..1; 0 without customers). */
export async function contactCoverage(d1: D1Database, orgId: string): Promise<{ customers: number; withEmail: number; coverage: number }> {
  const row = await d1
    .prepare(
      `SELECT count(*) AS customers, sum(CASE WHEN EXISTS (SELECT 1 FROM contacts k WHERE k.org_id = c.org_id AND k.customer_id = c.id
         AND k.email LIKE '%_@_%._%' AND k.email NOT LIKE '% %') THEN 1 ELSE 0 END) AS with_email
       FROM customers c WHERE c.org_id = ?1`,
    )
    .bind(orgId)
    .first<{ customers: number; with_email: number | null }>()
  const customers = row?.customers ?? 0
  const withEmail = row?.with_email ?? 0
  return { customers, withEmail, coverage: customers ? withEmail / customers : 0 }
}

export const importKindOf = (value: string): ImportKind | null => (value === "customers" || value === "invoices" ? value : null)

export function lastCompletedImport(db: Db, orgId: string, kind: ImportKind) {
  return db
    .select()
    .from(imports)
    .where(and(eq(imports.orgId, orgId), eq(imports.kind, kind), eq(imports.status, "completed"), sql`${imports.rowsImported} > 0`))
    .orderBy(desc(imports.completedAt))
    .limit(1)
    .then((r) => r[0] ?? null)
}
