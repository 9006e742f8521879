// importCustomers / importInvoices: validate every row, upsert the valid ones chunk by chunk (each chunk one D1
// transaction that also advances the import record), list the invalid ones, report contact coverage.
import { eq, and } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import {
  contactCoverage,
  customerIndex,
  findImport,
  importErrorsOf,
  importProgress,
  insertImportErrors,
  savedMapping,
  saveMappingStatement,
  upsertCustomers,
  upsertInvoices,
  type ImportRecord,
  type PlannedCustomer,
  type PlannedInvoice,
} from "../db/imports"
import { unrecordedStripeApplications } from "../db/erp-payments"
import { imports } from "../db/schema"
import { suggestMapping, type ImportKind, type Mapping } from "../domain/csv-fields"
import { customerRow, invoiceRow, type DateOrder, type RowError } from "../domain/csv-rows"
import type { ReceivablesSource, SourceRecord } from "../integrations/erp/importer"
import { auditInsert, type Actor } from "./audit"
import { refuseIfUnmapped } from "./import-input"

/** Rows per D1 batch: ~170 upsert statements of at most 98 parameters each, one transaction. */
export const IMPORT_CHUNK_ROWS = 2_000

/** The mapping for a file: explicit override, else the organisation's saved mapping, else names and synonyms. */
export async function mappingFor(db: Db, orgId: string, kind: ImportKind, headers: string[], override: Mapping | null): Promise<Mapping> {
  return suggestMapping(kind, headers, await savedMapping(db, orgId, kind), override)
}

export type NewImport = {
  kind: ImportKind
  source: string
  filename: string | null
  rowsTotal: number
  mapping: Mapping
  options: Record<string, string>
  status: "pending" | "processing"
}

export async function createImport(db: Db, orgId: string, actor: Actor, input: NewImport, now: Date): Promise<ImportRecord> {
  const record: ImportRecord = {
    id: newId("imp"),
    orgId,
    kind: input.kind,
    source: input.source,
    filename: input.filename,
    status: input.status,
    rowsTotal: input.rowsTotal,
    rowsProcessed: 0,
    rowsImported: 0,
    rowsFailed: 0,
    mapping: input.mapping,
    options: input.options,
    error: null,
    createdBy: actor.id,
    createdAt: nowIso(now),
    completedAt: null,
  }
  await db.batch([
    db.insert(imports).values(record),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "import.started",
        subjectType: "import",
        subjectId: record.id,
        after: { kind: input.kind, filename: input.filename, rows: input.rowsTotal },
      },
      now,
    ),
  ])
  return record
}

/** Confirms a previewed upload: the chosen mapping becomes the organisation's saved mapping. */
export async function confirmImport(
  db: Db,
  orgId: string,
  actor: Actor,
  record: ImportRecord,
  mapping: Mapping,
  dateOrder: DateOrder,
  now: Date,
) {
  refuseIfUnmapped(record.kind, mapping)
  await db.batch([
    db
      .update(imports)
      .set({ mapping, options: { ...(record.options ?? {}), date_order: dateOrder }, status: "processing" })
      .where(and(eq(imports.orgId, orgId), eq(imports.id, record.id))),
    saveMappingStatement(db, orgId, record.kind, mapping, nowIso(now)),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "import.mapping_confirmed", subjectType: "import", subjectId: record.id, after: { mapping, date_order: dateOrder } },
      now,
    ),
  ])
}

type Planned = { statements: D1PreparedStatement[]; imported: number; errors: RowError[] }

