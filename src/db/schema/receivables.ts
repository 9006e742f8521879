// Receivables: customers, contacts, invoices, payments and how payments apply to invoices.
import { sql } from "drizzle-orm"
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core"
import { at, createdAt, day, flag, id, json, orgId } from "./_common"

export const customers = sqliteTable(
  "customers",
  {
    id: id(),
    orgId: orgId(),
    externalId: text().notNull(),
    name: text().notNull(),
    industry: text(),
    region: text(),
    country: text(),
    score: integer(),
    timeZone: text(),
    locale: text(),
    currency: text(),
    stripeCustomerId: text(),
    createdAt: createdAt(),
    updatedAt: text().notNull(),
    /** Computed by the daily cron from payment behaviour (domain/risk-score.ts); segments use it over `score`. */
    riskScore: integer(),
    riskFactors: json<{ code: string; points: number; message: string }[]>(),
    riskScoredAt: at(),
    /** The Operator (user id) who owns the account: "My accounts" in the Collections workspace. */
    ownerId: text(),
  },
  (t) => [
    uniqueIndex("customers_org_external").on(t.orgId, t.externalId),
    index("customers_org_name").on(t.orgId, t.name),
    index("customers_org_stripe").on(t.orgId, t.stripeCustomerId),
    index("customers_org_owner").on(t.orgId, t.ownerId),
  ],
)

export const contacts = sqliteTable(
  "contacts",
  {
    id: id(),
    orgId: orgId(),
    customerId: text().notNull(),
    name: text(),
    email: text(),
    phone: text(),
    isPrimary: flag(),
    timeZone: text(),
    createdAt: createdAt(),
  },
  (t) => [index("contacts_org_customer").on(t.orgId, t.customerId), index("contacts_org_email").on(t.orgId, t.email)],
)

export const invoiceStatuses = ["open", "paid", "void", "uncollectible"] as const

export const invoices = sqliteTable(
  "invoices",
  {
    id: id(),
    orgId: orgId(),
    customerId: text().notNull(),
    invoiceNumber: text().notNull(),
    stripeInvoiceId: text(),
    currency: text().notNull(),
    amountMinor: integer().notNull(),
    balanceMinor: integer().notNull(),
    issueDate: day().notNull(),
    dueDate: day().notNull(),
    status: text({ enum: invoiceStatuses }).notNull().default("open"),
    /** Denormalised: an unresolved dispute exists; the cadence is paused while it is set. */
    disputed: flag(),
    source: text({ enum: ["csv", "stripe", "erp", "seed", "api"] })
      .notNull()
      .default("csv"),
    /** Stripe `event.created` of the last applied event: an older event never overwrites a newer state. */
    stripeStateAt: integer(),
    /** The ERP's own id of the invoice (`quickbooks:130`, `netsuite:2041`): payments and deletions name it. */
    erpRef: text(),
    paidAt: at(),
    lastResponseAt: at(),
    createdAt: createdAt(),
    updatedAt: text().notNull(),
  },
  (t) => [
    uniqueIndex("invoices_org_number").on(t.orgId, t.invoiceNumber),
    index("invoices_org_status_due").on(t.orgId, t.status, t.dueDate, t.id),
    index("invoices_org_customer").on(t.orgId, t.customerId),
    index("invoices_org_stripe").on(t.orgId, t.stripeInvoiceId),
    index("invoices_org_erp").on(t.orgId, t.erpRef),
    // The TenantDO's watermark reconcile: invoices changed since its last tick.
    index("invoices_org_updated").on(t.orgId, t.updatedAt),
  ],
)

export const payments = sqliteTable(
  "payments",
  {
    id: id(),
    orgId: orgId(),
    customerId: text(),
    /** The invoice the payment names, if any (Stripe invoice, checkout metadata, remittance reference). */
    invoiceId: text(),
    amountMinor: integer().notNull(),
    unappliedMinor: integer().notNull().default(0),
    refundedMinor: integer().notNull().default(0),
    currency: text().notNull(),
    receivedAt: text().notNull(),
    method: text().notNull().default("card"),
    reference: text(),
    payerName: text(),
    status: text({ enum: ["succeeded", "refunded", "partially_refunded", "reversed"] })
      .notNull()
      .default("succeeded"),
    source: text({ enum: ["stripe", "csv", "seed", "manual", "erp"] })
      .notNull()
      .default("stripe"),
    stripePaymentIntentId: text(),
    stripeChargeId: text(),
    /** The ERP's id of the same payment (`quickbooks:120`): one payment seen in the ERP and in Stripe is one row. */
    erpPaymentId: text(),
    reversedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    index("payments_org_received").on(t.orgId, t.receivedAt),
    index("payments_org_invoice").on(t.orgId, t.invoiceId),
    index("payments_org_customer").on(t.orgId, t.customerId),
    uniqueIndex("payments_org_pi").on(t.orgId, t.stripePaymentIntentId).where(sql`stripe_payment_intent_id is not null`),
    index("payments_org_charge").on(t.orgId, t.stripeChargeId),
    uniqueIndex("payments_org_erp").on(t.orgId, t.erpPaymentId).where(sql`erp_payment_id is not null`),
    index("payments_org_unapplied").on(t.orgId, t.unappliedMinor),
  ],
)

/** Cash application: how much of a payment went to which invoice (a payment may be split). */
export const paymentApplications = sqliteTable(
  "payment_applications",
  {
    id: id(),
    orgId: orgId(),
    paymentId: text().notNull(),
    invoiceId: text().notNull(),
    amountMinor: integer().notNull(),
    appliedBy: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("payment_applications_org_payment").on(t.orgId, t.paymentId),
    index("payment_applications_org_invoice").on(t.orgId, t.invoiceId),
  ],
)

/** Free-text notes on a customer by Sales, CSM, Legal and the A/R team. */
export const customerNotes = sqliteTable(
  "customer_notes",
  {
    id: id(),
    orgId: orgId(),
    customerId: text().notNull(),
    authorId: text(),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("customer_notes_org_customer").on(t.orgId, t.customerId, t.createdAt)],
)
