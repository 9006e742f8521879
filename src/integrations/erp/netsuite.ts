// NetSuite (read-only) through SuiteQL over REST web services: `POST /services/rest/query/v1/suiteql` with
// `Prefer: transient`, TBA-signed, paged with limit/offset until `hasMore` is false. Customers, open and changed
// invoices, and customer payments with the invoice each applies to, mapped to the importer's fields.
import type { ErpPayment } from "../../domain/erp-payment"
import { ErpError, requestWithRetry, type ErpFetch, type RetryOptions } from "./http"
import { tbaHeader, type TbaCredentials } from "./oauth1"

/** NetSuite: at most 1,000 rows per SuiteQL page. */
export const SUITEQL_PAGE = 1000

export function netsuiteBase(env: Pick<Env, "NETSUITE_API_BASE">, accountId: string): string {
  if (env.NETSUITE_API_BASE) return env.NETSUITE_API_BASE.replace(/\/$/, "")
  return `https://${accountId.toLowerCase().replace(/_/g, "-")}.suitetalk.api.netsuite.com`
}

export type SuiteqlPage<T> = {
  links: { rel: string; href: string }[]
  count: number
  hasMore: boolean
  items: (T & { links?: unknown[] })[]
  offset: number
  totalResults: number
}
export type NetsuiteClient = { base: string; credentials: TbaCredentials; fetcher: ErpFetch; retry?: RetryOptions; pageSize?: number }

/** One page of a query (TBA-signed, transient). */
export async function suiteqlPage<T>(client: NetsuiteClient, q: string, limit: number, offset: number): Promise<SuiteqlPage<T>> {
  const url = `${client.base}/services/rest/query/v1/suiteql?limit=${limit}&offset=${offset}`
  const res = await requestWithRetry(
    client.fetcher,
    url,
    {
      method: "POST",
      headers: {
        Authorization: await tbaHeader(client.credentials, "POST", url),
        Prefer: "transient",
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: JSON.stringify({ q }),
    },
    "NetSuite",
    client.retry,
  )
  if (res.status === 401 || res.status === 403)
    throw new ErpError(
      "revoked",
      `NetSuite refused Plixo's token (HTTP ${res.status}): the access token was revoked or its role lost permission`,
      res.status,
    )
  if (!res.ok)
    throw new ErpError(
      "refused",
      `NetSuite answered HTTP ${res.status} to a SuiteQL query: ${(await res.text()).slice(0, 300)}`,
      res.status,
    )
  return (await res.json()) as SuiteqlPage<T>
}

/** Every row of a query: follows pages by offset while NetSuite says `hasMore`. */
export async function suiteqlAll<T>(client: NetsuiteClient, q: string): Promise<T[]> {
  const rows: T[] = []
  const limit = client.pageSize ?? SUITEQL_PAGE
  for (let offset = 0, guard = 0; guard < 200; guard++) {
    const page = await suiteqlPage<T>(client, q, limit, offset)
    rows.push(...page.items.map(({ links: _, ...item }) => item as T))
    if (!page.hasMore || page.items.length === 0) return rows
    offset = page.offset + page.items.length
  }
  return rows
}

/** `TO_TIMESTAMP` literal for an incremental filter (SuiteQL has no bound parameters over REST). */
const since = (iso: string | null) =>
  iso ? ` AND t.lastmodifieddate > TO_TIMESTAMP('${iso.slice(0, 19).replace("T", " ")}', 'YYYY-MM-DD HH24:MI:SS')` : ""
const sinceCustomer = (iso: string | null) => since(iso).replace("t.lastmodifieddate", "c.lastmodifieddate")

export const netsuiteQueries = {
  customers: (changedSince: string | null) =>
    `SELECT c.id, c.entityid, c.companyname, c.email, c.phone, cur.symbol AS currency, c.isinactive FROM customer c LEFT JOIN currency cur ON cur.id = c.currency WHERE c.isinactive = 'F'${sinceCustomer(changedSince)} ORDER BY c.id`,
  invoices: (changedSince: string | null) =>
    `SELECT t.id, t.tranid, t.entity, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate, TO_CHAR(t.duedate, 'YYYY-MM-DD') AS duedate, t.foreigntotal, t.foreignamountremaining, cur.symbol AS currency FROM transaction t JOIN currency cur ON cur.id = t.currency WHERE t.type = 'CustInvc'${changedSince ? since(changedSince) : " AND t.foreignamountremaining > 0"} ORDER BY t.id`,
  payments: (changedSince: string | null) =>
    `SELECT t.id, t.tranid, t.entity, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate, t.foreigntotal, cur.symbol AS currency, t.memo, t.otherrefnum, MIN(ptl.previousdoc) AS appliedto FROM transaction t JOIN currency cur ON cur.id = t.currency LEFT JOIN PreviousTransactionLink ptl ON ptl.nextdoc = t.id AND ptl.linktype = 'Payment' WHERE t.type = 'CustPymt'${since(changedSince)} GROUP BY t.id, t.tranid, t.entity, t.trandate, t.foreigntotal, cur.symbol, t.memo, t.otherrefnum ORDER BY t.id`,
}

export type NsCustomer = {
  id: string
  entityid: string
  companyname: string | null
  email: string | null
  phone: string | null
  currency: string | null
  isinactive: string
}
export type NsInvoice = {
  id: string
  tranid: string
  entity: string
  trandate: string
  duedate: string | null
  foreigntotal: string
  foreignamountremaining: string
  currency: string
}
export type NsPayment = {
  id: string
  tranid: string
  entity: string
  trandate: string
  foreigntotal: string
  currency: string
  memo: string | null
  otherrefnum: string | null
  appliedto: string | null
}

/** SuiteQL numbers arrive as text or numbers in major units; written back as fixed-point text for the CSV rules. */
const fixed = (v: string | number) => Number(v).toFixed(2)

export function netsuiteCustomerFields(c: NsCustomer): Record<string, string> {
  return {
    external_id: `NS-${c.id}`,
    name: c.companyname || c.entityid,
    email: c.email ?? "",
    phone: c.phone ?? "",
    currency: c.currency ?? "",
  }
}

export function netsuiteInvoiceFields(i: NsInvoice): Record<string, string> {
  return {
    invoice_number: i.tranid,
    customer_external_id: `NS-${i.entity}`,
    currency: i.currency,
    amount: fixed(i.foreigntotal),
    balance: fixed(i.foreignamountremaining),
    issue_date: i.trandate,
    due_date: i.duedate ?? i.trandate,
    erp_ref: `netsuite:${i.id}`,
  }
}

export function netsuitePayment(p: NsPayment): ErpPayment {
  return {
    erpPaymentId: `netsuite:${p.id}`,
    customerExternalId: `NS-${p.entity}`,
    invoiceErpRef: p.appliedto ? `netsuite:${p.appliedto}` : null,
    amountMinor: Math.round(Number(p.foreigntotal) * 100),
    currency: p.currency,
    receivedOn: p.trandate,
    reference: [p.otherrefnum, p.memo].filter(Boolean).join(" · ") || null,
    method: "other",
    payerName: null,
  }
}
