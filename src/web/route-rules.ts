// Who may call each route: the capability of src/domain/roles.ts it needs, or public / signed-in.
// Every route of the app must appear here; the role-matrix test fails when one is missing.
import type { Capability } from "../domain/roles"

export type Rule = "public" | "signed_in" | Capability

export const routeRules: Record<string, Rule> = {
  // --- foundation: sign-in, shell, users, API keys, receivables, dev tools
  "GET /": "public",
  "GET /healthz": "public",
  "GET /sign-in": "public",
  "POST /sign-in": "public",
  "GET /sign-in/verify": "public",
  "POST /sign-in/verify": "public",
  "POST /sign-in/dev": "public",
  "GET /sign-up": "public",
  "POST /sign-up": "public",
  "GET /invitations/:token": "public",
  "POST /invitations/:token": "public",
  "POST /sign-out": "signed_in",
  "GET /account/sessions": "signed_in",
  "POST /account/sessions/:id/revoke": "signed_in",
  "POST /account/sessions/revoke-others": "signed_in",
  "GET /dev/mail": "public",
  "GET /dev/mail.json": "public",
  "GET /dev/mail/:id": "public",
  "GET /dev/mail/:id/html": "public",
  "GET /dev/mail/:id/attachments/:index": "public",
  "GET /admin/users": "admin",
  "POST /admin/users/invite": "admin",
  "POST /admin/users/:userId/role": "admin",
  "POST /admin/users/:userId/remove": "admin",
  "POST /admin/invitations/:id/revoke": "admin",
  "GET /admin/api-keys": "admin",
  "POST /admin/api-keys": "admin",
  "POST /admin/api-keys/:id/revoke": "admin",
  "GET /work/receivables": "read",
  "GET /work/customers/:id": "read",
  "GET /work/invoices/:id": "read",
  "GET /admin/overview": "read",
  "GET /admin/overview/kpis.csv": "exports",
  "GET /admin/overview/forecast.csv": "exports",
  "GET /admin/overview/cash-by-month.csv": "exports",
  "GET /admin/overview/dso-trend.csv": "exports",
  "GET /admin/overview/aging.csv": "exports",
  "GET /admin/overview/top-overdue.csv": "exports",
  "GET /admin/overview/exposure.csv": "exports",
  "GET /admin/overview/promises.csv": "exports",
  "GET /api/v1/docs": "public",
  "GET /api/v1/invoices/:id/inspector": "read",
  "GET /api/v1/focus": "read",
  "GET /api/v1/worklist": "read",
  "GET /api/v1/metrics/overview": "read",
  "GET /api/v1/metrics/forecast": "read",

  // --- receivables in: imports, connectors, Stripe, cash application, Data-Ready (issue 3)
  "POST /webhooks/stripe": "public",
  "GET /admin/connectors": "connectors",
  "GET /admin/connectors/import": "connectors",
  "GET /admin/connectors/import/templates/:file": "connectors",
  "POST /admin/connectors/import": "connectors",
  "GET /admin/connectors/import/:id": "connectors",
  "POST /admin/connectors/import/:id/confirm": "connectors",
  "GET /admin/connectors/import/:id/progress": "connectors",
  "GET /admin/connectors/import/:id/errors.csv": "connectors",
  "POST /admin/connectors/stripe/connect": "connectors",
  "GET /admin/connectors/stripe/return": "connectors",
  "GET /admin/connectors/stripe/refresh": "connectors",
  "POST /admin/connectors/stripe/test-event": "connectors",
  // --- ERP connectors, connector health (issue 15)
  "POST /admin/connectors/quickbooks/connect": "connectors",
  "GET /admin/connectors/quickbooks/callback": "connectors",
  "POST /admin/connectors/quickbooks/sync": "connectors",
  "POST /admin/connectors/quickbooks/disconnect": "connectors",
  "POST /admin/connectors/netsuite/connect": "connectors",
  "POST /admin/connectors/netsuite/sync": "connectors",
  "POST /admin/connectors/netsuite/disconnect": "connectors",
  "GET /dev/fake/quickbooks/connect/oauth2": "public",
  "GET /work/cash": "outreach",
  "POST /work/cash/:paymentId/apply": "outreach",

  // --- policies, segments, approvals, audit (issue 4)
  "GET /admin/policies": "draft_policy",
  "POST /admin/policies": "draft_policy",
  "POST /admin/policies/import": "draft_policy",
  "GET /admin/policies/:id/versions/:version": "draft_policy",
  "POST /admin/policies/:id/versions/:version": "draft_policy",
  "POST /admin/policies/:id/versions/:version/preview": "draft_policy",
  "POST /admin/policies/:id/versions/:version/dry-run": "draft_policy",
  "POST /admin/policies/:id/versions/:version/publish": "publish_policy",
  "POST /admin/policies/:id/versions": "draft_policy",
  "GET /admin/policies/:id/versions/:version/export": "draft_policy",
  "GET /admin/policies/:id/diff": "draft_policy",
  "GET /admin/segments": "read",
  "POST /admin/segments": "segments",
  "POST /admin/segments-preview": "read",
  "GET /admin/segments-preview.csv": "exports",
  "GET /admin/segments/:id": "read",
  "POST /admin/segments/:id": "segments",
  "GET /work/approvals": "read",
  "POST /work/approvals": "propose",
  "GET /work/approvals/:id": "read",
  "POST /work/approvals/:id/approve": "approve",
  "POST /work/approvals/:id/reject": "approve",
  "GET /admin/audit": "audit_read",
  "GET /admin/audit.csv": "exports",
  "GET /admin/audit/evidence/:customerId": "exports",

  // --- autopilot engine, queue, deliverability, ops (issue 5)
  "POST /webhooks/email": "public",
  "GET /u/:token": "public",
  "POST /u/:token": "public",
  "GET /work/queue": "read",
  "GET /work/queue/:id": "read",
  "GET /work/queue/inspector/:id": "read",
  "POST /work/queue/bulk": "outreach",
  "POST /work/queue/invoices/:id/promise": "outreach",
  "POST /work/queue/invoices/:id/note": "notes",
  "POST /work/queue/invoices/:id/plan": "propose",
  "POST /work/queue/invoices/:id/dispute": "disputes",
  "POST /work/queue/invoices/:id/payer-link": "outreach",
  "POST /work/queue/invoices/:id/draft": "outreach",
  "POST /work/queue/invoices/:id/owner": "outreach",
  "POST /work/queue/invoices/:id/nudge": "notes",
  "POST /work/queue/approve": "outreach",
  "POST /work/queue/:id/edit": "outreach",
  "POST /work/queue/:id/approve": "outreach",
  "POST /work/queue/:id/reject": "outreach",
  "POST /work/tasks/:id/done": "outreach",
  "GET /admin/deliverability": "deliverability",
  "POST /admin/deliverability/suppressions": "deliverability",
  "POST /admin/deliverability/suppressions/:id/remove": "deliverability",
  "POST /admin/deliverability/domains": "deliverability",
  "POST /admin/deliverability/domains/:id/verify": "deliverability",
  "POST /admin/deliverability/resume": "admin",
  "GET /admin/ops": "admin",
  "POST /admin/ops/maintenance": "admin",
  "POST /admin/ops/autopilot": "admin",

  // --- payer portal, disputes, promises (issue 6). Portal routes are "public" here: the portal's own
  // middleware (src/web/middleware/portal.ts) checks the link session, CSRF and the rate limit.
  "GET /p/:token": "public",
  "GET /p/home": "public",
  "GET /p/statement": "public",
  "GET /p/statement.csv": "public",
  "GET /p/statement.pdf": "public",
  "GET /p/invoices/:id": "public",
  "GET /p/pay/success": "public",
  "GET /p/pay/cancel": "public",
  "POST /p/pay": "public",
  "POST /p/invoices/:id/promise": "public",
  "POST /p/invoices/:id/plan": "public",
  "POST /p/invoices/:id/dispute": "public",
  "GET /api/v1/disputes/metrics": "read",
  "GET /work/disputes": "read",
  "GET /work/disputes/:id": "read",
  "POST /work/disputes/:id": "disputes",
  "GET /work/disputes/:id/inspector": "read",
  "POST /work/disputes/:id/replies": "disputes",
  "POST /work/disputes/:id/evidence": "disputes",
  "GET /work/disputes/:id/evidence/:evidenceId": "read",
  "POST /work/disputes/:id/credit/approve": "approve",
  "POST /work/disputes/:id/credit/reject": "approve",
  "GET /work/disputes/export/by-reason.csv": "exports",
  "GET /work/disputes/export/metrics.csv": "exports",
  "GET /work/promises": "read",
  "POST /work/customers/:id/portal-link": "outreach",
  "GET /bench/baseline": "public",

  // --- Plixo's own plans, trial, Stripe Billing, referral credit, onboarding (issue 16)
  "GET /admin/billing": "billing",
  "POST /admin/billing/change": "billing",
  "POST /admin/billing/portal": "billing",
  "POST /webhooks/stripe-billing": "public",
  "POST /admin/onboarding/first-drafts": "admin",

  // --- organisation settings: sender identity, brand, catch-up rule (issue 12)
  "GET /api/v1/settings": "read",
  "PATCH /api/v1/settings": "admin",
  "GET /admin/settings": "admin",
  "POST /admin/settings": "admin",
  // --- payer outcome email templates (issue 12)
  "GET /admin/templates": "admin",
  "POST /admin/templates/:kind": "admin",
  "POST /admin/templates/:kind/preview": "admin",
  "POST /admin/templates/:kind/reset": "admin",
}

/** Rules of the /api/v1 routes, read from their declarations (`apiRoute`) when the app is composed. */
const declared = new Map<string, Rule>()

export function declareRules(entries: [string, Rule][]): void {
  for (const [key, rule] of entries) {
    if (key in routeRules) throw new Error(`${key} has a rule in the table and in its declaration`)
    declared.set(key, rule)
  }
}

/** The rule of a route key (`GET /api/v1/invoices/:id`), from the table or the route's declaration. */
export function ruleOf(key: string): Rule | undefined {
  return routeRules[key] ?? declared.get(key)
}

export function ruleKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`
}
