// POST /api/v1/imports/customers|invoices and GET /api/v1/imports/:id (API.md "Imports").
import { notifyCadence } from "../../../tenant/notify"
import { z } from "zod"
import type { ImportKind } from "../../../domain/csv-fields"
import { csvSource } from "../../../integrations/erp/importer"
import { decodeUpload, IMPORT_MAX_BYTES, ImportRefused, readCsv, refuseIfTooLarge, refuseIfUnmapped } from "../../../services/import-input"
import { createImport, importSummary, mappingFor, processImport } from "../../../services/imports"
import { AppError, badRequest, notFound } from "../../errors"
import type { AppContext } from "../../env"
import { apiApp, apiRoute } from "../../api-route"
import { idParam } from "../../api-schemas"

const summarySchema = z.object({
  import_id: z.string(),
  kind: z.enum(["customers", "invoices"]),
  status: z.enum(["pending", "processing", "completed", "failed"]),
  rows_total: z.number().int(),
  rows_processed: z.number().int(),
  rows_imported: z.number().int(),
  rows_failed: z.number().int(),
  rows_changed: z.number().int().optional().describe("rows created or updated; 0 when the same file is imported again"),
  contact_coverage: z.number().nullable().describe("share of customers with a valid contact email after the import"),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
})

const importQuery = z.object({
  mapping: z.string().optional().describe('JSON object column -> field, e.g. {"Invoice No":"invoice_number"}; "" ignores a column'),
  date_order: z.enum(["iso", "dmy", "mdy"]).optional().describe("how to read dates like 03/04/2026; ISO dates are always read"),
})

const upload = (kind: ImportKind) =>
  apiRoute({
    method: "post",
    path: `/${kind}`,
    capability: "connectors",
    summary: `Import ${kind} from a CSV (text/csv body or multipart field "file")`,
    tags: ["Imports"],
    request: {
      query: importQuery,
      body: { required: true, content: { "text/csv": { schema: z.string() }, "multipart/form-data": { schema: {} } } },
    },
    responses: {
      200: { description: "Import summary", content: { "application/json": { schema: summarySchema } } },
      400: { description: "Empty file, header only, or required columns missing" },
      413: { description: `Over ${IMPORT_MAX_BYTES} bytes` },
    },
  })

const one = apiRoute({
  method: "get",
  path: "/{id}",
  capability: "connectors",
  summary: "An import's summary",
  tags: ["Imports"],
  request: { params: idParam },
  responses: {
    200: { description: "Import summary", content: { "application/json": { schema: summarySchema } } },
    404: { description: "No such import in this organisation" },
  },
})

function asAppError(err: unknown): never {
  if (err instanceof ImportRefused)
    throw new AppError(
      err.status === 413 ? 413 : err.status,
      err.status === 413 ? "too_large" : err.status === 422 ? "unprocessable" : "validation_failed",
      err.message,
      err.details,
    )
  throw err
}

/** The uploaded CSV text from a text/csv body or a multipart `file` field, refusing it when over the limit. */
async function uploadedText(c: AppContext): Promise<{ text: string; filename: string | null }> {
  const declared = Number(c.req.header("Content-Length") ?? "0")
  if (declared) refuseIfTooLarge(declared)
  const type = c.req.header("Content-Type") ?? ""
  if (type.includes("multipart/form-data")) {
    const form = await c.req.formData()
    const file = form.get("file")
    if (!file || typeof file === "string") throw new ImportRefused(400, 'The multipart body has no file field named "file".')
    refuseIfTooLarge(file.size)
    return { text: decodeUpload(await file.arrayBuffer()), filename: file.name || null }
  }
  const bytes = await c.req.arrayBuffer()
  refuseIfTooLarge(bytes.byteLength)
  const text = decodeUpload(bytes)
  return { text, filename: null }
}

function parseMapping(raw: string | undefined): Record<string, string> | null {
  if (!raw) return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw badRequest("mapping must be a JSON object of column -> field", [{ field: "mapping", message: "not valid JSON" }])
  }
  const parsed = z.record(z.string(), z.string()).safeParse(value)
  if (!parsed.success)
    throw badRequest("mapping must be a JSON object of column -> field", [{ field: "mapping", message: "values must be field names" }])
  return parsed.data
}

async function runApiImport(c: AppContext, kind: ImportKind, query: z.output<typeof importQuery>) {
  const override = parseMapping(query.mapping)
  try {
    const { text, filename } = await uploadedText(c)
    const parsed = readCsv(text)
    const { db, member, actor } = c.var
    const mapping = await mappingFor(db, member.orgId, kind, parsed.headers, override)
    refuseIfUnmapped(kind, mapping)
    const dateOrder = query.date_order ?? "iso"
    const record = await createImport(
      db,
      member.orgId,
      actor,
      { kind, source: "api", filename, rowsTotal: parsed.rows.length, mapping, options: { date_order: dateOrder }, status: "processing" },
      new Date(),
    )
    const done = await processImport(db, member.orgId, actor, record, csvSource(kind, parsed, mapping), dateOrder)
    if (done.changed > 0) await notifyCadence(c.env, member.orgId, { all: true })
    const summary = await importSummary(db, member.orgId, record.id)
    return c.json(summary, 200)
  } catch (err) {
    asAppError(err)
  }
}

export const importApiRoutes = apiApp()
  .openapi(upload("customers"), (c) => runApiImport(c, "customers", c.req.valid("query")))
  .openapi(upload("invoices"), (c) => runApiImport(c, "invoices", c.req.valid("query")))
  .openapi(one, async (c) => {
    const summary = await importSummary(c.var.db, c.var.member.orgId, c.req.valid("param").id)
    if (!summary) throw notFound("Import")
    return c.json(summary, 200)
  })
