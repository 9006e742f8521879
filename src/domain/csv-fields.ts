// The Plixo fields of a customer or invoice CSV and how ERP headers map onto them (API.md "Imports").

export type ImportKind = "customers" | "invoices"

export const customerFields = [
  "external_id",
  "name",
  "email",
  "contact_name",
  "phone",
  "industry",
  "region",
  "score",
  "timezone",
  "currency",
] as const
export const invoiceFields = ["invoice_number", "customer_external_id", "currency", "amount", "balance", "issue_date", "due_date"] as const
export type CustomerField = (typeof customerFields)[number]
export type InvoiceField = (typeof invoiceFields)[number]

export const fieldsOf: Record<ImportKind, readonly string[]> = { customers: customerFields, invoices: invoiceFields }

export const requiredFields: Record<ImportKind, readonly string[]> = {
  customers: ["external_id", "name"],
  invoices: ["invoice_number", "customer_external_id", "currency", "amount", "issue_date", "due_date"],
}

export const fieldLabels: Record<string, string> = {
  external_id: "Customer ID",
  name: "Customer name",
  email: "Contact email",
  contact_name: "Contact name",
  phone: "Phone",
  industry: "Industry",
  region: "Region",
  score: "Score (0-100)",
  timezone: "Time zone",
  currency: "Currency",
  invoice_number: "Invoice number",
  customer_external_id: "Customer ID",
  amount: "Amount",
  balance: "Balance",
  issue_date: "Issue date",
  due_date: "Due date",
}

/** `Invoice No.` -> `invoiceno`: case, spaces, underscores, hyphens and dots do not matter. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[\s_\-.#]+/g, "")
}

/** Headers ERPs write (NetSuite, QuickBooks, Xero, SAP, Sage exports), normalised, per field. */
const synonyms: Record<ImportKind, Record<string, string[]>> = {
  customers: {
    external_id: [
      "customerid",
      "customerno",
      "customernumber",
      "accountnumber",
      "accountno",
      "accountid",
      "clientid",
      "internalid",
      "debtorid",
      "customercode",
    ],
    name: ["customername", "customer", "company", "companyname", "accountname", "clientname", "displayname", "legalname"],
    email: ["emailaddress", "contactemail", "billingemail", "apemail", "invoiceemail", "mail"],
    contact_name: ["contact", "primarycontact", "billingcontact", "attention"],
    phone: ["phonenumber", "telephone", "tel", "contactphone"],
    industry: ["sector", "vertical"],
    region: ["territory", "area", "salesregion"],
    score: ["creditscore", "riskscore", "customerscore"],
    timezone: ["tz", "timezonename"],
    currency: ["currencycode", "curr", "ccy"],
  },
  invoices: {
    invoice_number: ["invoiceno", "invoice", "invoicenum", "invoiceid", "docnumber", "documentnumber", "ref", "reference", "number", "num"],
    customer_external_id: [
      "customerid",
      "customer",
      "customerno",
      "customernumber",
      "accountnumber",
      "accountno",
      "clientid",
      "externalid",
      "debtorid",
      "customercode",
    ],
    currency: ["currencycode", "curr", "ccy"],
    amount: ["invoiceamount", "total", "totalamount", "amountoriginal", "originalamount", "invoicetotal", "grossamount"],
    balance: ["amountdue", "balancedue", "openbalance", "openamount", "outstanding", "amountremaining", "remaining", "amountopen"],
    issue_date: ["invoicedate", "date", "txndate", "documentdate", "issued", "dateissued"],
    due_date: ["duedate", "due", "paymentduedate", "datedue"],
  },
}

/** Which field a header means, or null. */
export function fieldForHeader(kind: ImportKind, header: string): string | null {
  const key = normaliseHeader(header)
  for (const field of fieldsOf[kind]) if (normaliseHeader(field) === key) return field
  for (const [field, names] of Object.entries(synonyms[kind])) if (names.includes(key)) return field
  return null
}

export type Mapping = Record<string, string>

/**
 * Header -> field for one file. An explicit mapping (the `?mapping=` override or the picker) wins, then the
 * organisation's saved mapping, then the names and synonyms. A field is taken by at most one column; a column
 * mapped to "" is ignored.
 */
export function suggestMapping(
  kind: ImportKind,
  headers: string[],
  saved: Mapping | null = null,
  override: Mapping | null = null,
): Mapping {
  const fields = new Set(fieldsOf[kind])
  const out: Mapping = {}
  const taken = new Set<string>()
  const assign = (header: string, field: string | null | undefined) => {
    if (header in out) return
    if (field === "") {
      out[header] = ""
      return
    }
    if (!field || !fields.has(field) || taken.has(field)) return
    out[header] = field
    taken.add(field)
  }
  for (const h of headers) if (override && h in override) assign(h, override[h])
  for (const h of headers) if (saved && h in saved) assign(h, saved[h])
  for (const h of headers) assign(h, fieldForHeader(kind, h))
  for (const h of headers) if (!(h in out)) out[h] = ""
  return out
}

/** Required fields that no column is mapped to. */
export function missingFields(kind: ImportKind, mapping: Mapping): string[] {
  const mapped = new Set(Object.values(mapping))
  return requiredFields[kind].filter((f) => !mapped.has(f))
}

/** Template header line and one example row for the downloadable templates. */
export const templates: Record<ImportKind, string> = {
  customers:
    "external_id,name,email,contact_name,phone,industry,region,score,timezone,currency\r\n" +
    "C-1001,Northwind Traders,ap@northwind.example,Dana Reyes,+1 212 555 0100,Wholesale,US East,72,America/New_York,USD\r\n",
  invoices:
    "invoice_number,customer_external_id,currency,amount,balance,issue_date,due_date\r\n" +
    "INV-10001,C-1001,USD,1250.00,1250.00,2026-10-01,2026-10-31\r\n",
}
