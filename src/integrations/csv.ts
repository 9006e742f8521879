// CSV in and out through papaparse (runs in Workers): delimiter detection, quoted fields, BOM, CRLF.
import Papa from "papaparse"

export type ParsedCsv = { headers: string[]; rows: string[][]; delimiter: string }

/** Parses a whole file: the first non-empty line is the header. `;`, `,` and tab delimiters are detected. */
export function parseCsv(text: string): ParsedCsv {
  const body = text.replace(/^\uFEFF/, "")
  const result = Papa.parse<string[]>(body, { header: false, skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t", "|"] })
  const [headerRow = [], ...rows] = result.data
  const headers = headerRow.map((h) => h.replace(/^\uFEFF/, "").trim())
  return { headers, rows, delimiter: result.meta.delimiter }
}

/** Rows of objects -> CSV text with a header line (RFC 4180 quoting). */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c])))) }, { newline: "\r\n" })
}
