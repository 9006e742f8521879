// The one schema of a cadence version: the editor, the API and policy-as-code import all validate with it.
import { z } from "zod"
import { tones } from "./cadence-presets"
import { unknownTagMessage, unknownTags } from "./merge-tags"
import { can, isRole } from "./roles"

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour HH:MM, e.g. 18:00")
const amount = z.number().int("Use minor units (whole cents)").nonnegative().nullable().optional()

export const stepSchema = z.object({
  offset_days: z.number().int().min(-30, "At most 30 days before the due date").max(180, "At most 180 days after the due date"),
  channel: z.literal("email").default("email"),
  subject: z.string().trim().min(1, "A subject is required").max(200),
  body: z.string().trim().min(1, "A body is required").max(8000),
  /** "Attach the latest statement": the customer's statement PDF goes with this step's email. */
  attach_statement: z.boolean().default(false),
})

const guardrailFields = {
  quiet_hours: z.object({ start: hhmm, end: hhmm }).nullable().optional(),
  business_days_only: z.boolean().default(true),
  max_sends_per_day: z.number().int().positive().max(100_000).nullable().optional(),
  max_touches_per_contact_week: z.number().int().positive().max(50).nullable().optional(),
  escalate_after_days: z.number().int().min(1).max(180).default(21),
  discount_cap_percent: z.number().int().min(0).max(100).nullable().optional(),
  credit_cap_minor: amount,
  approval_threshold_minor: amount,
  high_approval_threshold_minor: amount,
  approver_roles: z
    .array(
      z
        .string()
        .refine((r) => isRole(r) && can(r, "approve"), { message: "Not a role that may approve (controller, ar_manager, cfo, legal)" }),
    )
    .nullable()
    .optional(),
  promise_max_days: z.number().int().min(1).max(120).default(30),
  plan_max_instalments: z.number().int().min(1).max(36).default(6),
}

function checkVersion(
  v: { steps: z.infer<typeof stepSchema>[]; approval_threshold_minor?: number | null; high_approval_threshold_minor?: number | null },
  ctx: z.RefinementCtx,
) {
  const seen = new Set<number>()
  v.steps.forEach((s, i) => {
    if (seen.has(s.offset_days))
      ctx.addIssue({ code: "custom", path: ["steps", i, "offset_days"], message: `Two steps on Day ${s.offset_days}` })
    seen.add(s.offset_days)
    for (const field of ["subject", "body"] as const)
      for (const tag of unknownTags(s[field]))
        ctx.addIssue({ code: "custom", path: ["steps", i, field], message: unknownTagMessage(tag), params: { tag } })
  })
  if (
    v.approval_threshold_minor != null &&
    v.high_approval_threshold_minor != null &&
    v.high_approval_threshold_minor <= v.approval_threshold_minor
  )
    ctx.addIssue({
      code: "custom",
      path: ["high_approval_threshold_minor"],
      message: "The dual sign-off threshold must be above the approval threshold",
    })
}

/** A cadence version as written: name, tone, steps and guardrails (snake_case, money in minor units). */
export const policySchema = z
  .object({
    format: z.literal("plixo.cadence/v1").optional(),
    name: z.string().trim().min(1, "A name is required").max(120),
    tone: z.enum(tones),
    steps: z.array(stepSchema).min(1, "A cadence needs at least one step").max(12),
    ...guardrailFields,
  })
  .strict()
  .superRefine(checkVersion)
export type PolicyInput = z.infer<typeof policySchema>

/** A new version of an existing cadence: name and tone may be omitted (kept from the cadence). */
export const versionSchema = z
  .object({
    format: z.literal("plixo.cadence/v1").optional(),
    name: z.string().trim().min(1).max(120).optional(),
    tone: z.enum(tones).optional(),
    steps: z.array(stepSchema).min(1, "A cadence needs at least one step").max(12),
    ...guardrailFields,
  })
  .strict()
  .superRefine(checkVersion)
export type VersionInput = z.infer<typeof versionSchema>

/** The issues that are unknown merge tags, for a message that names them. */
export function tagIssues(issues: { message: string; path: PropertyKey[] }[]): string[] {
  return issues.filter((i) => i.message.startsWith("Unknown merge tag")).map((i) => i.message)
}
