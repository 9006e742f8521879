// Connecting an ERP: the QuickBooks Online authorization-code flow (state bound to the Controller's session, the code
// exchanged for tokens that are sealed at rest at once), NetSuite token-based credentials checked with one SuiteQL
// call before they are kept, and disconnecting. Credentials never leave the server once stored.
import { and, desc, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { connectors } from "../db/schema"
import { AppError, unprocessable } from "../domain/errors"
import { erpFetcher, ErpError, type ErpFetch } from "../integrations/erp/http"
import { netsuiteBase, suiteqlPage } from "../integrations/erp/netsuite"
import type { TbaCredentials } from "../integrations/erp/oauth1"
import { authorizeUrl, exchangeCode, quickbooksConfigured } from "../integrations/erp/quickbooks-api"
import { auditInsert, type Actor } from "./audit"
import { hmacHex, randomToken, safeEqual, seal } from "./crypto"
import type { Connector } from "./connectors"

export type ErpKind = "quickbooks" | "netsuite"
export const STATE_TTL_MS = 10 * 60_000
export const erpLabel: Record<ErpKind, string> = { quickbooks: "QuickBooks Online", netsuite: "NetSuite" }

export async function connectorOf(db: Db, orgId: string, kind: Connector["kind"]): Promise<Connector | null> {
  const rows = await db
    .select()
    .from(connectors)
    .where(and(eq(connectors.orgId, orgId), eq(connectors.kind, kind)))
    .orderBy(desc(connectors.updatedAt))
    .limit(1)
  return rows[0] ?? null
}

export const redirectUri = (env: Pick<Env, "APP_URL">) => `${env.APP_URL}/admin/connectors/quickbooks/callback`

/** `<issued ms>.<nonce>.<mac>`: the mac covers organisation and session, so the callback only works in the same session. */
export async function issueState(secret: string, orgId: string, sessionId: string, now = new Date()): Promise<string> {
  const head = `${now.getTime()}.${randomToken(12)}`
  return `${head}.${await hmacHex(secret, `quickbooks|${orgId}|${sessionId}|${head}`)}`
}

export async function stateIsValid(secret: string, state: string, orgId: string, sessionId: string, now = new Date()): Promise<boolean> {
  const [issued, nonce, mac] = state.split(".")
  if (!issued || !nonce || !mac) return false
  const age = now.getTime() - Number(issued)
  if (!(age >= 0 && age <= STATE_TTL_MS)) return false
  return safeEqual(mac, await hmacHex(secret, `quickbooks|${orgId}|${sessionId}|${issued}.${nonce}`))
}

/** Where to send the Controller: Intuit's consent page with a state only this session can bring back. */
export async function startQuickbooks(env: Env, orgId: string, sessionId: string | null, now = new Date()): Promise<string> {
  if (!quickbooksConfigured(env))
    throw unprocessable(
      "QuickBooks is not configured on this deployment: set QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET (your Intuit app's keys).",
    )
  if (!env.CONNECTOR_ENCRYPTION_KEY)
    throw unprocessable(
      "Set CONNECTOR_ENCRYPTION_KEY (at least 32 characters) before connecting an ERP: tokens are stored encrypted with it.",
    )
  if (!sessionId)
    throw new AppError(
      403,
      "forbidden",
      "Connect QuickBooks from the Connectors page while signed in: an API key cannot complete Intuit's sign-in.",
    )
  return authorizeUrl(env, await issueState(env.SESSION_SECRET, orgId, sessionId, now), redirectUri(env))
}

type Callback = { code?: string; state?: string; realmId?: string; error?: string }

/** Inserts or updates the organisation's connector of this kind (active, due for a sync now) with its audit line. */
async function saveConnector(
  db: Db,
  orgId: string,
  actor: Actor,
  kind: ErpKind,
  id: string,
  values: Pick<Connector, "accountId" | "credentialExpiresAt" | "secret" | "config">,
  audit: Record<string, unknown>,
  now: Date,
) {
  const at = nowIso(now)
  const set = { ...values, status: "active" as const, lastError: null, lastErrorAt: null, nextSyncAt: at, updatedAt: at }
  const existing = await connectorOf(db, orgId, kind)
  await db.batch([
    existing
      ? db
          .update(connectors)
          .set(set)
          .where(and(eq(connectors.orgId, orgId), eq(connectors.id, id)))
      : db.insert(connectors).values({ id, orgId, kind, createdAt: at, ...set }),
    auditInsert(db, orgId, actor, { action: `connector.${kind}_connected`, subjectType: "connector", subjectId: id, after: audit }, now),
  ])
  return id
}

/** Intuit sent the Controller back: check state, exchange the code, seal the tokens. Returns the connector id. */
export async function finishQuickbooks(
  env: Env,
  db: Db,
  orgId: string,
  sessionId: string | null,
  actor: Actor,
  cb: Callback,
  now = new Date(),
  fetcher: ErpFetch = erpFetcher(env),
) {
  if (!sessionId || !cb.state || !(await stateIsValid(env.SESSION_SECRET, cb.state, orgId, sessionId, now)))
    throw new AppError(
      400,
      "validation_failed",
      "This QuickBooks sign-in did not start in this session or took longer than 10 minutes. Nothing was connected: press Connect QuickBooks again.",
    )
  if (cb.error)
    throw new AppError(
      400,
      "validation_failed",
      cb.error === "access_denied"
        ? "QuickBooks access was not granted, so nothing was connected."
        : `Intuit answered ${cb.error}; nothing was connected.`,
    )
  if (!cb.code || !cb.realmId)
    throw new AppError(400, "validation_failed", "Intuit's answer has no code or realmId; nothing was connected. Try again.")
  const existing = await connectorOf(db, orgId, "quickbooks")
  const id = existing?.id ?? newId("cnr")
  const tokens = await exchangeCode(env, cb.code, redirectUri(env), now, fetcher)
  const secret = await seal(env.CONNECTOR_ENCRYPTION_KEY, JSON.stringify(tokens), `connector:${id}`)
  // The same company again keeps its CDC cursor; another company starts with a full load.
  const sameCompany = existing?.accountId === cb.realmId
  const config = { realm_id: cb.realmId, cdc_since: sameCompany ? (existing?.config?.cdc_since ?? null) : null }
  return saveConnector(
    db,
    orgId,
    actor,
    "quickbooks",
    id,
    { accountId: cb.realmId, credentialExpiresAt: tokens.refreshExpiresAt, secret, config },
    { realm_id: cb.realmId, refresh_token_expires_at: tokens.refreshExpiresAt },
    now,
  )
}

export type NetsuiteForm = TbaCredentials & { expiresOn: string | null }

const field = (name: string, value: unknown, re: RegExp, hint: string) => {
  const v = typeof value === "string" ? value.trim() : ""
  return re.test(v) ? { v, error: null } : { v, error: { field: name, message: `${hint}` } }
}

/** Validates the form, proves the credentials with one SuiteQL call, then seals and stores them. */
export async function connectNetsuite(
  env: Env,
  db: Db,
  orgId: string,
  actor: Actor,
  input: Record<string, unknown>,
  now = new Date(),
  fetcher: ErpFetch = erpFetcher(env),
) {
  const checks = [
    field(
      "account_id",
      input.account_id,
      /^[A-Za-z0-9_-]{3,40}$/,
      "Account ID: letters, digits, - or _ (e.g. 1234567 or 1234567_SB1), from Setup → Company → Company Information",
    ),
    field(
      "consumer_key",
      input.consumer_key,
      /^\S{8,200}$/,
      "Consumer key: copy it from the integration record (8 or more characters, no spaces)",
    ),
    field("consumer_secret", input.consumer_secret, /^\S{8,200}$/, "Consumer secret: copy it from the integration record"),
    field("token_id", input.token_id, /^\S{8,200}$/, "Token ID: copy it from the access token record"),
    field("token_secret", input.token_secret, /^\S{8,200}$/, "Token secret: copy it from the access token record"),
    field(
      "expires_on",
      input.expires_on ?? "",
      /^(|\d{4}-\d{2}-\d{2})$/,
      "Expires on: a date YYYY-MM-DD, or leave it empty when the token does not expire",
    ),
  ]
  const errors = checks.flatMap((c) => (c.error ? [c.error] : []))
  const expiresOn = checks[5]!.v || null
  if (expiresOn && (Number.isNaN(Date.parse(expiresOn)) || expiresOn <= nowIso(now).slice(0, 10)))
    errors.push({ field: "expires_on", message: "Expires on must be a real date after today" })
  if (errors.length) throw new AppError(400, "validation_failed", errors.map((e) => e.message).join("; "), errors)
  if (!env.CONNECTOR_ENCRYPTION_KEY)
    throw unprocessable(
      "Set CONNECTOR_ENCRYPTION_KEY (at least 32 characters) before connecting an ERP: credentials are stored encrypted with it.",
    )
  const creds: TbaCredentials = {
    accountId: checks[0]!.v,
    consumerKey: checks[1]!.v,
    consumerSecret: checks[2]!.v,
    tokenId: checks[3]!.v,
    tokenSecret: checks[4]!.v,
  }
  try {
    await suiteqlPage(
      { base: netsuiteBase(env, creds.accountId), credentials: creds, fetcher },
      "SELECT c.id FROM customer c WHERE ROWNUM <= 1",
      1,
      0,
    )
  } catch (err) {
    if (err instanceof ErpError)
      throw new AppError(422, "unprocessable", `NetSuite did not accept these credentials: ${err.message}. Nothing was saved.`)
    throw err
  }
  const id = (await connectorOf(db, orgId, "netsuite"))?.id ?? newId("cnr")
  const secret = await seal(env.CONNECTOR_ENCRYPTION_KEY, JSON.stringify(creds), `connector:${id}`)
  const expiresAt = expiresOn ? `${expiresOn}T00:00:00.000Z` : null
  return saveConnector(
    db,
    orgId,
    actor,
    "netsuite",
    id,
    { accountId: creds.accountId, credentialExpiresAt: expiresAt, secret, config: { cursor: null } },
    { account_id: creds.accountId, expires_at: expiresAt },
    now,
  )
}

/** Forget the credentials; the imported data stays. */
export async function disconnectErp(db: Db, orgId: string, actor: Actor, kind: ErpKind, now = new Date()) {
  const c = await connectorOf(db, orgId, kind)
  if (!c || c.status === "disconnected") return
  const at = nowIso(now)
  await db.batch([
    db
      .update(connectors)
      .set({ status: "disconnected", secret: null, nextSyncAt: null, updatedAt: at })
      .where(and(eq(connectors.orgId, orgId), eq(connectors.id, c.id))),
    auditInsert(db, orgId, actor, { action: `connector.${kind}_disconnected`, subjectType: "connector", subjectId: c.id }, now),
  ])
}
