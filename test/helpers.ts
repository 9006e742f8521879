// Test fixtures: organisations with a member and an API key per role, customers, invoices, and request helpers.
import { env, exports } from "cloudflare:workers"
import { createDb } from "../src/db/client"
import { newId } from "../src/db/ids"
import { apiKeys, contacts, customers, invoices, memberships, organisations, sessions, users } from "../src/db/schema"
import { roles, type Role } from "../src/domain/roles"
import { sha256Hex } from "../src/services/crypto"

export const db = () => createDb(env.DB)

export type TestOrg = {
  id: string
  name: string
  userIds: Record<Role, string>
  keys: Record<Role, string>
  cookies: Record<Role, string>
  csrf: Record<Role, string>
}

let counter = 0

/** A fresh organisation with one user, one session and one API key per role. */
export async function makeOrg(
  opts: { name?: string; planTier?: "starter" | "growth" | "scale" | "enterprise"; timeZone?: string } = {},
): Promise<TestOrg> {
  const d = db()
  const n = ++counter
  const orgId = newId("org")
  const now = new Date().toISOString()
  const name = opts.name ?? `Test Org ${n}`
  await d
    .insert(organisations)
    .values({ id: orgId, name, planTier: opts.planTier ?? "growth", timeZone: opts.timeZone ?? "America/New_York", createdAt: now })
  const org: TestOrg = { id: orgId, name, userIds: {} as never, keys: {} as never, cookies: {} as never, csrf: {} as never }
  for (const role of roles) {
    const userId = newId("usr")
    const email = `${role}.${n}.${orgId.slice(-6)}@example-${n}.com`
    const key = `plx_test_${role}_${orgId}`
    const cookie = `cookie_${role}_${orgId}`
    const csrf = `csrf_${role}_${orgId}`
    await d.batch([
      d.insert(users).values({ id: userId, email, name: `${role} user`, createdAt: now }),
      d.insert(memberships).values({ orgId, userId, role, createdAt: now }),
      d.insert(apiKeys).values({
        id: newId("key"),
        orgId,
        name: `${role} key`,
        prefix: key.slice(0, 12),
        keyHash: await sha256Hex(key),
        role,
        createdAt: now,
      }),
      d.insert(sessions).values({
        id: await sha256Hex(cookie),
        orgId,
        userId,
        createdAt: now,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        csrfSecret: csrf,
      }),
    ])
    org.userIds[role] = userId
    org.keys[role] = key
    org.cookies[role] = cookie
    org.csrf[role] = csrf
  }
  return org
}

export async function addCustomer(
  orgId: string,
  fields: Partial<typeof customers.$inferInsert> = {},
  email: string | null = "ap@customer.example",
) {
  const d = db()
  const now = new Date().toISOString()
  const id = fields.id ?? newId("cus")
  await d.insert(customers).values({
    id,
    orgId,
    externalId: fields.externalId ?? id,
    name: fields.name ?? "Customer " + id.slice(-4),
    createdAt: now,
    updatedAt: now,
    currency: "USD",
    ...fields,
  })
  if (email)
    await d
      .insert(contacts)
      .values({ id: newId("con"), orgId, customerId: id, name: "Accounts Payable", email, isPrimary: true, createdAt: now })
  return id
}

export async function addInvoice(orgId: string, customerId: string, fields: Partial<typeof invoices.$inferInsert> = {}) {
  const d = db()
  const now = new Date().toISOString()
  const id = fields.id ?? newId("inv")
  await d.insert(invoices).values({
    id,
    orgId,
    customerId,
    invoiceNumber: fields.invoiceNumber ?? `INV-${id.slice(-8)}`,
    currency: "USD",
    amountMinor: 125_000,
    balanceMinor: 125_000,
    issueDate: "2026-10-01",
    dueDate: "2026-10-31",
    status: "open",
    source: "api",
    createdAt: now,
    updatedAt: now,
    ...fields,
  })
  return id
}

/** A request through the Worker's real fetch handler. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://localhost:8787${path}`, { redirect: "manual", ...init }))
}

/** An API call with the role's key of `org`. */
export function api(org: TestOrg, role: Role, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set("Authorization", `Bearer ${org.keys[role]}`)
  let body = init.body
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json")
    body = JSON.stringify(init.json)
  }
  return call(path, { ...init, headers, body })
}

/** A browser request signed in as the role of `org`; POSTs carry the CSRF token unless `csrf: false`. */
export function browse(
  org: TestOrg,
  role: Role,
  path: string,
  init: RequestInit & { form?: Record<string, string>; csrf?: boolean } = {},
): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set("Cookie", `plx_session=${org.cookies[role]}`)
  let body = init.body
  if (init.form) {
    const form = new URLSearchParams(init.form)
    if (init.csrf !== false) form.set("_csrf", org.csrf[role])
    headers.set("Content-Type", "application/x-www-form-urlencoded")
    body = form.toString()
  } else if (init.method && init.method !== "GET" && init.csrf !== false) {
    headers.set("X-CSRF-Token", org.csrf[role])
  }
  return call(path, { ...init, headers, body, method: init.method ?? (init.form ? "POST" : "GET") })
}

/** Runs the delivery consumer over the organisation's queued outreach, as the DELIVERY queue would. */
export async function deliverQueued(orgId: string) {
  const { createExecutionContext, createMessageBatch, getQueueResult } = await import("cloudflare:test")
  const { outreach } = await import("../src/db/schema")
  const { and, eq } = await import("drizzle-orm")
  const worker = (await import("../src/index")).default
  const rows = await db()
    .select({ id: outreach.id })
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.status, "queued")))
  if (rows.length === 0) return 0
  const batch = createMessageBatch(
    "plixo-delivery",
    rows.map((r, i) => ({ id: `drain-${r.id}-${i}`, timestamp: new Date(), attempts: 1, body: { orgId, outreachId: r.id } })),
  )
  await worker.queue!(batch as MessageBatch<unknown>, env)
  await getQueueResult(batch, createExecutionContext())
  return rows.length
}
