// QuickBooks Online over HTTP: Intuit's OAuth 2.0 authorization-code flow (authorize URL, code exchange, refresh with
// rotation), the Query API paged with STARTPOSITION/MAXRESULTS, and Change Data Capture (`/cdc`) for increments.
// Read-only: the only scope asked for is com.intuit.quickbooks.accounting and nothing is ever written back.
import { ErpError, erpFetcher, requestWithRetry, type ErpFetch, type RetryOptions } from "./http"
import type { QboCustomer, QboInvoice, QboPayment } from "./quickbooks"

export const QBO_SCOPE = "com.intuit.quickbooks.accounting"
/** Intuit: at most 1,000 rows per Query API page and 1,000 objects per CDC response. */
export const QBO_PAGE = 1000
/** Intuit keeps 30 days of changes; older cursors need a full load. */
export const QBO_CDC_DAYS = 30
export const QBO_MINOR_VERSION = "75"

export type QboEntity = "Customer" | "Invoice" | "Payment"
export type QboRecord = { Customer: QboCustomer; Invoice: QboInvoice; Payment: QboPayment }
export type TokenSet = { accessToken: string; refreshToken: string; accessExpiresAt: string; refreshExpiresAt: string }

type Env_ = Pick<Env, "QUICKBOOKS_API_BASE" | "QUICKBOOKS_CLIENT_ID" | "QUICKBOOKS_CLIENT_SECRET">

/** Intuit's endpoints, or the local fake's when QUICKBOOKS_API_BASE is a path. */
export function quickbooksEndpoints(env: Env_) {
  const api = (env.QUICKBOOKS_API_BASE || "https://quickbooks.api.intuit.com").replace(/\/$/, "")
  if (api.startsWith("/")) return { api, authorize: `${api}/connect/oauth2`, token: `${api}/oauth2/v1/tokens/bearer` }
  return {
    api,
    authorize: "https://appcenter.intuit.com/connect/oauth2",
    token: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
  }
}

export const quickbooksConfigured = (env: Env_) => !!env.QUICKBOOKS_CLIENT_ID && !!env.QUICKBOOKS_CLIENT_SECRET

export function authorizeUrl(env: Env_, state: string, redirectUri: string): string {
  const q = new URLSearchParams({
    client_id: env.QUICKBOOKS_CLIENT_ID,
    response_type: "code",
    scope: QBO_SCOPE,
    redirect_uri: redirectUri,
    state,
  })
  return `${quickbooksEndpoints(env).authorize}?${q}`
}

type TokenResponse = {
  access_token: string
  refresh_token: string
  expires_in: number
  x_refresh_token_expires_in: number
  token_type: string
}

async function tokenRequest(env: Env_, body: URLSearchParams, now: Date, fetcher: ErpFetch, retry?: RetryOptions): Promise<TokenSet> {
  const res = await requestWithRetry(
    fetcher,
    quickbooksEndpoints(env).token,
    {
      method: "POST",
      headers: {
        Authorization: `Basic ${btoa(`${env.QUICKBOOKS_CLIENT_ID}:${env.QUICKBOOKS_CLIENT_SECRET}`)}`,
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body,
    },
    "QuickBooks sign-in",
    retry,
  )
  const json = (await res.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string; error_description?: string }
  // invalid_grant: the refresh token was revoked, expired or already rotated away; only a new sign-in helps.
  if (json.error === "invalid_grant")
    throw new ErpError(
      "revoked",
      "QuickBooks no longer accepts Plixo's authorisation (invalid_grant): it was revoked or has expired",
      res.status,
    )
  if (!res.ok || !json.access_token || !json.refresh_token)
    throw new ErpError(
      "refused",
      `QuickBooks refused the token request (HTTP ${res.status}${json.error ? `, ${json.error}` : ""})`,
      res.status,
    )
  return {
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
    accessExpiresAt: new Date(now.getTime() + (json.expires_in ?? 3600) * 1000).toISOString(),
    refreshExpiresAt: new Date(now.getTime() + (json.x_refresh_token_expires_in ?? 100 * 86_400) * 1000).toISOString(),
  }
}

export function exchangeCode(env: Env, code: string, redirectUri: string, now = new Date(), fetcher: ErpFetch = erpFetcher(env)) {
  return tokenRequest(env, new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri }), now, fetcher)
}

