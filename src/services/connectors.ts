// Connectors: Stripe Connect onboarding (Account Links), the test event, and connector health (active, error,
// expiring, expired, revoked) with the re-authenticate banner from 14 days before a credential expires, and the
// green/amber/red/disconnected status the API and the Data-Ready widget show for every kind.
import { and, desc, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { connectors, stripeAccounts } from "../db/schema"
import { createStripe } from "../integrations/stripe"
import { auditInsert, type Actor } from "./audit"

export type Connector = typeof connectors.$inferSelect
export const EXPIRY_WARNING_DAYS = 14

export async function stripeConnector(db: Db, orgId: string): Promise<Connector | null> {
  const rows = await db
    .select()
    .from(connectors)
    .where(and(eq(connectors.orgId, orgId), eq(connectors.kind, "stripe")))
    .orderBy(desc(connectors.updatedAt))
    .limit(1)
  return rows[0] ?? null
}

export type Health = {
  status: "not_connected" | "pending" | "active" | "error" | "expiring" | "expired" | "disconnected" | "revoked"
  banner: string | null
  daysToExpiry: number | null
}

/** The status people see: credential expiry outranks the stored status; an error in the last 24 hours shows as error. */
export function connectorHealth(c: Connector | null, now: Date): Health {
  if (!c) return { status: "not_connected", banner: null, daysToExpiry: null }
  if (c.status === "disconnected") return { status: "disconnected", banner: null, daysToExpiry: null }
  if (c.status === "revoked")
    return {
      status: "revoked",
      banner: `${label(c.kind)} no longer accepts Plixo's authorisation (revoked, or the password or role changed). Nothing syncs until you reconnect ${label(c.kind)}.`,
      daysToExpiry: null,
    }
  const days = c.credentialExpiresAt ? Math.floor((Date.parse(c.credentialExpiresAt) - now.getTime()) / 86_400_000) : null
  if (days !== null && days < 0)
    return {
      status: "expired",
      banner: `The ${label(c.kind)} credentials expired on ${c.credentialExpiresAt!.slice(0, 10)}. Nothing syncs until you re-authenticate.`,
      daysToExpiry: days,
    }
  if (days !== null && days <= EXPIRY_WARNING_DAYS)
    return {
      status: "expiring",
      banner: `The ${label(c.kind)} credentials expire on ${c.credentialExpiresAt!.slice(0, 10)} (in ${days} day${days === 1 ? "" : "s"}). Re-authenticate to keep data flowing.`,
      daysToExpiry: days,
    }
  const recentError =
    c.lastErrorAt && now.getTime() - Date.parse(c.lastErrorAt) < 86_400_000 && (!c.lastEventAt || c.lastEventAt < c.lastErrorAt)
  if (c.status === "error" || recentError) return { status: "error", banner: null, daysToExpiry: days }
  return { status: c.status === "expiring" || c.status === "expired" ? "active" : c.status, banner: null, daysToExpiry: days }
}

export const label = (kind: string) =>
  kind === "stripe" ? "Stripe" : kind === "quickbooks" ? "QuickBooks Online" : kind === "netsuite" ? "NetSuite" : "CSV import"

export type ApiStatus = "green" | "amber" | "red" | "disconnected"
/** An ERP that has not synced for this long is stale (the cron syncs every 15 minutes). */
export const STALE_SYNC_MS = 2 * 3_600_000

/** The traffic light: red needs action now, amber soon (expiring, refused rows, stale, onboarding), green is healthy. */
export function apiStatus(c: Connector | null, health: Health, now: Date): ApiStatus {
  switch (health.status) {
    case "not_connected":
    case "disconnected":
      return "disconnected"
    case "revoked":
    case "expired":
    case "error":
      return "red"
    case "expiring":
    case "pending":
      return "amber"
    default: {
      if (c && c.kind !== "stripe" && (c.lastSyncErrors > 0 || !c.lastSyncAt || now.getTime() - Date.parse(c.lastSyncAt) > STALE_SYNC_MS))
        return "amber"
      return "green"
    }
  }
}

export class ConnectorRefused extends Error {}

/**
 * Starts (or resumes) Stripe Connect onboarding: creates the connected account once, stores it on the connector and
 * in the webhook routing table, and returns the Account Link to send the Controller to.
 */
export async function startStripeOnboarding(env: Env, db: Db, orgId: string, actor: Actor, now: Date = new Date()): Promise<string> {
  const stripe = createStripe(env)
  if (!stripe)
    throw new ConnectorRefused(
      "Stripe is not configured on this deployment: set STRIPE_SECRET_KEY (the platform's secret key) and STRIPE_WEBHOOK_SECRET.",
    )
  const existing = await stripeConnector(db, orgId)
  let accountId = existing?.accountId ?? null
  const at = nowIso(now)
  if (!accountId) {
    const account = await stripe.accounts.create({ type: "standard", metadata: { plixo_org_id: orgId } })
    accountId = account.id
    const connectorId = existing?.id ?? newId("cnr")
    await db.batch([
      existing
        ? db
            .update(connectors)
            .set({ accountId, status: "pending", updatedAt: at })
            .where(and(eq(connectors.orgId, orgId), eq(connectors.id, existing.id)))
        : db
            .insert(connectors)
            .values({ id: connectorId, orgId, kind: "stripe", status: "pending", accountId, createdAt: at, updatedAt: at }),
      db.insert(stripeAccounts).values({ accountId, orgId, createdAt: at }).onConflictDoNothing(),
      auditInsert(
        db,
        orgId,
        actor,
        { action: "connector.stripe_account_created", subjectType: "connector", subjectId: connectorId, after: { account_id: accountId } },
        now,
      ),
    ])
  }
  const link = await stripe.accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    refresh_url: `${env.APP_URL}/admin/connectors/stripe/refresh`,
    return_url: `${env.APP_URL}/admin/connectors/stripe/return`,
  })
  return link.url
}

