// CSV row rules: one record in, a clean customer or invoice out, or errors that name the row, the field and the fix.
import { calendarDateOf } from "./dates"
import { normaliseCurrency, parseAmount } from "./money"

export type DateOrder = "iso" | "dmy" | "mdy"
export type RowError = { row: number; field: string; message: string; value?: string }

const emailPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/

export function isValidEmail(email: string): boolean {
  return emailPattern.test(email) && email.length <= 254
}

/** A real calendar day in the years an ERP export plausibly holds (a 1026 or 9999 is a typo, not a due date). */
function validDay(y: number, m: number, d: number): string | null {
  return y < 1900 || y > 2200 ? null : calendarDateOf(y, m, d)
}

/**
 * `2026-10-01` (optionally with a time) always; `01/10/2026`, `1.10.2026`, `1-10-26` only when the preview chose
 * day/month order, because `03/04/2026` means March in the US and April elsewhere.
 */
export function parseDay(text: string, order: DateOrder): string | null {
  const s = text.trim()
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s)
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const parts = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$/.exec(s)
  if (!parts || order === "iso") return null
  const year = parts[3].length === 2 ? 2000 + Number(parts[3]) : Number(parts[3])
  const [a, b] = [Number(parts[1]), Number(parts[2])]
  return order === "dmy" ? validDay(year, b, a) : validDay(year, a, b)
}

const dateHint: Record<DateOrder, string> = {
  iso: "write it as YYYY-MM-DD (e.g. 2026-10-31), or choose the day/month order in the mapping preview",
  dmy: "write it as DD/MM/YYYY (e.g. 31/10/2026) or YYYY-MM-DD",
  mdy: "write it as MM/DD/YYYY (e.g. 10/31/2026) or YYYY-MM-DD",
}

export type CustomerRow = {
  externalId: string
  name: string
  email: string | null
  contactName: string | null
  phone: string | null
  industry: string | null
  region: string | null
  score: number | null
  timeZone: string | null
  currency: string | null
}

export type InvoiceRow = {
  invoiceNumber: string
  customerExternalId: string
  currency: string
  amountMinor: number
  balanceMinor: number
  issueDate: string
  dueDate: string
}

type Record_ = Record<string, string>
const opt = (v: string | undefined) => (v && v.trim() !== "" ? v.trim() : null)

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

function required(rec: Record_, field: string, row: number, errors: RowError[], label: string): string | null {
  const v = opt(rec[field])
  if (!v) errors.push({ row, field, message: `${label} is empty: every row needs one` })
  return v
}

function currencyOf(rec: Record_, row: number, errors: RowError[], needed: boolean): string | null {
  const raw = opt(rec.currency)
  if (!raw) {
    if (needed) errors.push({ row, field: "currency", message: "Currency is empty: write a 3-letter ISO 4217 code such as USD" })
    return null
  }
  const code = normaliseCurrency(raw)
  if (!code)
    errors.push({
      row,
      field: "currency",
      message: `Unknown currency code "${raw}": use an ISO 4217 code such as USD, EUR or GBP`,
      value: raw,
    })
  return code
}

/** Longest value each field may hold (a 1 MB customer name is a broken export, not a name); others: 1,000. */
export const FIELD_MAX_CHARS: Record<string, number> = {
  external_id: 100,
  customer_external_id: 100,
  invoice_number: 100,
  name: 1_000,
  email: 254,
  contact_name: 200,
  phone: 50,
  industry: 100,
  region: 100,
  timezone: 64,
  currency: 10,
  score: 10,
  amount: 40,
  balance: 40,
  issue_date: 40,
  due_date: 40,
}
// NUL and other control characters never belong in a cell; tab and line breaks may (quoted multi-line addresses).
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** Control characters and over-long values in any mapped field, as row errors (the value is shortened in the error). */
export function textFieldErrors(rec: Record_, row: number): RowError[] {
  const errors: RowError[] = []
  for (const [field, value] of Object.entries(rec)) {
    if (!value) continue
    const max = FIELD_MAX_CHARS[field] ?? 1_000
    const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value
    if (controlChars.test(value))
      errors.push({
        row,
        field,
        message: `${field} holds a control character (such as NUL): remove it and export the file again`,
        value: shown.replace(new RegExp(controlChars.source, "g"), "?"),
      })
    else if (value.length > max)
      errors.push({
        row,
        field,
        message: `${field} is ${value.length.toLocaleString("en-US")} characters long; at most ${max.toLocaleString("en-US")} are allowed`,
        value: shown,
      })
  }
  return errors
}

