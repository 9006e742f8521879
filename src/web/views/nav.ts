// Navigation by role: a link shows only when the role holds the capability its page needs.
import type { Capability, Role } from "../../domain/roles"
import { can } from "../../domain/roles"

export type NavItem = { href: string; label: string; cap: Capability; section: "main" | "admin" }

export const navItems: NavItem[] = [
  { href: "/admin/overview", label: "Overview", cap: "read", section: "main" },
  { href: "/work/queue", label: "Collections", cap: "read", section: "main" },
  { href: "/work/receivables", label: "Receivables", cap: "read", section: "main" },
  { href: "/work/cash", label: "Cash App", cap: "outreach", section: "main" },
  { href: "/work/disputes", label: "Disputes", cap: "read", section: "main" },
  { href: "/work/promises", label: "Promises", cap: "read", section: "main" },
  { href: "/work/approvals", label: "Approvals", cap: "read", section: "main" },
  { href: "/admin/policies", label: "Policies", cap: "draft_policy", section: "admin" },
  { href: "/admin/segments", label: "Segments", cap: "read", section: "admin" },
  { href: "/admin/connectors", label: "Connectors", cap: "connectors", section: "admin" },
  { href: "/admin/deliverability", label: "Deliverability", cap: "deliverability", section: "admin" },
  { href: "/admin/users", label: "Users & Roles", cap: "admin", section: "admin" },
  { href: "/admin/api-keys", label: "API keys", cap: "admin", section: "admin" },
  { href: "/admin/audit", label: "Audit & Exports", cap: "audit_read", section: "admin" },
  { href: "/admin/ops", label: "Ops", cap: "admin", section: "admin" },
  { href: "/admin/billing", label: "Plan & billing", cap: "billing", section: "admin" },
  { href: "/admin/settings", label: "Settings", cap: "admin", section: "admin" },
  { href: "/admin/templates", label: "Payer emails", cap: "admin", section: "admin" },
]

export function navFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.cap))
}