/** After onboarding: the account is active once Stripe has its details; credentials are valid for a year. */
export async function finishStripeOnboarding(
  env: Env,
  db: Db,
  orgId: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<Connector | null> {
  const stripe = createStripe(env)
  const c = await stripeConnector(db, orgId)
  if (!stripe || !c?.accountId) return c
  const account = await stripe.accounts.retrieve(c.accountId)
  const ready = account.details_submitted === true
  const at = nowIso(now)
  await db.batch([
    db
      .update(connectors)
      .set({
        status: ready ? "active" : "pending",
        credentialExpiresAt: ready ? nowIso(new Date(now.getTime() + 365 * 86_400_000)) : c.credentialExpiresAt,
        lastSyncAt: at,
        updatedAt: at,
      })
      .where(and(eq(connectors.orgId, orgId), eq(connectors.id, c.id))),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "connector.stripe_onboarding_returned", subjectType: "connector", subjectId: c.id, after: { details_submitted: ready } },
      now,
    ),
  ])
  return stripeConnector(db, orgId)
}

/** "Send test event": a small marked Customer on the connected account; its customer.created webhook sets the badge. */
export async function sendStripeTestEvent(env: Env, db: Db, orgId: string, actor: Actor, now: Date = new Date()) {
  const stripe = createStripe(env)
  if (!stripe) throw new ConnectorRefused("Stripe is not configured on this deployment: set STRIPE_SECRET_KEY to send a test event.")
  const c = await stripeConnector(db, orgId)
  if (!c?.accountId) throw new ConnectorRefused("Connect Stripe first: the test event is created on your connected account.")
  const customer = await stripe.customers.create(
    {
      name: "Plixo webhook test",
      description: "Created by Plixo to check webhooks (safe to delete)",
      metadata: { plixo_test_event: "true", plixo_org_id: orgId },
    },
    { stripeAccount: c.accountId },
  )
  const at = nowIso(now)
  await db.batch([
    db
      .update(connectors)
      .set({ testEventSentAt: at, updatedAt: at })
      .where(and(eq(connectors.orgId, orgId), eq(connectors.id, c.id))),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "connector.stripe_test_sent", subjectType: "connector", subjectId: c.id, after: { stripe_customer: customer.id } },
      now,
    ),
  ])
  return customer.id
}

export type ConnectorKind = "stripe" | "quickbooks" | "netsuite" | "csv"
export type ConnectorSummary = {
  kind: ConnectorKind
  label: string
  connector: Connector | null
  health: Health
  status: ApiStatus
  lastSyncAt: string | null
  expiresAt: string | null
  rowsChangedLastSync: number | null
  errors: number
  lastError: string | null
}

/**
 * Every kind, connected or not (API.md `GET /api/v1/connectors`). CSV has no credential: green when the last upload
 * of the last 7 days completed without refused rows, amber when it is older or refused rows, red when it failed.
 */
export async function connectorSummaries(db: Db, orgId: string, now: Date = new Date()): Promise<ConnectorSummary[]> {
  const [rows, lastCsv] = await Promise.all([
    db.select().from(connectors).where(eq(connectors.orgId, orgId)).orderBy(desc(connectors.updatedAt)),
    db.query.imports.findFirst({
      where: (t, { and: a, eq: e, ne }) => a(e(t.orgId, orgId), e(t.source, "csv"), ne(t.status, "pending")),
      orderBy: (t, { desc: d }) => [d(t.createdAt)],
    }),
  ])
  const out: ConnectorSummary[] = (["stripe", "quickbooks", "netsuite"] as const).map((kind) => {
    const c = rows.find((r) => r.kind === kind) ?? null
    const health = connectorHealth(c, now)
    return {
      kind,
      label: label(kind),
      connector: c,
      health,
      status: apiStatus(c, health, now),
      lastSyncAt: c?.lastSyncAt ?? c?.lastEventAt ?? null,
      expiresAt: c?.credentialExpiresAt ?? null,
      rowsChangedLastSync: c?.rowsChangedLastSync ?? null,
      errors: c?.lastSyncErrors ?? 0,
      lastError: c?.lastError ?? null,
    }
  })
  const csvAt = lastCsv?.completedAt ?? lastCsv?.createdAt ?? null
  const csvStatus: ApiStatus = !lastCsv
    ? "disconnected"
    : lastCsv.status === "failed"
      ? "red"
      : lastCsv.status === "completed" && lastCsv.rowsFailed === 0 && csvAt && now.getTime() - Date.parse(csvAt) <= 7 * 86_400_000
        ? "green"
        : "amber"
  out.push({
    kind: "csv",
    label: label("csv"),
    connector: null,
    health: { status: lastCsv ? "active" : "not_connected", banner: null, daysToExpiry: null },
    status: csvStatus,
    lastSyncAt: csvAt,
    expiresAt: null,
    rowsChangedLastSync: lastCsv?.options?.rows_changed !== undefined ? Number(lastCsv.options.rows_changed) : null,
    errors: lastCsv?.rowsFailed ?? 0,
    lastError: lastCsv?.error ?? null,
  })
  return out
}
