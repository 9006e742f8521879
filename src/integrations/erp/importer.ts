// The importer interface every receivables source implements (CSV today, QuickBooks Online and NetSuite read-only):
// pages of records keyed by Plixo field names, each with the row number a person can find in the source.
import type { ImportKind, Mapping } from "../../domain/csv-fields"
import type { ParsedCsv } from "../csv"

export type SourceRecord = { row: number; fields: Record<string, string> }

export interface ReceivablesSource {
  /** `csv`, `quickbooks`, `netsuite`: stored on the import record. */
  readonly source: string
  readonly kind: ImportKind
  readonly total: number
  /** Records in pages of at most `size`, starting after `skip` records. */
  pages(size: number, skip?: number): Iterable<SourceRecord[]>
}

/** A parsed CSV seen through a column -> field mapping. Row 1 is the header, so data starts at row 2. */
export function csvSource(kind: ImportKind, parsed: ParsedCsv, mapping: Mapping): ReceivablesSource {
  const columns = parsed.headers.map((h) => mapping[h] ?? "")
  return {
    source: "csv",
    kind,
    total: parsed.rows.length,
    *pages(size: number, skip = 0) {
      for (let start = skip; start < parsed.rows.length; start += size) {
        const page: SourceRecord[] = []
        for (let i = start; i < Math.min(start + size, parsed.rows.length); i++) {
          const cells = parsed.rows[i]
          const fields: Record<string, string> = {}
          columns.forEach((field, c) => {
            if (field) fields[field] = cells[c] ?? ""
          })
          page.push({ row: i + 2, fields })
        }
        yield page
      }
    },
  }
}

/** Records already in memory (ERP API pages): row = position in the source, 1-based. */
export function recordSource(source: string, kind: ImportKind, records: Record<string, string>[]): ReceivablesSource {
  return {
    source,
    kind,
    total: records.length,
    *pages(size: number, skip = 0) {
      for (let start = skip; start < records.length; start += size)
        yield records.slice(start, start + size).map((fields, i) => ({ row: start + i + 1, fields }))
    },
  }
}
