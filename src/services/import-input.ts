// What an uploaded import file must pass before any row is read: its size, its encoding, a header with data rows, and
// a column for every required field. Each refusal is an ImportRefused naming the file, field or line.
import { fieldLabels, missingFields, type ImportKind, type Mapping } from "../domain/csv-fields"
import { decodeCsv, parseCsv, type ParsedCsv } from "../integrations/csv"

/** Largest file accepted by the API and the page (100,000 invoice rows are about 7 MB). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024
export const IMPORT_MAX_LABEL = "20 MB"

export class ImportRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 422,
    message: string,
    readonly details: { field?: string; message: string; line?: number }[] = [],
  ) {
    super(message)
  }
}

export function refuseIfTooLarge(bytes: number): void {
  if (bytes > IMPORT_MAX_BYTES)
    throw new ImportRefused(
      413,
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${IMPORT_MAX_LABEL} per file. Split it into smaller files.`,
    )
}

/** The text of an uploaded file (UTF-8, or UTF-16 with BOM); refuses bytes that are not UTF-8, naming where. */
export function decodeUpload(bytes: ArrayBuffer): string {
  const decoded = decodeCsv(bytes)
  if ("problem" in decoded)
    throw new ImportRefused(400, decoded.problem.message, [{ field: "file", message: "not UTF-8", line: decoded.problem.line }])
  return decoded.text
}

export function readCsv(text: string): ParsedCsv {
  if (text.replace(/^\uFEFF/, "").trim() === "")
    throw new ImportRefused(400, "The file is empty: upload a CSV with a header row and at least one data row.")
  const parsed = parseCsv(text)
  if (parsed.problem)
    throw new ImportRefused(400, parsed.problem.message, [{ field: "file", message: parsed.problem.message, line: parsed.problem.line }])
  if (parsed.rows.length === 0)
    throw new ImportRefused(400, "The file has a header row but no data rows: add at least one row below the header.")
  return parsed
}

export function refuseIfUnmapped(kind: ImportKind, mapping: Mapping): void {
  const missing = missingFields(kind, mapping)
  if (missing.length)
    throw new ImportRefused(
      400,
      `No column is mapped to ${missing.map((f) => `${fieldLabels[f]} (${f})`).join(", ")}: rename the column or choose it in the mapping.`,
      missing.map((f) => ({ field: f, message: `required column ${f} is missing` })),
    )
}
