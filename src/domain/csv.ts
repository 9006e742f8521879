// CSV writing (RFC 4180): quote when needed, and neutralise spreadsheet formulas in cells (CSV injection).
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ""
  let s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value)
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n"
}
