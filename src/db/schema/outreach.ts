// Collections work: outreach, operator tasks, promises, disputes, plans, suppressions, email, portal links.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core"
import { at, createdAt, day, id, json, orgId } from "./_common"
import { disputeStatusValues } from "../../domain/dispute-status"

export const outreachStatuses = ["draft", "queued", "sending", "sent", "failed", "suppressed", "skipped", "rejected"] as const

export const outreachKinds = ["reminder", "manual", "promise_reminder", "confirmation", "nudge", "acknowledgement", "notification"] as const

export const outreach = sqliteTable(
  "outreach",
  {
    id: id(),
    orgId: orgId(),
    invoiceId: text().notNull(),
    customerId: text().notNull(),
    contactId: text(),
    segmentId: text(),
    cadenceVersionId: text(),
    stepPosition: integer(),
    /** reminder (cadence), manual, nudge: collection messages; the rest are payer notifications (domain/send-rule `Purpose`). */
    kind: text({ enum: outreachKinds }).notNull().default("reminder"),
    /** One outreach per (invoice, cadence version, step) for reminders; other kinds carry their own key. */
    dedupeKey: text().notNull(),
    status: text({ enum: outreachStatuses }).notNull(),
    reason: text(),
    toEmail: text(),
    subject: text().notNull(),
    bodyText: text().notNull(),
    bodyHtml: text(),
    scheduledFor: at(),
    tickKey: text(),
    attempts: integer().notNull().default(0),
    providerMessageId: text(),
    approvedBy: text(),
    rejectedReason: text(),
    sentAt: at(),
    respondedAt: at(),
    createdAt: createdAt(),
    updatedAt: text().notNull(),
  },
  (t) => [
    uniqueIndex("outreach_org_dedupe").on(t.orgId, t.dedupeKey),
    index("outreach_org_status").on(t.orgId, t.status, t.createdAt),
    index("outreach_org_invoice").on(t.orgId, t.invoiceId),
    index("outreach_org_contact_sent").on(t.orgId, t.toEmail, t.sentAt),
  ],
)

/** Each status an outreach moved to, when, why and on whose action (db/outreach-state.ts writes it with the move). */
export const outreachEvents = sqliteTable(
  "outreach_events",
  {
    id: id(),
    orgId: orgId(),
    outreachId: text().notNull(),
    status: text({ enum: outreachStatuses }).notNull(),
    reason: text(),
    actor: text(),
    at: text().notNull(),
  },
  (t) => [index("outreach_events_org_outreach").on(t.orgId, t.outreachId, t.at)],
)

/** Operator work items: escalations (no response N days after a step), dispute follow-ups. */
export const tasks = sqliteTable(
  "tasks",
  {
    id: id(),
    orgId: orgId(),
    invoiceId: text(),
    customerId: text(),
    kind: text({ enum: ["escalation", "dispute", "cash_application", "follow_up", "broken_promise", "no_contact", "coverage"] }).notNull(),
    title: text().notNull(),
    status: text({ enum: ["open", "done"] })
      .notNull()
      .default("open"),
    assignedRole: text().notNull().default("operator"),
    dedupeKey: text(),
    dueAt: at(),
    createdAt: createdAt(),
    closedAt: at(),
  },
  (t) => [index("tasks_org_status").on(t.orgId, t.status, t.createdAt), uniqueIndex("tasks_org_dedupe").on(t.orgId, t.dedupeKey)],
)