/** Intuit returns a new refresh token on every refresh; the caller must store it and forget the old one. */
export function refreshTokens(env: Env, refreshToken: string, now = new Date(), fetcher: ErpFetch = erpFetcher(env), retry?: RetryOptions) {
  return tokenRequest(env, new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }), now, fetcher, retry)
}

export type QboClient = { env: Env; realmId: string; accessToken: string; fetcher: ErpFetch; retry?: RetryOptions }

async function getJson<T>(client: QboClient, path: string, params: Record<string, string>): Promise<T> {
  const url = `${quickbooksEndpoints(client.env).api}/v3/company/${encodeURIComponent(client.realmId)}/${path}?${new URLSearchParams({ ...params, minorversion: QBO_MINOR_VERSION })}`
  const res = await requestWithRetry(
    client.fetcher,
    url,
    { headers: { Authorization: `Bearer ${client.accessToken}`, Accept: "application/json" } },
    "QuickBooks",
    client.retry,
  )
  if (res.status === 401 || res.status === 403)
    throw new ErpError("revoked", `QuickBooks refused Plixo's access token (HTTP ${res.status})`, res.status)
  if (!res.ok)
    throw new ErpError("refused", `QuickBooks answered HTTP ${res.status} to ${path}: ${(await res.text()).slice(0, 200)}`, res.status)
  return (await res.json()) as T
}

/** Every row of an entity through the Query API, 1,000 per page, until a short page. */
export async function queryAll<E extends QboEntity>(client: QboClient, entity: E, where = ""): Promise<QboRecord[E][]> {
  const rows: QboRecord[E][] = []
  for (let start = 1; ; start += QBO_PAGE) {
    const body = await getJson<{ QueryResponse: Partial<Record<E, QboRecord[E][]>> }>(client, "query", {
      query: `select * from ${entity}${where ? ` where ${where}` : ""} STARTPOSITION ${start} MAXRESULTS ${QBO_PAGE}`,
    })
    const page = body.QueryResponse[entity] ?? []
    rows.push(...page)
    if (page.length < QBO_PAGE) return rows
  }
}

type CdcResponse = { CDCResponse: { QueryResponse: Partial<Record<QboEntity, unknown[]>>[] }[]; time: string }
export type Changes = { [E in QboEntity]: QboRecord[E][] } & { deleted: { entity: QboEntity; id: string }[]; until: string }

const lastUpdated = (r: { MetaData?: { LastUpdatedTime?: string } }) => Date.parse(r.MetaData?.LastUpdatedTime ?? "") || 0

/**
 * Everything changed since `since` (CDC). A response is capped at 1,000 objects: when it is full, ask again from the
 * newest change it held, until a response comes back under the cap. Later versions of a record replace earlier ones.
 */
export async function changesSince(client: QboClient, entities: QboEntity[], since: string): Promise<Changes> {
  const latest = new Map<string, { entity: QboEntity; row: Record<string, unknown> & { Id: string; status?: string } }>()
  let cursor = since
  let until = since
  for (let round = 0; round < 50; round++) {
    const body = await getJson<CdcResponse>(client, "cdc", { entities: entities.join(","), changedSince: cursor })
    until = body.time ?? until
    let count = 0
    let newest = 0
    for (const group of body.CDCResponse[0]?.QueryResponse ?? []) {
      for (const entity of entities) {
        for (const row of (group[entity] ?? []) as (Record<string, unknown> & { Id: string; status?: string })[]) {
          count++
          newest = Math.max(newest, lastUpdated(row as { MetaData?: { LastUpdatedTime?: string } }))
          latest.set(`${entity}:${row.Id}`, { entity, row })
        }
      }
    }
    if (count < QBO_PAGE || newest === 0) break
    cursor = new Date(newest).toISOString()
  }
  const out: Changes = { Customer: [], Invoice: [], Payment: [], deleted: [], until }
  for (const { entity, row } of latest.values()) {
    if (row.status === "Deleted") out.deleted.push({ entity, id: row.Id })
    else (out[entity] as unknown[]).push(row)
  }
  return out
}