function planInvoices(d1: D1Database, orgId: string, now: string, page: SourceRecord[], ctx: PlanContext): Planned {
  const errors: RowError[] = []
  const rows: PlannedInvoice[] = []
  for (const { row, fields } of page) {
    const { value, errors: rowErrors } = invoiceRow(fields, row, ctx.dateOrder)
    if (!value) {
      errors.push(...rowErrors)
      continue
    }
    const first = ctx.seen.get(value.invoiceNumber)
    if (first !== undefined) {
      errors.push({
        row,
        field: "invoice_number",
        message: `Invoice number ${value.invoiceNumber} appears again (first on row ${first}): keep one row per invoice`,
        value: value.invoiceNumber,
      })
      continue
    }
    ctx.seen.set(value.invoiceNumber, row)
    const customer = ctx.customers.get(value.customerExternalId)
    if (!customer) {
      errors.push({
        row,
        field: "customer_external_id",
        message: `No customer with ID "${value.customerExternalId}": import customers first or fix the ID`,
        value: value.customerExternalId,
      })
      continue
    }
    // An ERP's balance does not yet know Stripe payments applied in Plixo that it has not recorded (one payment identity).
    const unrecorded = ctx.unrecorded.get(value.invoiceNumber) ?? 0
    rows.push({
      ...value,
      id: newId("inv"),
      customerId: customer.id,
      erpRef: fields.erp_ref || null,
      balanceMinor: Math.max(0, value.balanceMinor - unrecorded),
    })
  }
  return { statements: upsertInvoices(d1, orgId, now, rows, ctx.origin), imported: rows.length, errors }
}

function planCustomers(d1: D1Database, orgId: string, now: string, page: SourceRecord[], ctx: PlanContext): Planned {
  const errors: RowError[] = []
  const rows: PlannedCustomer[] = []
  for (const { row, fields } of page) {
    const { value, errors: rowErrors } = customerRow(fields, row)
    if (!value) {
      errors.push(...rowErrors)
      continue
    }
    const first = ctx.seen.get(value.externalId)
    if (first !== undefined) {
      errors.push({
        row,
        field: "external_id",
        message: `Customer ID ${value.externalId} appears again (first on row ${first}): keep one row per customer`,
        value: value.externalId,
      })
      continue
    }
    ctx.seen.set(value.externalId, row)
    const known = ctx.customers.get(value.externalId)
    const id = known?.id ?? newId("cus")
    const contactId = known?.contactId ?? `con_p${id.slice(3)}`
    ctx.customers.set(value.externalId, { id, contactId })
    rows.push({ ...value, id, contactId })
  }
  const { customers, contacts } = upsertCustomers(d1, orgId, now, rows)
  return { statements: [...customers, ...contacts], imported: rows.length, errors }
}

type PlanContext = {
  dateOrder: DateOrder
  seen: Map<string, number>
  customers: Map<string, { id: string; contactId: string | null }>
  origin: "csv" | "erp"
  unrecorded: Map<string, number>
}

export type ImportSummary = {
  import_id: string
  kind: ImportKind
  status: ImportRecord["status"]
  rows_total: number
  rows_processed: number
  rows_imported: number
  rows_failed: number
  rows_changed?: number
  contact_coverage: number | null
  errors: { row: number; field: string; message: string }[]
}

/**
 * Runs an import to the end. Each page of rows is one `d1.batch` (one transaction): the upserts, the page's errors,
 * the import record's counters and an audit line naming the rows. A failing batch leaves earlier pages landed and
 * the record saying how far it got.
 */