export const promises = sqliteTable(
  "promises",
  {
    id: id(),
    orgId: orgId(),
    invoiceId: text().notNull(),
    customerId: text().notNull(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    promisedDate: day().notNull(),
    status: text({ enum: ["open", "kept", "broken", "cancelled"] })
      .notNull()
      .default("open"),
    source: text({ enum: ["portal", "operator", "email", "seed"] }).notNull(),
    /** How an Operator heard the promise (phone, email, meeting, ...), and what was said. */
    channel: text(),
    note: text(),
    createdBy: text(),
    reminderSentAt: at(),
    createdAt: createdAt(),
    resolvedAt: at(),
  },
  (t) => [index("promises_org_status_date").on(t.orgId, t.status, t.promisedDate), index("promises_org_invoice").on(t.orgId, t.invoiceId)],
)

export const disputeReasons = ["pricing", "quantity", "quality", "not_received", "duplicate", "other"] as const

export const disputes = sqliteTable(
  "disputes",
  {
    id: id(),
    orgId: orgId(),
    invoiceId: text().notNull(),
    customerId: text().notNull(),
    reason: text({ enum: disputeReasons }).notNull(),
    message: text(),
    status: text({ enum: disputeStatusValues /* allowed moves: domain/dispute-status.ts */ }).notNull().default("open"),
    source: text({ enum: ["portal", "operator", "stripe", "seed"] }).notNull(),
    stripeDisputeId: text(),
    /** The effective SLA due time: a pause while waiting on the payer moves it later by the paused time. */
    slaDueAt: text().notNull(),
    /** Set while the SLA is paused (waiting on the payer, where the reason's rule pauses it). */
    slaPausedAt: at(),
    /** The first time finance answered: a status change or a reply sent to the payer. */
    firstResponseAt: at(),
    reopenCount: integer().notNull().default(0),
    resolution: text(),
    creditMinor: integer(),
    createdAt: createdAt(),
    updatedAt: text().notNull(),
    resolvedAt: at(),
  },
  (t) => [index("disputes_org_status").on(t.orgId, t.status, t.slaDueAt), index("disputes_org_invoice").on(t.orgId, t.invoiceId)],
)

export const disputeEvidence = sqliteTable(
  "dispute_evidence",
  {
    id: id(),
    orgId: orgId(),
    disputeId: text().notNull(),
    /** The reason's evidence slot this file fills (domain/dispute-evidence.ts), or null for a loose attachment. */
    slot: text(),
    objectKey: text().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    uploadedBy: text(),
    createdAt: createdAt(),
  },
  (t) => [index("dispute_evidence_org_dispute").on(t.orgId, t.disputeId)],
)

export const disputeNotes = sqliteTable(
  "dispute_notes",
  {
    id: id(),
    orgId: orgId(),
    disputeId: text().notNull(),
    authorId: text(),
    authorLabel: text(),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("dispute_notes_org_dispute").on(t.orgId, t.disputeId, t.createdAt)],
)

export const paymentPlans = sqliteTable(
  "payment_plans",
  {
    id: id(),
    orgId: orgId(),
    customerId: text().notNull(),
    invoiceId: text().notNull(),
    status: text({ enum: ["pending_approval", "active", "completed", "broken", "rejected"] }).notNull(),
    instalmentCount: integer().notNull(),
    frequency: text({ enum: ["weekly", "biweekly", "monthly"] }).notNull(),
    firstDate: day().notNull(),
    totalMinor: integer().notNull(),
    currency: text().notNull(),
    source: text().notNull().default("portal"),
    createdAt: createdAt(),
    decidedAt: at(),
  },
  (t) => [index("payment_plans_org_invoice").on(t.orgId, t.invoiceId), index("payment_plans_org_status").on(t.orgId, t.status)],
)

export const paymentPlanInstalments = sqliteTable(
  "payment_plan_instalments",
  {
    id: id(),
    orgId: orgId(),
    planId: text().notNull(),
    seq: integer().notNull(),
    dueDate: day().notNull(),
    amountMinor: integer().notNull(),
    paidMinor: integer().notNull().default(0),
  },
  (t) => [index("payment_plan_instalments_org_plan").on(t.orgId, t.planId, t.seq)],
)

export const suppressions = sqliteTable(
  "suppressions",
  {
    id: id(),
    orgId: orgId(),
    email: text().notNull(),
    reason: text({ enum: ["bounce", "complaint", "unsubscribe", "manual"] }).notNull(),
    detail: text(),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("suppressions_org_email").on(t.orgId, t.email)],
)

export const emailEvents = sqliteTable(
  "email_events",
  {
    id: id(),
    orgId: orgId(),
    outreachId: text(),
    invoiceId: text(),
    type: text({ enum: ["delivered", "bounce", "complaint", "reply", "auto_reply", "unsubscribe"] }).notNull(),
    email: text(),
    detail: text(),
    providerEventId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("email_events_org_type_created").on(t.orgId, t.type, t.createdAt),
    uniqueIndex("email_events_org_provider").on(t.orgId, t.providerEventId),
  ],
)

export const sendingDomains = sqliteTable(
  "sending_domains",
  {
    id: id(),
    orgId: orgId(),
    domain: text().notNull(),
    dkimSelector: text().notNull().default("plixo"),
    spfVerified: integer({ mode: "boolean" }).notNull().default(false),
    dkimVerified: integer({ mode: "boolean" }).notNull().default(false),
    dmarcVerified: integer({ mode: "boolean" }).notNull().default(false),
    checkedAt: at(),
    warmupStartedAt: at(),
    dailyCap: integer().notNull().default(800),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sending_domains_org_domain").on(t.orgId, t.domain)],
)

/** A payer link. The JWT's `jti` is this row's id: revocation and last use live here. */
export const portalLinks = sqliteTable(
  "portal_links",
  {
    id: id(),
    orgId: orgId(),
    customerId: text().notNull(),
    createdBy: text(),
    expiresAt: text().notNull(),
    revokedAt: at(),
    lastUsedAt: at(),
    useCount: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("portal_links_org_customer").on(t.orgId, t.customerId)],
)

/** Autopilot ticks already run: the same (organisation, scheduled time) does nothing the second time. */
export const tickRuns = sqliteTable(
  "tick_runs",
  {
    orgId: orgId(),
    tickKey: text().notNull(),
    drafted: integer().notNull().default(0),
    queued: integer().notNull().default(0),
    skipped: json<Record<string, number>>(),
    queries: integer(),
    startedAt: text().notNull(),
    finishedAt: at(),
  },
  (t) => [uniqueIndex("tick_runs_org_key").on(t.orgId, t.tickKey)],
)
