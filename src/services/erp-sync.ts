// One sync of an ERP connector: fresh tokens (QuickBooks refresh tokens rotate and are re-sealed at once), a full
// load the first time or after a 30-day gap, else only what changed (QuickBooks CDC, NetSuite lastmodifieddate);
// then customers and invoices through the CSV importer (same validation, errors and Data-Ready effect) and payments
// with one identity. Everything is fetched before anything is written; each page lands in one D1 batch.
import { and, eq } from "drizzle-orm"
import { changeLimit, invoicesChangedAt } from "../db/cadence-changes"
import type { Db } from "../db/client"
import { erpInvoiceDeleted, erpPaymentDeleted, erpPaymentStatements } from "../db/erp-payments"
import { nowIso } from "../db/ids"
import { chunk } from "../db/client"
import { connectors } from "../db/schema"
import type { ErpPayment } from "../domain/erp-payment"
import type { ImportKind } from "../domain/csv-fields"
import { ErpError, erpFetcher, type ErpFetch, type RetryOptions } from "../integrations/erp/http"
import { recordSource } from "../integrations/erp/importer"
import {
  netsuiteBase,
  netsuiteCustomerFields,
  netsuiteInvoiceFields,
  netsuitePayment,
  netsuiteQueries,
  suiteqlAll,
  type NsCustomer,
  type NsInvoice,
  type NsPayment,
} from "../integrations/erp/netsuite"
import type { TbaCredentials } from "../integrations/erp/oauth1"
import { quickbooksCustomerFields, quickbooksInvoiceFields, quickbooksPayment } from "../integrations/erp/quickbooks"
import { changesSince, QBO_CDC_DAYS, queryAll, refreshTokens, type QboClient, type TokenSet } from "../integrations/erp/quickbooks-api"
import { notifyCadence } from "../tenant/notify"
import { auditInsert, type Actor } from "./audit"
import type { Connector } from "./connectors"
import { seal, unseal } from "./crypto"
import { erpLabel, type ErpKind } from "./erp-connect"
import { createImport, processImport } from "./imports"

export const SYNC_INTERVAL_MS = 15 * 60_000
/** Backoff after rate limits or outages: 15 min, 30, 60, ... at most 6 hours. */
export const backoffMs = (failures: number) => Math.min(6 * 3_600_000, SYNC_INTERVAL_MS * 2 ** Math.max(0, failures - 1))
/** Refresh the access token when it has less than this left. */
const REFRESH_MARGIN_MS = 5 * 60_000

export type Fetched = {
  customers: Record<string, string>[]
  invoices: Record<string, string>[]
  payments: ErpPayment[]
  deletedInvoices: string[]
  deletedPayments: string[]
  cursor: string
  full: boolean
}
export type SyncResult =
  | { ok: true; full: boolean; rowsChanged: number; rowErrors: number; importIds: string[] }
  | { ok: false; kind: ErpError["kind"] | "internal"; message: string }
export type SyncOptions = { fetcher?: ErpFetch; retry?: RetryOptions }

const syncActor = (kind: ErpKind): Actor => ({ type: "system", id: null, label: `${erpLabel[kind]} sync` })
const context = (c: Connector) => `connector:${c.id}`
const where = (c: Connector) => and(eq(connectors.orgId, c.orgId), eq(connectors.id, c.id))

/** QuickBooks tokens, refreshed (and the rotated refresh token stored) when the access token is about to expire. */
async function quickbooksTokens(env: Env, db: Db, c: Connector, now: Date, opts: SyncOptions): Promise<TokenSet> {
  const tokens = JSON.parse(await unseal(env.CONNECTOR_ENCRYPTION_KEY, c.secret!, context(c))) as TokenSet
  if (Date.parse(tokens.accessExpiresAt) - now.getTime() > REFRESH_MARGIN_MS) return tokens
  const fresh = await refreshTokens(env, tokens.refreshToken, now, opts.fetcher ?? erpFetcher(env), opts.retry)
  const at = nowIso(now)
  // Stored before anything else happens: the old refresh token is spent once Intuit has answered.
  await db.batch([
    db
      .update(connectors)
      .set({
        secret: await seal(env.CONNECTOR_ENCRYPTION_KEY, JSON.stringify(fresh), context(c)),
        credentialExpiresAt: fresh.refreshExpiresAt,
        updatedAt: at,
      })
      .where(where(c)),
    auditInsert(
      db,
      c.orgId,
      syncActor("quickbooks"),
      {
        action: "connector.quickbooks_token_refreshed",
        subjectType: "connector",
        subjectId: c.id,
        after: { refresh_token_expires_at: fresh.refreshExpiresAt },
      },
      now,
    ),
  ])
  return fresh
}

