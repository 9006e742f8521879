// The one permission table of Plixo (ARCHITECTURE.md "Roles"): every page, htmx endpoint and API route asks `can`.

export const roles = ["controller", "ar_manager", "operator", "cfo", "sales", "csm", "legal", "billing_admin"] as const
export type Role = (typeof roles)[number]

export const roleLabels: Record<Role, string> = {
  controller: "Controller",
  ar_manager: "A/R Manager",
  operator: "A/R Operator",
  cfo: "CFO",
  sales: "Sales",
  csm: "Customer Success",
  legal: "Legal",
  billing_admin: "Billing Admin",
}

export const capabilities = {
  read: "read receivables and dashboards",
  audit_read: "read the audit log",
  admin: "users & roles, API keys, plan, ops (maintenance, cron pause)",
  connectors: "connectors, imports",
  deliverability: "deliverability, suppression list",
  draft_policy: "draft cadences and templates",
  publish_policy: "publish cadences, set approval thresholds",
  segments: "segments, Shadow/Autopilot switch (guardrails permitting)",
  outreach: "review, edit, approve and send outreach; log promises; portal links",
  disputes: "work disputes",
  notes: "notes on customers, request a nudge (lands as a draft)",
  propose: "propose a payment plan or credit (goes to approval)",
  approve: "approve discounts, credits, plans (by threshold; dual sign-off above the high one)",
  exports: "exports",
  billing: "Plixo plan and subscription, invoices, referral credit",
} as const
export type Capability = keyof typeof capabilities

const all: Role[] = [...roles]

export const permissions: Record<Capability, readonly Role[]> = {
  read: all,
  audit_read: ["controller", "ar_manager", "cfo", "legal"],
  admin: ["controller"],
  connectors: ["controller", "billing_admin"],
  deliverability: ["controller", "ar_manager"],
  draft_policy: ["controller", "ar_manager", "legal"],
  publish_policy: ["controller"],
  segments: ["controller", "ar_manager"],
  outreach: ["controller", "ar_manager", "operator"],
  disputes: ["controller", "ar_manager", "operator", "legal"],
  notes: ["controller", "ar_manager", "operator", "sales", "csm", "legal"],
  propose: ["controller", "ar_manager", "operator", "csm"],
  approve: ["controller", "ar_manager", "cfo", "legal"],
  exports: ["controller", "ar_manager", "cfo", "legal"],
  billing: ["controller", "billing_admin"],
}

/** Approvers limited to amounts below the policy's high threshold (ARCHITECTURE.md: "yes (below high)"). */
export const approvesBelowHighOnly: readonly Role[] = ["ar_manager"]

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value)
}

export function can(role: Role, capability: Capability): boolean {
  return permissions[capability].includes(role)
}

export function capabilitiesOf(role: Role): Capability[] {
  return (Object.keys(permissions) as Capability[]).filter((c) => can(role, c))
}
