// The page's import path: the upload is kept in R2 between the mapping preview and the run; the run goes through the
// IMPORTS queue in slices of pages (each consumer call stays well inside Workers CPU and memory limits and enqueues
// the next slice) while the page polls the import record for progress.
import { notifyCadence } from "../tenant/notify"
import type { Db } from "../db/client"
import { findImport } from "../db/imports"
import type { ImportKind, Mapping } from "../domain/csv-fields"
import type { DateOrder } from "../domain/csv-rows"
import { csvSource } from "../integrations/erp/importer"
import type { Actor } from "./audit"
import { decodeUpload, ImportRefused, readCsv, refuseIfTooLarge } from "./import-input"
import { createImport, mappingFor, processImport } from "./imports"
import type { ImportRecord } from "../db/imports"

const objectKey = (orgId: string, importId: string) => `imports/${orgId}/${importId}.csv`

/** Stores the file and opens a pending import with the suggested mapping; the page then shows the preview. */
export async function uploadForPreview(
  env: Pick<Env, "IMPORT_FILES">,
  db: Db,
  orgId: string,
  actor: Actor,
  kind: ImportKind,
  file: File,
  now: Date = new Date(),
): Promise<ImportRecord> {
  refuseIfTooLarge(file.size)
  const text = decodeUpload(await file.arrayBuffer())
  const parsed = readCsv(text)
  const mapping = await mappingFor(db, orgId, kind, parsed.headers, null)
  const record = await createImport(
    db,
    orgId,
    actor,
    {
      kind,
      source: "csv",
      filename: file.name || null,
      rowsTotal: parsed.rows.length,
      mapping,
      options: { date_order: "iso" },
      status: "pending",
    },
    now,
  )
  await env.IMPORT_FILES.put(objectKey(orgId, record.id), text, { httpMetadata: { contentType: "text/csv" } })
  return record
}

/** Header, first rows and suggested mapping of a pending upload (for the preview). */
export async function previewOf(env: Pick<Env, "IMPORT_FILES">, orgId: string, record: ImportRecord, sample = 5) {
  const object = await env.IMPORT_FILES.get(objectKey(orgId, record.id))
  if (!object) throw new ImportRefused(400, "The uploaded file is no longer available: upload it again.")
  const parsed = readCsv(await object.text())
  return {
    headers: parsed.headers,
    rows: parsed.rows.slice(0, sample),
    delimiter: parsed.delimiter,
    mapping: (record.mapping ?? {}) as Mapping,
  }
}

/** Pages of rows one queue message processes before handing over to the next (10 x 2,000 rows). */
export const PAGES_PER_SLICE = 10

export type ImportMessage = { orgId: string; importId: string; actor: Actor }

/** Runs the next slice of a confirmed upload; true when the import is finished (the stored file is then deleted). */
export async function runStoredImport(
  env: Pick<Env, "IMPORT_FILES" | "TENANT">,
  db: Db,
  orgId: string,
  actor: Actor,
  importId: string,
  pageBudget = PAGES_PER_SLICE,
): Promise<boolean> {
  const record = await findImport(db, orgId, importId)
  if (!record || record.status !== "processing") return true
  const object = await env.IMPORT_FILES.get(objectKey(orgId, importId))
  if (!object) return true
  const parsed = readCsv(await object.text())
  const dateOrder = (record.options?.date_order ?? "iso") as DateOrder
  const result = await processImport(
    db,
    orgId,
    actor,
    record,
    csvSource(record.kind, parsed, record.mapping ?? {}),
    dateOrder,
    new Date(),
    pageBudget,
  )
  if (result.done && !result.failed) await env.IMPORT_FILES.delete(objectKey(orgId, importId))
  // An import changes balances, due dates and ownership: the TenantDO derives the portfolio again on its next tick.
  if (result.changed > 0) await notifyCadence(env, orgId, { all: true })
  return result.done
}
