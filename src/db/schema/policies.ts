// Collection policy: cadences -> versions -> steps, segments that assign a version, approvals.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core"
import { at, createdAt, flag, id, json, orgId } from "./_common"

export const cadences = sqliteTable(
  "cadences",
  {
    id: id(),
    orgId: orgId(),
    name: text().notNull(),
    tone: text({ enum: ["formal", "neutral", "confident"] }).notNull(),
    liveVersion: integer(),
    archived: flag(),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [index("cadences_org_name").on(t.orgId, t.name)],
)

export type QuietHours = { start: string; end: string }

/** A version of a cadence. Published versions never change: edits make a new draft. */
export const cadenceVersions = sqliteTable(
  "cadence_versions",
  {
    id: id(),
    orgId: orgId(),
    cadenceId: text().notNull(),
    version: integer().notNull(),
    status: text({ enum: ["draft", "published", "retired"] })
      .notNull()
      .default("draft"),
    quietHours: json<QuietHours>(),
    businessDaysOnly: flag(),
    maxSendsPerDay: integer(),
    maxTouchesPerContactWeek: integer(),
    escalateAfterDays: integer().default(21),
    discountCapPercent: integer(),
    creditCapMinor: integer(),
    approvalThresholdMinor: integer(),
    highApprovalThresholdMinor: integer(),
    approverRoles: json<string[]>(),
    promiseMaxDays: integer().default(30),
    planMaxInstalments: integer().default(6),
    createdBy: text(),
    createdAt: createdAt(),
    publishedAt: at(),
    publishedBy: text(),
  },
  (t) => [uniqueIndex("cadence_versions_org_cadence_version").on(t.orgId, t.cadenceId, t.version)],
)

export const cadenceSteps = sqliteTable(
  "cadence_steps",
  {
    id: id(),
    orgId: orgId(),
    versionId: text().notNull(),
    position: integer().notNull(),
    offsetDays: integer().notNull(),
    channel: text().notNull().default("email"),
    subject: text().notNull(),
    body: text().notNull(),
    /** Attach the customer's latest statement (PDF, made at send time) to this step's email. */
    attachStatement: flag(),
  },
  (t) => [index("cadence_steps_org_version").on(t.orgId, t.versionId, t.position)],
)

export type SegmentFilters = {
  aging_buckets?: string[]
  min_balance_minor?: number | null
  max_balance_minor?: number | null
  currencies?: string[]
  industries?: string[]
  regions?: string[]
  min_score?: number | null
  max_score?: number | null
}

export const segments = sqliteTable(
  "segments",
  {
    id: id(),
    orgId: orgId(),
    name: text().notNull(),
    /** Lower number wins: the owning segment of an invoice is the matching one with the lowest priority. */
    priority: integer().notNull().default(100),
    filters: json<SegmentFilters>().notNull(),
    cadenceId: text(),
    cadenceVersion: integer(),
    mode: text({ enum: ["shadow", "autopilot"] })
      .notNull()
      .default("shadow"),
    status: text({ enum: ["draft", "active", "paused"] })
      .notNull()
      .default("draft"),
    sendCapPerDay: integer(),
    quietHoursOverride: json<QuietHours>(),
    notes: text(),
    autopilotOverrideReason: text(),
    createdBy: text(),
    createdAt: createdAt(),
    updatedAt: text().notNull(),
  },
  (t) => [index("segments_org_priority").on(t.orgId, t.priority)],
)

export const approvals = sqliteTable(
  "approvals",
  {
    id: id(),
    orgId: orgId(),
    kind: text({ enum: ["discount", "credit", "payment_plan", "write_off"] }).notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    invoiceId: text(),
    customerId: text(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    requiredRoles: json<string[]>().notNull(),
    approvalsRequired: integer().notNull().default(1),
    requestedBy: text(),
    requestedByLabel: text(),
    reason: text(),
    status: text({ enum: ["pending", "approved", "rejected", "cancelled"] })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
    decidedAt: at(),
  },
  (t) => [index("approvals_org_status").on(t.orgId, t.status, t.createdAt)],
)

export const approvalDecisions = sqliteTable(
  "approval_decisions",
  {
    id: id(),
    orgId: orgId(),
    approvalId: text().notNull(),
    userId: text().notNull(),
    role: text().notNull(),
    decision: text({ enum: ["approve", "reject"] }).notNull(),
    comment: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("approval_decisions_org_approval_user").on(t.orgId, t.approvalId, t.userId)],
)

/** A Controller's wording of one outcome email (domain/payer-templates); without a row the default wording is used. */
export const payerTemplates = sqliteTable(
  "payer_templates",
  {
    orgId: orgId(),
    kind: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    updatedBy: text(),
    updatedAt: text().notNull(),
  },
  (t) => [uniqueIndex("payer_templates_org_kind").on(t.orgId, t.kind)],
)
