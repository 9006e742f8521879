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
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/me": "read",
  "GET /api/v1/customers": "read",
  "GET /api/v1/customers/:id": "read",
  "GET /api/v1/invoices": "read",
  "GET /api/v1/invoices/:id": "read",
  "GET /api/v1/metrics/overview": "read",

  // --- receivables in: imports, connectors, Stripe, cash application, Data-Ready (issue 3)
  "POST /api/v1/imports/customers": "connectors",
  "POST /api/v1/imports/invoices": "connectors",
  "GET /api/v1/imports/:id": "connectors",
  "POST /webhooks/stripe": "public",

  // --- policies, segments, approvals, audit (issue 4)

  // --- autopilot engine, queue, deliverability, ops (issue 5)

  // --- payer portal, disputes, promises (issue 6). Portal routes are "public" here: the portal's own
  // middleware (src/web/middleware/portal.ts) checks the link session, CSRF and the rate limit.
  "GET /p/:token": "public",
  "GET /p/home": "public",
  "GET /p/statement": "public",
  "GET /p/statement.csv": "public",
  "GET /p/invoices/:id": "public",
  "GET /p/pay/success": "public",
  "GET /p/pay/cancel": "public",
  "POST /p/pay": "public",
  "POST /p/invoices/:id/promise": "public",
  "POST /p/invoices/:id/plan": "public",
  "POST /p/invoices/:id/dispute": "public",
  "POST /api/v1/portal-links": "outreach",
  "DELETE /api/v1/portal-links/:id": "outreach",
  "GET /api/v1/promises": "read",
  "GET /api/v1/disputes": "read",
  "PATCH /api/v1/disputes/:id": "disputes",
  "GET /work/disputes": "read",
  "GET /work/disputes/:id": "read",
  "POST /work/disputes/:id": "disputes",
  "GET /work/disputes/:id/evidence/:evidenceId": "read",
  "GET /work/promises": "read",
  "POST /work/customers/:id/portal-link": "outreach",
}

export function ruleKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`
}
