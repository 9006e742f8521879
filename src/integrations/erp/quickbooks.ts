// QuickBooks Online (read-only) behind the importer interface: Query API pages of Customer and Invoice entities
// mapped to Plixo fields. OAuth and paging over the live API are not wired yet; recorded responses drive it today.
import type { ImportKind } from "../../domain/csv-fields"
import { recordSource, type ReceivablesSource } from "./importer"

type Ref = { value: string; name?: string }
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
}
export type QboInvoice = { Id: string; DocNumber?: string; CustomerRef: Ref; CurrencyRef?: Ref; TotalAmt: number; Balance: number; TxnDate: string; DueDate?: string }
export type QboQueryResponse = { QueryResponse: { Customer?: QboCustomer[]; Invoice?: QboInvoice[]; startPosition?: number; maxResults?: number }; time: string }

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
  }
}

/** Pages of a QBO query (`select * from Customer` / `select * from Invoice where Balance > '0'`) as an import source. */
export function quickbooksSource(kind: ImportKind, pages: QboQueryResponse[], homeCurrency = "USD"): ReceivablesSource {
  const records =
    kind === "customers"
      ? pages.flatMap((p) => p.QueryResponse.Customer ?? []).filter((c) => c.Active !== false).map(quickbooksCustomerFields)
      : pages.flatMap((p) => p.QueryResponse.Invoice ?? []).map((i) => quickbooksInvoiceFields(i, homeCurrency))
  return recordSource("quickbooks", kind, records)
}