async function fetchQuickbooks(env: Env, db: Db, c: Connector, now: Date, opts: SyncOptions): Promise<Fetched> {
  const tokens = await quickbooksTokens(env, db, c, now, opts)
  const client: QboClient = {
    env,
    realmId: c.accountId!,
    accessToken: tokens.accessToken,
    fetcher: opts.fetcher ?? erpFetcher(env),
    retry: opts.retry,
  }
  const since = (c.config?.cdc_since as string | null | undefined) ?? null
  const home = "USD"
  if (!since || now.getTime() - Date.parse(since) > (QBO_CDC_DAYS - 1) * 86_400_000) {
    const started = nowIso(now)
    const [customers, invoices, payments] = [
      await queryAll(client, "Customer"),
      await queryAll(client, "Invoice"),
      await queryAll(client, "Payment"),
    ]
    return {
      customers: customers.filter((x) => x.Active !== false).map(quickbooksCustomerFields),
      invoices: invoices.map((i) => quickbooksInvoiceFields(i, home)),
      payments: payments.map((p) => quickbooksPayment(p, home)),
      deletedInvoices: [],
      deletedPayments: [],
      cursor: started,
      full: true,
    }
  }
  const changes = await changesSince(client, ["Customer", "Invoice", "Payment"], since)
  return {
    customers: changes.Customer.filter((x) => x.Active !== false).map(quickbooksCustomerFields),
    invoices: changes.Invoice.map((i) => quickbooksInvoiceFields(i, home)),
    payments: changes.Payment.map((p) => quickbooksPayment(p, home)),
    deletedInvoices: changes.deleted.filter((d) => d.entity === "Invoice").map((d) => `quickbooks:${d.id}`),
    deletedPayments: changes.deleted.filter((d) => d.entity === "Payment").map((d) => `quickbooks:${d.id}`),
    cursor: changes.until,
    full: false,
  }
}

async function fetchNetsuite(env: Env, c: Connector, now: Date, opts: SyncOptions): Promise<Fetched> {
  const credentials = JSON.parse(await unseal(env.CONNECTOR_ENCRYPTION_KEY, c.secret!, context(c))) as TbaCredentials
  const client = {
    base: netsuiteBase(env, credentials.accountId),
    credentials,
    fetcher: opts.fetcher ?? erpFetcher(env),
    retry: opts.retry,
  }
  const since = (c.config?.cursor as string | null | undefined) ?? null
  const started = nowIso(now)
  const customers = await suiteqlAll<NsCustomer>(client, netsuiteQueries.customers(since))
  const invoices = await suiteqlAll<NsInvoice>(client, netsuiteQueries.invoices(since))
  const payments = await suiteqlAll<NsPayment>(client, netsuiteQueries.payments(since))
  return {
    customers: customers.map(netsuiteCustomerFields),
    invoices: invoices.map(netsuiteInvoiceFields),
    payments: payments.map(netsuitePayment),
    deletedInvoices: [],
    deletedPayments: [],
    cursor: started,
    full: !since,
  }
}

async function importRecords(db: Db, c: Connector, kind: ImportKind, records: Record<string, string>[], now: Date) {
  if (records.length === 0) return null
  const source = recordSource(c.kind, kind, records)
  const actor = syncActor(c.kind as ErpKind)
  const record = await createImport(
    db,
    c.orgId,
    actor,
    {
      kind,
      source: c.kind,
      filename: `${erpLabel[c.kind as ErpKind]} sync`,
      rowsTotal: source.total,
      mapping: {},
      options: {},
      status: "processing",
    },
    now,
  )
  const result = await processImport(db, c.orgId, actor, record, source, "iso", now)
  const done = await db.query.imports.findFirst({ where: (t, { and: a, eq: e }) => a(e(t.orgId, c.orgId), e(t.id, record.id)) })
  return { id: record.id, changed: result.changed, failedRows: done?.rowsFailed ?? 0, failed: result.failed }
}