export async function processImport(
  db: Db,
  orgId: string,
  actor: Actor,
  record: ImportRecord,
  source: ReceivablesSource,
  dateOrder: DateOrder,
  now: Date = new Date(),
  /** At most this many pages in this call; the caller resumes from the record's rows_processed (queue consumer). */
  pageBudget = Number.POSITIVE_INFINITY,
) {
  const d1 = db.$client as D1Database
  const at = nowIso(now)
  const origin = source.source === "csv" ? "csv" : "erp"
  const ctx: PlanContext = {
    dateOrder,
    seen: new Map(),
    customers: await customerIndex(d1, orgId),
    origin,
    unrecorded: origin === "erp" && record.kind === "invoices" ? await unrecordedStripeApplications(d1, orgId) : new Map(),
  }
  let processed = record.rowsProcessed
  let changed = Number(record.options?.rows_changed_so_far ?? 0)
  // Resuming: the rows already landed still count for "appears again" within the file.
  if (processed > 0) rememberEarlierRows(record.kind, source, processed, ctx)
  let pages = 0
  try {
    for (const page of source.pages(IMPORT_CHUNK_ROWS, record.rowsProcessed)) {
      if (pages++ >= pageBudget) {
        await db
          .update(imports)
          .set({ options: { ...(record.options ?? {}), rows_changed_so_far: String(changed) } })
          .where(and(eq(imports.orgId, orgId), eq(imports.id, record.id)))
        return { changed, failed: false, done: false }
      }
      const plan = record.kind === "invoices" ? planInvoices(d1, orgId, at, page, ctx) : planCustomers(d1, orgId, at, page, ctx)
      processed += page.length
      const audit = auditInsert(
        db,
        orgId,
        actor,
        {
          action: "import.rows_landed",
          subjectType: "import",
          subjectId: record.id,
          after: {
            first_row: page[0].row,
            last_row: page[page.length - 1].row,
            imported: plan.imported,
            failed_rows: new Set(plan.errors.map((e) => e.row)).size,
          },
        },
        now,
      ).toSQL()
      const results = await d1.batch([
        ...plan.statements,
        ...insertImportErrors(d1, orgId, record.id, plan.errors),
        importProgress(d1, orgId, record.id, processed, plan.imported, new Set(plan.errors.map((e) => e.row)).size),
        d1.prepare(audit.sql).bind(...audit.params),
      ])
      changed += results.slice(0, plan.statements.length).reduce((n, r) => n + (r.meta.changes ?? 0), 0)
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await db.batch([
      db
        .update(imports)
        .set({ status: "failed", error: `Stopped after row ${processed + 1}: ${message}`, completedAt: nowIso() })
        .where(and(eq(imports.orgId, orgId), eq(imports.id, record.id))),
      auditInsert(db, orgId, actor, {
        action: "import.failed",
        subjectType: "import",
        subjectId: record.id,
        after: { rows_processed: processed, error: message },
      }),
    ])
    return { changed, failed: true, done: true }
  }
  const coverage = await contactCoverage(d1, orgId)
  const fresh = await findImport(db, orgId, record.id)
  await db.batch([
    db
      .update(imports)
      .set({
        status: "completed",
        completedAt: nowIso(),
        options: { ...withoutProgress(fresh?.options), contact_coverage: coverage.coverage.toFixed(4), rows_changed: String(changed) },
      })
      .where(and(eq(imports.orgId, orgId), eq(imports.id, record.id))),
    auditInsert(db, orgId, actor, {
      action: "import.completed",
      subjectType: "import",
      subjectId: record.id,
      after: { rows_imported: fresh?.rowsImported, rows_failed: fresh?.rowsFailed, rows_changed: changed },
    }),
  ])
  return { changed, failed: false, done: true }
}

/** Fills `seen` with the first valid row of each key among the rows processed before a resume. */
function rememberEarlierRows(kind: ImportRecord["kind"], source: ReceivablesSource, upTo: number, ctx: PlanContext) {
  let count = 0
  for (const page of source.pages(IMPORT_CHUNK_ROWS, 0)) {
    for (const { row, fields } of page) {
      if (count++ >= upTo) return
      const key =
        kind === "invoices" ? invoiceRow(fields, row, ctx.dateOrder).value?.invoiceNumber : customerRow(fields, row).value?.externalId
      if (key && !ctx.seen.has(key)) ctx.seen.set(key, row)
    }
  }
}

function withoutProgress(options: Record<string, string> | null | undefined) {
  const { rows_changed_so_far: _, ...rest } = options ?? {}
  return rest
}

/** The API's summary of an import (API.md), with the errors in row order. */
export async function importSummary(db: Db, orgId: string, id: string, errorLimit = 1_000): Promise<ImportSummary | null> {
  const record = await findImport(db, orgId, id)
  if (!record) return null
  const errors = await importErrorsOf(db, orgId, id, errorLimit)
  const opts = record.options ?? {}
  return {
    import_id: record.id,
    kind: record.kind,
    status: record.status,
    rows_total: record.rowsTotal,
    rows_processed: record.rowsProcessed,
    rows_imported: record.rowsImported,
    rows_failed: record.rowsFailed,
    ...(opts.rows_changed !== undefined ? { rows_changed: Number(opts.rows_changed) } : {}),
    contact_coverage: opts.contact_coverage !== undefined ? Number(opts.contact_coverage) : null,
    errors: errors.map((e) => ({ row: e.row, field: e.field, message: e.message })),
  }
}
