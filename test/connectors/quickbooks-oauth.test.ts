// QuickBooks Online connection: Intuit's authorization-code flow with a state bound to the Controller's session, and
// tokens sealed at rest (AES-GCM with CONNECTOR_ENCRYPTION_KEY), never shown again.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { auditLog, connectors } from "../../src/db/schema"
import { seal, unseal } from "../../src/services/crypto"
import { issueState } from "../../src/services/erp-connect"
import { browse, db, makeOrg, type TestOrg } from "../helpers"
import { connectorRow, connectQuickbooks, consentPage, storedTokens } from "./erp-helpers"

let org: TestOrg
beforeEach(async () => {
  org = await makeOrg()
})

const rows = async () => db().select().from(connectors).where(eq(connectors.orgId, org.id))

describe("Connect QuickBooks (OAuth 2.0 authorization code)", () => {
  it("sends the Controller to Intuit's consent page asking read-only accounting scope, with a state and the registered redirect URI", async () => {
    const { start, authorize } = await connectQuickbooks(org)
    expect(start.status).toBe(303)
    expect(authorize.pathname).toBe("/dev/fake/quickbooks/connect/oauth2")
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: "test-qbo-client",
      response_type: "code",
      scope: "com.intuit.quickbooks.accounting",
      redirect_uri: "http://localhost:8787/admin/connectors/quickbooks/callback",
    })
    expect(authorize.searchParams.get("state")).toMatch(/^\d+\.[\w-]+\.[0-9a-f]{64}$/)
  })

  it("stores the connector active with the realm, the refresh token's expiry, and the tokens only in sealed form", async () => {
    const { callback } = await connectQuickbooks(org)
    expect(callback.status).toBe(303)
    expect(callback.headers.get("Location")).toBe("/admin/connectors?done=quickbooks_connected")
    const c = await connectorRow(org.id, "quickbooks")
    expect(c).toMatchObject({ status: "active", accountId: "9341453050203155" })
    expect(Date.parse(c.credentialExpiresAt!) - Date.now()).toBeGreaterThan(100 * 86_400_000)
    const tokens = await storedTokens(c)
    expect(tokens.refreshToken).toMatch(/^RT1x/)
    expect(c.secret).not.toContain(tokens.refreshToken)
    expect(c.secret).not.toContain(tokens.accessToken)
    const page = await (await browse(org, "controller", "/admin/connectors")).text()
    expect(page).toContain("9341453050203155")
    expect(page).not.toContain(tokens.refreshToken)
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "connector.quickbooks_connected")))
    expect(JSON.stringify(audit)).not.toContain(tokens.refreshToken)
  })

  it.each([
    [
      "a state issued to another session of the same organisation",
      async () => issueState(env.SESSION_SECRET, org.id, "another-session-id"),
    ],
    ["a state issued to another organisation", async () => issueState(env.SESSION_SECRET, "org_someone_else", await sessionIdOf(org))],
    [
      "a state older than 10 minutes",
      async () => issueState(env.SESSION_SECRET, org.id, await sessionIdOf(org), new Date(Date.now() - 11 * 60_000)),
    ],
    ["a tampered state", async () => `${(await issueState(env.SESSION_SECRET, org.id, await sessionIdOf(org))).slice(0, -2)}00`],
    ["no state at all", async () => ""],
  ])("refuses the callback with %s and stores nothing", async (_, state) => {
    const res = await browse(
      org,
      "controller",
      `/admin/connectors/quickbooks/callback?${new URLSearchParams({ code: "fakecode_abc", state: await state(), realmId: "9341453050203155" })}`,
    )
    expect(res.status).toBe(400)
    expect(await res.text()).toContain("did not start in this session")
    expect(await rows()).toEqual([])
  })

  it("a callback replayed in another person's session is refused even with a valid code", async () => {
    const { callbackUrl } = await connectQuickbooksUntilCallback(org)
    const res = await browse(org, "billing_admin", `${callbackUrl.pathname}${callbackUrl.search}`)
    expect(res.status).toBe(400)
    expect(await rows()).toEqual([])
  })

  it("when the Controller cancels at Intuit nothing is connected and the page says so", async () => {
    const state = await issueState(env.SESSION_SECRET, org.id, await sessionIdOf(org))
    const res = await browse(
      org,
      "controller",
      `/admin/connectors/quickbooks/callback?error=access_denied&state=${encodeURIComponent(state)}`,
    )
    expect(res.status).toBe(400)
    expect(await res.text()).toContain("QuickBooks access was not granted")
    expect(await rows()).toEqual([])
  })

  it("roles without the connectors capability cannot start the flow", async () => {
    expect((await browse(org, "operator", "/admin/connectors/quickbooks/connect", { method: "POST", form: {} })).status).toBe(403)
  })
})

describe("Credentials sealed at rest", () => {
  it("open only with the same key and the same connector (authenticated context)", async () => {
    const sealed = await seal(env.CONNECTOR_ENCRYPTION_KEY, "refresh-token-value", "connector:cnr_a")
    expect(await unseal(env.CONNECTOR_ENCRYPTION_KEY, sealed, "connector:cnr_a")).toBe("refresh-token-value")
    await expect(unseal(env.CONNECTOR_ENCRYPTION_KEY, sealed, "connector:cnr_b")).rejects.toThrow()
    await expect(unseal("another-key-that-is-long-enough-0123456789", sealed, "connector:cnr_a")).rejects.toThrow()
    expect(await seal(env.CONNECTOR_ENCRYPTION_KEY, "refresh-token-value", "connector:cnr_a")).not.toBe(sealed)
  })
})

async function sessionIdOf(o: TestOrg) {
  const { sha256Hex } = await import("../../src/services/crypto")
  return sha256Hex(o.cookies.controller)
}

/** The consent step only: the callback URL the fake would send the browser to. */
async function connectQuickbooksUntilCallback(o: TestOrg) {
  const start = await browse(o, "controller", "/admin/connectors/quickbooks/connect", { method: "POST", form: {} })
  const authorize = new URL(start.headers.get("Location")!, "http://localhost:8787")
  const consent = await consentPage(authorize)
  return { callbackUrl: new URL(/id="approve" href="([^"]+)"/.exec(consent)![1]!.replace(/&#38;/g, "&")) }
}
