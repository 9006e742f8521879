/// <reference types="vite/client" />
import { eq } from "drizzle-orm"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { connectors, stripeAccounts } from "../../src/db/schema"
import { connectorHealth, type Connector } from "../../src/services/connectors"
import { browse, db, makeOrg, type TestOrg } from "../helpers"
import { connectStripe, deliver, stripeEvent } from "./stripe-helpers"

/** The Stripe API is never reached over the network: outbound fetches to api.stripe.com are answered here. */
function fakeStripe() {
  const calls: { method: string; path: string; body: string; account: string | null }[] = []
  const real = globalThis.fetch
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    if (url.hostname !== "api.stripe.com") return real(input, init)
    const body = await req.text()
    calls.push({ method: req.method, path: url.pathname, body, account: req.headers.get("Stripe-Account") })
    const json = (o: unknown) =>
      new Response(JSON.stringify(o), { status: 200, headers: { "Content-Type": "application/json", "Request-Id": "req_fake" } })
    if (url.pathname === "/v1/accounts" && req.method === "POST")
      return json({ id: "acct_1FakeConnected01", object: "account", details_submitted: false })
    if (url.pathname.startsWith("/v1/accounts/")) return json({ id: "acct_1FakeConnected01", object: "account", details_submitted: true })
    if (url.pathname === "/v1/account_links")
      return json({
        object: "account_link",
        url: "https://connect.stripe.com/setup/s/acct_1FakeConnected01/fake",
        created: 1,
        expires_at: 2,
      })
    if (url.pathname === "/v1/customers")
      return json({ id: "cus_FakeTest01", object: "customer", metadata: Object.fromEntries(new URLSearchParams(body)) })
    return new Response(JSON.stringify({ error: { message: "not faked" } }), { status: 404 })
  })
  return calls
}

let org: TestOrg
beforeEach(async () => {
  org = await makeOrg()
})
afterEach(() => vi.restoreAllMocks())

describe("Stripe Connect onboarding", () => {
  it("creates the connected account once, stores it on the connector and the routing table, and sends the Controller to the Account Link", async () => {
    const calls = fakeStripe()
    const res = await browse(org, "controller", "/admin/connectors/stripe/connect", { method: "POST", form: {} })
    expect(res.status).toBe(303)
    expect(res.headers.get("Location")).toBe("https://connect.stripe.com/setup/s/acct_1FakeConnected01/fake")
    const [c] = await db().select().from(connectors).where(eq(connectors.orgId, org.id))
    expect(c).toMatchObject({ kind: "stripe", accountId: "acct_1FakeConnected01", status: "pending" })
    expect(await db().select().from(stripeAccounts).where(eq(stripeAccounts.accountId, "acct_1FakeConnected01"))).toEqual([
      expect.objectContaining({ orgId: org.id }),
    ])
    await browse(org, "controller", "/admin/connectors/stripe/connect", { method: "POST", form: {} })
    expect(calls.filter((x) => x.path === "/v1/accounts")).toHaveLength(1)
    const back = await browse(org, "controller", "/admin/connectors/stripe/return")
    expect(back.status).toBe(303)
    const [after] = await db().select().from(connectors).where(eq(connectors.orgId, org.id))
    expect(after.status).toBe("active")
    expect(after.credentialExpiresAt).not.toBeNull()
  })

  it("Send test event creates a marked customer on the connected account; its webhook shows 'Stripe test received'", async () => {
    const calls = fakeStripe()
    const account = await connectStripe(org.id)
    const res = await browse(org, "controller", "/admin/connectors/stripe/test-event", { method: "POST", form: {} })
    expect(res.status).toBe(303)
    const created = calls.find((x) => x.path === "/v1/customers")!
    expect(created.account).toBe(account)
    expect(new URLSearchParams(created.body).get("metadata[plixo_test_event]")).toBe("true")
    let page = await (await browse(org, "controller", "/admin/connectors")).text()
    expect(page).toContain("Stripe test not received")
    await deliver(stripeEvent("customer.created.test", account))
    page = await (await browse(org, "controller", "/admin/connectors")).text()
    expect(page).toContain("Stripe test received")
  })

  it("refuses the test event before Stripe is connected, and refuses roles without connectors", async () => {
    const page = await (await browse(org, "billing_admin", "/admin/connectors")).text()
    expect(page).toContain("Send test event")
    expect((await browse(org, "operator", "/admin/connectors")).status).toBe(403)
    const refused = await browse(org, "controller", "/admin/connectors/stripe/test-event", { method: "POST", form: {} })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain("Connect Stripe first")
  })
})

describe("connector health", () => {
  const base = {
    id: "c",
    orgId: "o",
    kind: "stripe",
    status: "active",
    accountId: "acct_1",
    credentialExpiresAt: null,
    lastEventAt: null,
    lastSyncAt: null,
    lastError: null,
    lastErrorAt: null,
    testEventSentAt: null,
    testEventReceivedAt: null,
    config: null,
    createdAt: "",
    updatedAt: "",
  } as Connector
  const now = new Date("2026-11-21T12:00:00Z")
  it.each([
    { name: "no connector", c: null, status: "not_connected", banner: false },
    { name: "15 days to expiry", c: { ...base, credentialExpiresAt: "2026-12-06T13:00:00Z" }, status: "active", banner: false },
    { name: "14 days to expiry", c: { ...base, credentialExpiresAt: "2026-12-05T13:00:00Z" }, status: "expiring", banner: true },
    { name: "expired yesterday", c: { ...base, credentialExpiresAt: "2026-11-20T12:00:00Z" }, status: "expired", banner: true },
    { name: "error an hour ago", c: { ...base, lastError: "boom", lastErrorAt: "2026-11-21T11:00:00Z" }, status: "error", banner: false },
    {
      name: "error then a good event",
      c: { ...base, lastError: "boom", lastErrorAt: "2026-11-21T10:00:00Z", lastEventAt: "2026-11-21T11:00:00Z" },
      status: "active",
      banner: false,
    },
  ])("$name -> $status", ({ c, status, banner }) => {
    const h = connectorHealth(c, now)
    expect(h.status).toBe(status)
    expect(h.banner !== null).toBe(banner)
  })

  it("shows the re-authenticate banner on the page from 14 days before expiry", async () => {
    await connectStripe(org.id)
    await db()
      .update(connectors)
      .set({ credentialExpiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() })
      .where(eq(connectors.orgId, org.id))
    const page = await (await browse(org, "controller", "/admin/connectors")).text()
    expect(page).toContain("Re-authenticate to keep data flowing")
    expect(page).toContain(">Re-authenticate</button>")
  })
})