/** A customer record (fields already mapped) -> a clean row, or the reasons it cannot be imported. */
export function customerRow(rec: Record_, row: number): { value: CustomerRow | null; errors: RowError[] } {
  const unsafe = textFieldErrors(rec, row)
  if (unsafe.length) return { value: null, errors: unsafe }
  const errors: RowError[] = []
  const externalId = required(rec, "external_id", row, errors, "Customer ID")
  const name = required(rec, "name", row, errors, "Customer name")
  const email = opt(rec.email)?.toLowerCase() ?? null
  if (email && !isValidEmail(email))
    errors.push({ row, field: "email", message: `"${email}" is not an email address: fix it or leave the cell empty`, value: email })
  let score: number | null = null
  const scoreRaw = opt(rec.score)
  if (scoreRaw) {
    score = Number(scoreRaw)
    if (!Number.isInteger(score) || score < 0 || score > 100) {
      errors.push({ row, field: "score", message: `Score "${scoreRaw}" must be a whole number from 0 to 100`, value: scoreRaw })
      score = null
    }
  }
  const timeZone = opt(rec.timezone)
  if (timeZone && !isTimeZone(timeZone))
    errors.push({
      row,
      field: "timezone",
      message: `Unknown time zone "${timeZone}": use an IANA name such as America/New_York`,
      value: timeZone,
    })
  const currency = currencyOf(rec, row, errors, false)
  if (errors.length || !externalId || !name) return { value: null, errors }
  return {
    value: {
      externalId,
      name,
      email,
      contactName: opt(rec.contact_name),
      phone: opt(rec.phone),
      industry: opt(rec.industry),
      region: opt(rec.region),
      score,
      timeZone,
      currency,
    },
    errors,
  }
}

function amountOf(rec: Record_, field: "amount" | "balance", currency: string | null, row: number, errors: RowError[]): number | null {
  const raw = opt(rec[field])
  if (!raw) return null
  const minor = parseAmount(raw, currency ?? "USD")
  const label = field === "amount" ? "Amount" : "Balance"
  if (minor === null) {
    errors.push({
      row,
      field,
      message: `${label} "${raw}" is not an amount: write it like 1250.00 (thousands separators and currency symbols are fine)`,
      value: raw,
    })
    return null
  }
  if (minor < 0) {
    errors.push({
      row,
      field,
      message: `${label} ${raw} is negative: import credit notes separately, balances must be zero or more`,
      value: raw,
    })
    return null
  }
  return minor
}

/** An invoice record (fields already mapped) -> a clean row, or the reasons it cannot be imported. */
export function invoiceRow(rec: Record_, row: number, order: DateOrder): { value: InvoiceRow | null; errors: RowError[] } {
  const unsafe = textFieldErrors(rec, row)
  if (unsafe.length) return { value: null, errors: unsafe }
  const errors: RowError[] = []
  const invoiceNumber = required(rec, "invoice_number", row, errors, "Invoice number")
  const customerExternalId = required(rec, "customer_external_id", row, errors, "Customer ID")
  const currency = currencyOf(rec, row, errors, true)
  const amountMinor = amountOf(rec, "amount", currency, row, errors)
  if (amountMinor === null && !opt(rec.amount))
    errors.push({ row, field: "amount", message: "Amount is empty: every invoice needs its total" })
  const balanceMinor = opt(rec.balance) ? amountOf(rec, "balance", currency, row, errors) : amountMinor
  const dates: Record<string, string | null> = {}
  for (const field of ["issue_date", "due_date"] as const) {
    const raw = opt(rec[field])
    const label = field === "issue_date" ? "Issue date" : "Due date"
    if (!raw) {
      errors.push({ row, field, message: `${label} is empty: ${dateHint[order]}` })
      dates[field] = null
      continue
    }
    dates[field] = parseDay(raw, order)
    if (!dates[field])
      errors.push({ row, field, message: `${label} "${raw}" is not a date Plixo can read: ${dateHint[order]}`, value: raw })
  }
  if (amountMinor !== null && balanceMinor !== null && balanceMinor > amountMinor)
    errors.push({
      row,
      field: "balance",
      message: `Balance ${rec.balance} is more than the amount ${rec.amount}: the balance is what is still owed`,
      value: rec.balance,
    })
  if (dates.issue_date && dates.due_date && dates.due_date < dates.issue_date)
    errors.push({
      row,
      field: "due_date",
      message: `Due date ${dates.due_date} is before the issue date ${dates.issue_date}`,
      value: rec.due_date,
    })
  if (
    errors.length ||
    !invoiceNumber ||
    !customerExternalId ||
    !currency ||
    amountMinor === null ||
    balanceMinor === null ||
    !dates.issue_date ||
    !dates.due_date
  )
    return { value: null, errors }
  return {
    value: { invoiceNumber, customerExternalId, currency, amountMinor, balanceMinor, issueDate: dates.issue_date, dueDate: dates.due_date },
    errors,
  }
}
