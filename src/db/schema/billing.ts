// Plixo's own billing: partner referral credits (a ledger, one credit per referred organisation) and the Stripe
// Billing events of the platform account (their id makes each apply once).
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core"
import { createdAt, id, orgId } from "./_common"

/** Credit owed to a partner organisation; the balance is the sum. `referred_org_id` unique: credited once. */
export const referralCredits = sqliteTable(
  "referral_credits",
  {
    id: id(),
    orgId: orgId(),
    referredOrgId: text().notNull().unique(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    reason: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("referral_credits_org").on(t.orgId, t.createdAt)],
)

/** Platform-account Stripe Billing events received (deployment-wide, like webhook_failures). */
export const billingEvents = sqliteTable("billing_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  orgId: text(),
  outcome: text().notNull(),
  created: integer().notNull(),
  receivedAt: text().notNull(),
})
