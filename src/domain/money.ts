// Money as integer minor units plus an ISO 4217 code. Never floats: parsing and formatting go through strings.

export type Money = { amountMinor: number; currency: string }

/** ISO 4217 codes in circulation (2024) with their minor-unit exponent when it is not 2. */
const zeroDecimal = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "UYI",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
])
const threeDecimal = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])

export const iso4217 = new Set(
  (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF " +
    "CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG " +
    "HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA " +
    "MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD " +
    "RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX " +
    "USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"
  ).split(" "),
)

export function isCurrency(code: string): boolean {
  return iso4217.has(code)
}

/** `usd` -> `USD`; null when the code is not ISO 4217. */
export function normaliseCurrency(code: string): string | null {
  const upper = code.trim().toUpperCase()
  return iso4217.has(upper) ? upper : null
}

export function minorDigits(currency: string): number {
  if (zeroDecimal.has(currency)) return 0
  if (threeDecimal.has(currency)) return 3
  return 2
}

/**
 * Parse an amount as an ERP writes it (`1,250.00`, `$1 250,00` with `decimal: ","`, `(12.00)`) into minor units.
 * Returns null when the text is not a number or has more decimals than the currency allows.
 */
export function parseAmount(text: string, currency: string, decimal: "." | "," = "."): number | null {
  let s = text.trim().replace(/[\s\u00a0]/g, "")
  let negative = false
  if (/^\(.*\)$/.test(s)) {
    negative = true
    s = s.slice(1, -1)
  }
  s = s.replace(/^[^\d\-+.,]+|[^\d.,]+$/g, "") // currency symbols or codes around the number
  if (s.startsWith("-")) {
    negative = !negative
    s = s.slice(1)
  } else if (s.startsWith("+")) s = s.slice(1)
  const thousands = decimal === "." ? "," : "."
  if (!new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})*(\\${decimal}\\d+)?$|^\\d+(\\${decimal}\\d+)?$`).test(s)) return null
  const [whole, fraction = ""] = s.split(thousands).join("").split(decimal)
  const digits = minorDigits(currency)
  if (fraction.length > digits) return null
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0")
  if (!Number.isSafeInteger(minor)) return null
  return negative ? -minor : minor
}

/** Minor units -> a plain decimal string (`125000`, `USD` -> `1250.00`), for CSV and forms. */
export function toDecimalString(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency)
  const sign = amountMinor < 0 ? "-" : ""
  const abs = Math.abs(amountMinor)
    .toString()
    .padStart(digits + 1, "0")
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`
}

/** Locale-aware display, e.g. `$1,250.00`, `1.250,00 €`. */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const digits = minorDigits(currency)
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits)
}

/** Totals per currency: money in different currencies is never added together. */
export function sumByCurrency(items: Money[]): Money[] {
  const totals = new Map<string, number>()
  for (const { amountMinor, currency } of items) totals.set(currency, (totals.get(currency) ?? 0) + amountMinor)
  return [...totals].map(([currency, amountMinor]) => ({ currency, amountMinor })).sort((a, b) => b.amountMinor - a.amountMinor)
}
