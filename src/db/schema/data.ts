// Data in and its health: imports, import errors, saved mappings, connectors, Stripe events, Data-Ready.
import type { DataReadyCheck } from "../../domain/data-ready"
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core"
import { at, createdAt, day, id, json, orgId } from "./_common"

export const imports = sqliteTable(
  "imports",
  {
    id: id(),
    orgId: orgId(),
    kind: text({ enum: ["customers", "invoices"] }).notNull(),
    source: text().notNull().default("csv"),
    filename: text(),
    status: text({ enum: ["pending", "processing", "completed", "failed"] })
      .notNull()
      .default("pending"),
    rowsTotal: integer().notNull().default(0),
    rowsProcessed: integer().notNull().default(0),
    rowsImported: integer().notNull().default(0),
    rowsFailed: integer().notNull().default(0),
    mapping: json<Record<string, string>>(),
    options: json<Record<string, string>>(),
    error: text(),
    createdBy: text(),
    createdAt: createdAt(),
    completedAt: at(),
  },
  (t) => [index("imports_org_created").on(t.orgId, t.createdAt)],
)

export const importErrors = sqliteTable(
  "import_errors",
  {
    id: id(),
    orgId: orgId(),
    importId: text().notNull(),
    row: integer().notNull(),
    field: text().notNull(),
    message: text().notNull(),
    value: text(),
  },
  (t) => [index("import_errors_org_import").on(t.orgId, t.importId, t.row)],
)

/** The column -> field mapping an organisation used last, offered again on the next upload. */
export const importMappings = sqliteTable(
  "import_mappings",
  {
    orgId: orgId(),
    kind: text().notNull(),
    mapping: json<Record<string, string>>().notNull(),
    updatedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind] })],
)

export const connectors = sqliteTable(
  "connectors",
  {
    id: id(),
    orgId: orgId(),
    kind: text({ enum: ["stripe", "quickbooks", "netsuite"] }).notNull(),
    status: text({ enum: ["pending", "active", "error", "expiring", "expired", "disconnected", "revoked"] })
      .notNull()
      .default("pending"),
    accountId: text(),
    credentialExpiresAt: at(),
    lastEventAt: at(),
    lastSyncAt: at(),
    lastError: text(),
    lastErrorAt: at(),
    testEventSentAt: at(),
    testEventReceivedAt: at(),
    config: json<Record<string, unknown>>(),
    /** ERP credentials and tokens, AES-GCM encrypted with CONNECTOR_ENCRYPTION_KEY; never shown again once stored. */
    secret: text(),
    /** Rows the last sync inserted or changed (0 when nothing changed), and rows it refused. */
    rowsChangedLastSync: integer(),
    lastSyncErrors: integer().notNull().default(0),
    /** The cron syncs an ERP connector once this time has passed (backoff after 429/5xx moves it later). */
    nextSyncAt: at(),
    createdAt: createdAt(),
    updatedAt: text().notNull(),
  },
  (t) => [index("connectors_org_kind").on(t.orgId, t.kind)],
)

/** Routing table for the single Connect webhook: connected account -> organisation. Not tenant data. */
export const stripeAccounts = sqliteTable("stripe_accounts", {
  accountId: text().primaryKey(),
  orgId: text().notNull(),
  createdAt: createdAt(),
})

/** Every Stripe event received, recorded in the same batch as its effects: the id makes it apply once. */
export const stripeEvents = sqliteTable(
  "stripe_events",
  {
    orgId: text().notNull(),
    id: text().notNull(),
    type: text().notNull(),
    account: text(),
    created: integer().notNull(),
    livemode: integer({ mode: "boolean" }).notNull().default(false),
    status: text({ enum: ["received", "applied", "ignored", "unknown_account", "failed"] }).notNull(),
    error: text(),
    payload: text(),
    receivedAt: text().notNull(),
    processedAt: at(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("stripe_events_org_received").on(t.orgId, t.receivedAt)],
)

/** Webhook deliveries refused before an organisation could be known (bad signature, stale timestamp). */
export const webhookFailures = sqliteTable(
  "webhook_failures",
  {
    id: id(),
    source: text().notNull(),
    reason: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_failures_created").on(t.createdAt)],
)

export const dataReadySnapshots = sqliteTable(
  "data_ready_snapshots",
  {
    orgId: orgId(),
    day: day().notNull(),
    score: integer().notNull(),
    status: text({ enum: ["green", "amber", "red"] }).notNull(),
    checks: json<DataReadyCheck[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
)

export const dailyMetrics = sqliteTable(
  "daily_metrics",
  {
    orgId: orgId(),
    day: day().notNull(),
    currency: text().notNull(),
    openArMinor: integer().notNull(),
    cashCollectedMinor: integer().notNull(),
    dsoDays: integer(),
    invoicesOpen: integer().notNull().default(0),
    sends: integer().notNull().default(0),
    bounces: integer().notNull().default(0),
    complaints: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
)

/** Idempotency tokens of forms and API calls (portal forms, manual actions): a replay returns the first result. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    orgId: orgId(),
    key: text().notNull(),
    result: text(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
)

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    orgId: orgId(),
    actorType: text({ enum: ["user", "api_key", "system", "payer", "stripe"] }).notNull(),
    actorId: text(),
    actorLabel: text(),
    action: text().notNull(),
    subjectType: text(),
    subjectId: text(),
    before: json<unknown>(),
    after: json<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_org_created").on(t.orgId, t.createdAt),
    index("audit_org_action").on(t.orgId, t.action, t.createdAt),
    index("audit_org_actor").on(t.orgId, t.actorId, t.createdAt),
    index("audit_org_subject").on(t.orgId, t.subjectType, t.subjectId),
  ],
)
