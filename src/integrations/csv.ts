// CSV in and out through papaparse (runs in Workers): byte decoding (UTF-8, UTF-16 with BOM), delimiter detection,
// quoted fields, broken quoting and duplicate headers reported; and the one CSV writer of the product.
import Papa from "papaparse"

export type ParsedCsv = { headers: string[]; rows: string[][]; delimiter: string }
/** Why a file cannot be read at all, with the 1-based line where it broke when there is one. */
export type CsvProblem = { message: string; line?: number }

/**
 * The file's text. UTF-16 (LE or BE, with its BOM) is decoded; UTF-8 (BOM optional) must be valid: bytes that are
 * not UTF-8 are refused rather than stored as U+FFFD (the fix is "save as CSV UTF-8", not silent replacement).
 */
export function decodeCsv(bytes: ArrayBuffer | Uint8Array): { text: string } | { problem: CsvProblem } {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(b.subarray(2)) }
  if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(b.subarray(2)) }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(b) }
  } catch {
    let good = 0
    // Locate the first bad byte for the message: the longest prefix that decodes.
    for (let lo = 0, hi = b.length; lo <= hi; ) {
      const mid = (lo + hi) >> 1
      try {
        new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(b.subarray(0, mid), { stream: true })
        good = mid
        lo = mid + 1
      } catch {
        hi = mid - 1
      }
    }
    const line = new TextDecoder().decode(b.subarray(0, good)).split("\n").length
    return {
      problem: {
        line,
        message: `The file is not valid UTF-8 (line ${line}, byte ${good + 1}): it looks like Windows-1252 or Latin-1. Save it as "CSV UTF-8" and upload it again.`,
      },
    }
  }
}

const lineAt = (text: string, index: number) => text.slice(0, Math.max(0, index)).split("\n").length

/** Parses a whole file: the first non-empty line is the header. `;`, `,`, tab and `|` delimiters are detected. */
export function parseCsv(text: string): ParsedCsv & { problem: CsvProblem | null } {
  const body = text.replace(/^\uFEFF/, "")
  const result = Papa.parse<string[]>(body, { header: false, skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t", "|"] })
  const [headerRow = [], ...rows] = result.data
  const headers = headerRow.map((h) => h.replace(/^\uFEFF/, "").trim())
  // An unbalanced quote swallows the rows after it into one cell: refuse the file, naming the line.
  const quotes = result.errors.find((e) => e.type === "Quotes")
  if (quotes) {
    const line = lineAt(body, quotes.index ?? 0)
    return {
      headers,
      rows,
      delimiter: result.meta.delimiter,
      problem: {
        line,
        message: `The quoting breaks on line ${line}: a field opens a double quote (") that is never closed, or a quote sits inside an unquoted field. Fix that line and upload again; nothing was imported.`,
      },
    }
  }
  const seen = new Map<string, number>()
  for (const h of headers) seen.set(h.toLowerCase(), (seen.get(h.toLowerCase()) ?? 0) + 1)
  const dupes = headers.filter(
    (h, i) => h && (seen.get(h.toLowerCase()) ?? 0) > 1 && headers.findIndex((o) => o.toLowerCase() === h.toLowerCase()) === i,
  )
  if (dupes.length)
    return {
      headers,
      rows,
      delimiter: result.meta.delimiter,
      problem: {
        line: 1,
        message: `The header row names ${dupes.map((d) => `"${d}"`).join(", ")} more than once: rename or remove the duplicate column.`,
      },
    }
  return { headers, rows, delimiter: result.meta.delimiter, problem: null }
}

// OWASP CSV injection: a cell starting with = + - @ tab or CR is a formula to a spreadsheet. Plain numbers
// (a negative balance) stay numbers.
function neutralise(value: unknown): string {
  if (value === null || value === undefined) return ""
  const s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value)
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s
}

/** The one CSV writer: a header and rows of cells -> RFC 4180 text (CRLF), every cell formula-neutralised. */
export function toCsv(header: string[], rows: readonly (readonly unknown[])[]): string {
  return `${Papa.unparse({ fields: header.map(neutralise), data: rows.map((r) => r.map(neutralise)) }, { newline: "\r\n", quotes: false, escapeFormulae: false })}\r\n`
}
