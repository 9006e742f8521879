// QuickBooks Online (read-only) entities mapped to Plixo: Customer and Invoice become importer records (the same
// validation and upsert as CSV), Payment becomes an ERP payment with its identity. HTTP lives in quickbooks-api.ts.
import type { ImportKind } from "../../domain/csv-fields"
import { recordSource, type ReceivablesSource } from "./importer"
import type { ErpPayment } from "../../domain/erp-payment"

type Ref = { value: string; name?: string }
type Meta = { MetaData?: { CreateTime?: string; LastUpdatedTime?: string } }
export type QboCustomer = {
  Id: string
  DisplayName: string
  CompanyName?: string
  GivenName?: string
  FamilyName?: string
  PrimaryEmailAddr?: { Address: string }
  PrimaryPhone?: { FreeFormNumber: string }
  CurrencyRef?: Ref
  Active?: boolean
} & Meta
export type QboInvoice = {
  Id: string
  DocNumber?: string
  CustomerRef: Ref
  CurrencyRef?: Ref
  TotalAmt: number
  Balance: number
  TxnDate: string
  DueDate?: string
} & Meta
export type QboPayment = {
  Id: string
  TotalAmt: number
  CustomerRef: Ref
  CurrencyRef?: Ref
  TxnDate: string
  PaymentRefNum?: string
  PrivateNote?: string
  PaymentMethodRef?: Ref
  Line?: { Amount: number; LinkedTxn?: { TxnId: string; TxnType: string }[] }[]
} & Meta
export type QboQueryResponse = {
  QueryResponse: { Customer?: QboCustomer[]; Invoice?: QboInvoice[]; startPosition?: number; maxResults?: number }
  time: string
}

/** QBO amounts are JSON numbers in major units: written back as fixed-point text so the CSV rules parse them exactly. */
const amount = (n: number) => n.toFixed(2)

export function quickbooksCustomerFields(c: QboCustomer): Record<string, string> {
  const contact = [c.GivenName, c.FamilyName].filter(Boolean).join(" ")
  return {
    external_id: `QBO-${c.Id}`,
    name: c.CompanyName || c.DisplayName,
    email: c.PrimaryEmailAddr?.Address ?? "",
    contact_name: contact,
    phone: c.PrimaryPhone?.FreeFormNumber ?? "",
    currency: c.CurrencyRef?.value ?? "",
  }
}

export function quickbooksInvoiceFields(i: QboInvoice, homeCurrency: string): Record<string, string> {
  return {
    invoice_number: i.DocNumber || `QBO-${i.Id}`,
    customer_external_id: `QBO-${i.CustomerRef.value}`,
    currency: i.CurrencyRef?.value ?? homeCurrency,
    amount: amount(i.TotalAmt),
    balance: amount(i.Balance),
    issue_date: i.TxnDate,
    due_date: i.DueDate ?? i.TxnDate,
    erp_ref: `quickbooks:${i.Id}`,
  }
}

/** Whole cents from a QBO amount (a JSON number in major units), without float drift. */
const minor = (n: number) => Math.round(n * 100)

export function quickbooksPayment(p: QboPayment, homeCurrency: string): ErpPayment {
  const invoiceLine = p.Line?.find((l) => l.LinkedTxn?.some((t) => t.TxnType === "Invoice"))
  return {
    erpPaymentId: `quickbooks:${p.Id}`,
    customerExternalId: `QBO-${p.CustomerRef.value}`,
    invoiceErpRef: invoiceLine ? `quickbooks:${invoiceLine.LinkedTxn!.find((t) => t.TxnType === "Invoice")!.TxnId}` : null,
    amountMinor: minor(p.TotalAmt),
    currency: p.CurrencyRef?.value ?? homeCurrency,
    receivedOn: p.TxnDate,
    reference: [p.PaymentRefNum, p.PrivateNote].filter(Boolean).join(" · ") || null,
    method: p.PaymentMethodRef?.name?.toLowerCase() ?? "other",
    payerName: p.CustomerRef.name ?? null,
  }
}

/** Pages of a QBO query (`select * from Customer` / `select * from Invoice where Balance > '0'`) as an import source. */
export function quickbooksSource(kind: ImportKind, pages: QboQueryResponse[], homeCurrency = "USD"): ReceivablesSource {
  const records =
    kind === "customers"
      ? pages
          .flatMap((p) => p.QueryResponse.Customer ?? [])
          .filter((c) => c.Active !== false)
          .map(quickbooksCustomerFields)
      : pages.flatMap((p) => p.QueryResponse.Invoice ?? []).map((i) => quickbooksInvoiceFields(i, homeCurrency))
  return recordSource("quickbooks", kind, records)
}
