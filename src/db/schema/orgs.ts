// Organisations, people, access: users, memberships, invitations, sessions, sign-in tokens, API keys.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core"
import { at, createdAt, flag, id, orgId } from "./_common"

export const organisations = sqliteTable("organisations", {
  id: id(),
  name: text().notNull(),
  planTier: text({ enum: ["starter", "growth", "scale", "enterprise"] })
    .notNull()
    .default("starter"),
  timeZone: text().notNull().default("UTC"),
  country: text().notNull().default("US"),
  baseCurrency: text().notNull().default("USD"),
  senderName: text(),
  logoUrl: text(),
  // Sender identity (issue 12): what payers see in the From line, the signature, the portal and the statement.
  /** The organisation's name as payers know it; `name` (as in the ERP) when absent. */
  displayName: text(),
  /** Where a payer's reply also goes (next to the tagged inbound address that records the reply). */
  replyTo: text(),
  /** `#RRGGBB` for email and portal accents. */
  brandColour: text(),
  /** Where an invoice already past due starts its cadence (domain/catch-up.ts). */
  catchUpStart: text({ enum: ["first_past_due", "by_age", "final_only"] })
    .notNull()
    .default("first_past_due"),
  maintenance: flag(),
  autopilotPaused: flag(),
  autopilotPausedReason: text(),
  referralCode: text(),
  createdAt: createdAt(),
  // Plixo's own subscription (issue 16): plan_tier above is the tier paid for; the trial raises it for 14 days.
  trialEndsAt: at(),
  /** This organisation's own code to refer others with (partner credit). */
  partnerCode: text().unique(),
  /** Customer and subscription on the platform's own Stripe account (Stripe Billing), not a Connect account. */
  billingCustomerId: text().unique(),
  billingSubscriptionId: text(),
  billingStatus: text(),
  /** `created` of the last Stripe Billing event applied: an older event arriving late never undoes a newer one. */
  billingEventCreated: integer(),
})

export const users = sqliteTable("users", {
  id: id(),
  email: text().notNull().unique(),
  name: text(),
  createdAt: createdAt(),
  lastSignInAt: at(),
})

export const memberships = sqliteTable(
  "memberships",
  {
    orgId: orgId(),
    userId: text().notNull(),
    role: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user").on(t.userId)],
)

export const invitations = sqliteTable(
  "invitations",
  {
    id: id(),
    orgId: orgId(),
    email: text().notNull(),
    role: text().notNull(),
    tokenHash: text().notNull().unique(),
    invitedBy: text(),
    expiresAt: text().notNull(),
    acceptedAt: at(),
    revokedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_org_email").on(t.orgId, t.email)],
)

/** A signed-in browser. The id is the SHA-256 of the cookie value; the cookie itself is never stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: id(),
    orgId: orgId(),
    userId: text().notNull(),
    createdAt: createdAt(),
    expiresAt: text().notNull(),
    lastSeenAt: at(),
    revokedAt: at(),
    userAgent: text(),
    csrfSecret: text().notNull(),
  },
  (t) => [index("sessions_org_user").on(t.orgId, t.userId)],
)

/** Magic-link tokens (hashed): single use, short expiry. Sign-up tokens carry the organisation to create. */
export const signInTokens = sqliteTable("sign_in_tokens", {
  tokenHash: text().primaryKey(),
  email: text().notNull(),
  purpose: text({ enum: ["sign_in", "sign_up", "invitation"] }).notNull(),
  orgId: text(),
  payload: text({ mode: "json" }).$type<Record<string, string>>(),
  expiresAt: text().notNull(),
  usedAt: at(),
  createdAt: createdAt(),
})

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: id(),
    orgId: orgId(),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    role: text().notNull(),
    createdBy: text(),
    createdAt: createdAt(),
    lastUsedAt: at(),
    revokedAt: at(),
  },
  (t) => [index("api_keys_org").on(t.orgId, t.createdAt)],
)

/** Global operator switches (maintenance for every organisation, cron pause) and cron heartbeat. */
export const opsState = sqliteTable("ops_state", {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: text().notNull(),
})

/** Development mailbox behind /dev/mail: every email the dev transport "sent". */
export const devMail = sqliteTable("dev_mail", {
  id: id(),
  orgId: text(),
  to: text().notNull(),
  from: text(),
  subject: text().notNull(),
  text: text().notNull(),
  html: text(),
  headers: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
  outreachId: text(),
  /** Attachments as sent (name, type, base64 content) so /dev/mail can offer them for download. */
  attachments: text({ mode: "json" }).$type<{ filename: string; contentType: string; base64: string }[]>(),
  sentAt: text().notNull(),
  seq: integer().notNull().default(0),
})