/** Writes what was fetched: customers, payment links, invoices, then new payments, deletions and the connector. */
async function land(db: Db, c: Connector, f: Fetched, now: Date): Promise<{ rowsChanged: number; rowErrors: number; importIds: string[] }> {
  const d1 = db.$client as D1Database
  const at = nowIso(now)
  const customers = await importRecords(db, c, "customers", f.customers, now)
  const planned = f.payments.map((p) => erpPaymentStatements(d1, c.orgId, p, at))
  for (const part of chunk(planned, 50)) await d1.batch(part.map((p) => p.link))
  const invoices = await importRecords(db, c, "invoices", f.invoices, now)
  let changed = (customers?.changed ?? 0) + (invoices?.changed ?? 0)
  const tail = [
    ...planned.map((p) => p.insert),
    ...f.deletedInvoices.map((r) => erpInvoiceDeleted(d1, c.orgId, r, at)),
    ...f.deletedPayments.map((r) => erpPaymentDeleted(d1, c.orgId, r, at)),
  ]
  for (const part of chunk(tail, 90)) changed += (await d1.batch(part)).reduce((n, r) => n + (r.meta.changes ?? 0), 0)
  const rowErrors = (customers?.failedRows ?? 0) + (invoices?.failedRows ?? 0)
  const importIds = [customers?.id, invoices?.id].filter((x): x is string => !!x)
  const cursorKey = c.kind === "quickbooks" ? "cdc_since" : "cursor"
  await db.batch([
    db
      .update(connectors)
      .set({
        status: "active",
        lastSyncAt: at,
        rowsChangedLastSync: changed,
        lastSyncErrors: rowErrors,
        lastError: null,
        nextSyncAt: nowIso(new Date(now.getTime() + SYNC_INTERVAL_MS)),
        config: { ...(c.config ?? {}), [cursorKey]: f.cursor, failures: 0, import_ids: importIds },
        updatedAt: at,
      })
      .where(where(c)),
    auditInsert(
      db,
      c.orgId,
      syncActor(c.kind as ErpKind),
      {
        action: `connector.${c.kind}_synced`,
        subjectType: "connector",
        subjectId: c.id,
        after: { full: f.full, rows_changed: changed, row_errors: rowErrors, payments: f.payments.length },
      },
      now,
    ),
  ])
  return { rowsChanged: changed, rowErrors, importIds }
}

/** Turns a failure into connector health: revoked is red until reconnected; rate limits and outages back off. */
async function recordFailure(db: Db, c: Connector, err: unknown, now: Date): Promise<SyncResult> {
  const at = nowIso(now)
  const kind = err instanceof ErpError ? err.kind : "internal"
  const message = err instanceof Error ? err.message : String(err)
  const failures = Number(c.config?.failures ?? 0) + 1
  const next =
    kind === "revoked"
      ? null
      : kind === "rate_limited" || kind === "unavailable" || kind === "network"
        ? nowIso(new Date(now.getTime() + backoffMs(failures)))
        : nowIso(new Date(now.getTime() + 3_600_000))
  const shown =
    kind === "revoked"
      ? `${message}. Reconnect ${erpLabel[c.kind as ErpKind]} from Admin → Connectors.`
      : next
        ? `${message}. Plixo tries again at ${next.slice(0, 16).replace("T", " ")} UTC.`
        : message
  await db.batch([
    db
      .update(connectors)
      .set({
        status:
          kind === "revoked" ? "revoked" : kind === "rate_limited" || kind === "unavailable" || kind === "network" ? c.status : "error",
        lastError: shown,
        lastErrorAt: at,
        nextSyncAt: next,
        config: { ...(c.config ?? {}), failures },
        updatedAt: at,
      })
      .where(where(c)),
    auditInsert(
      db,
      c.orgId,
      syncActor(c.kind as ErpKind),
      {
        action: `connector.${c.kind}_sync_failed`,
        subjectType: "connector",
        subjectId: c.id,
        after: { kind, error: message, next_sync_at: next },
      },
      now,
    ),
  ])
  if (kind === "internal") console.error("erp sync failed", c.id, err)
  return { ok: false, kind, message: shown }
}

export async function syncErpConnector(env: Env, db: Db, c: Connector, now = new Date(), opts: SyncOptions = {}): Promise<SyncResult> {
  if ((c.kind !== "quickbooks" && c.kind !== "netsuite") || !c.secret)
    return { ok: false, kind: "refused", message: "This connector is not connected." }
  let fetched: Fetched
  try {
    fetched = c.kind === "quickbooks" ? await fetchQuickbooks(env, db, c, now, opts) : await fetchNetsuite(env, c, now, opts)
  } catch (err) {
    return recordFailure(db, c, err, now)
  }
  let landed: Awaited<ReturnType<typeof land>>
  try {
    landed = await land(db, c, fetched, now)
  } catch (err) {
    return recordFailure(db, c, err, now)
  }
  // Invoices, payments and deletions landed stamped with this sync's clock: those invoices are looked at again
  // (a large load re-derives the whole portfolio instead).
  if (landed.rowsChanged > 0) {
    const ids = await invoicesChangedAt(db.$client as D1Database, c.orgId, nowIso(now))
    await notifyCadence(env, c.orgId, ids.length > changeLimit ? { all: true } : { invoiceIds: ids })
  }
  return { ok: true, full: fetched.full, ...landed }
}
