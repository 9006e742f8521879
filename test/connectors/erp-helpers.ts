// ERP test helpers: connect QuickBooks through the real OAuth flow against the local fake, a fetcher that records
// (and can rewrite) the requests the adapters make, and the stored connector of an organisation.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { connectors } from "../../src/db/schema"
import { fakeQuickbooks } from "../../src/integrations/erp/fake/quickbooks"
import { erpFetcher, type ErpFetch } from "../../src/integrations/erp/http"
import { unseal } from "../../src/services/crypto"
import type { Connector } from "../../src/services/connectors"
import { browse, db, type TestOrg } from "../helpers"

export type Seen = { method: string; url: string; headers: Headers; body: string }

/** The in-process fakes, with every request recorded; `override` may answer instead (429s, revoked grants, pages). */
export function recordingFetcher(override?: (req: Seen, n: number) => Response | Promise<Response> | null): {
  fetcher: ErpFetch
  seen: Seen[]
} {
  const seen: Seen[] = []
  const real = erpFetcher(env)
  const fetcher: ErpFetch = async (url, init = {}) => {
    const req: Seen = {
      method: init.method ?? "GET",
      url,
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : init.body ? String(init.body) : "",
    }
    seen.push(req)
    const answer = override ? await override(req, seen.length) : null
    return answer ?? real(url, init)
  }
  return { fetcher, seen }
}

export async function connectorRow(orgId: string, kind: "quickbooks" | "netsuite"): Promise<Connector> {
  const [row] = await db()
    .select()
    .from(connectors)
    .where(and(eq(connectors.orgId, orgId), eq(connectors.kind, kind)))
  return row as Connector
}

export async function storedTokens(c: Connector) {
  return JSON.parse(await unseal(env.CONNECTOR_ENCRYPTION_KEY, c.secret!, `connector:${c.id}`)) as {
    accessToken: string
    refreshToken: string
    accessExpiresAt: string
    refreshExpiresAt: string
  }
}

/** Intuit's consent page (the fake, outside the app as Intuit would be). */
export async function consentPage(authorize: URL) {
  return (await fakeQuickbooks.fetch(new Request(`http://fake.invalid${authorize.pathname}${authorize.search}`), env)).text()
}

/** Connect -> the fake's consent page -> its Connect link -> the callback, as a Controller's browser would. */
export async function connectQuickbooks(org: TestOrg, role: "controller" | "billing_admin" = "controller") {
  const start = await browse(org, role, "/admin/connectors/quickbooks/connect", { method: "POST", form: {} })
  const authorize = new URL(start.headers.get("Location")!, "http://localhost:8787")
  const consent = await consentPage(authorize)
  const approve = /id="approve" href="([^"]+)"/.exec(consent)![1]!.replace(/&amp;/g, "&").replace(/&#38;/g, "&")
  const back = new URL(approve)
  return { start, authorize, callback: await browse(org, role, `${back.pathname}${back.search}`), callbackUrl: back }
}

/** The same flow through the services (no first sync in the background), for tests that sync themselves. */
export async function connectQuickbooksQuietly(org: TestOrg) {
  const { startQuickbooks, finishQuickbooks } = await import("../../src/services/erp-connect")
  const { sha256Hex } = await import("../../src/services/crypto")
  const sessionId = await sha256Hex(org.cookies.controller)
  const authorize = new URL(await startQuickbooks(env, org.id, sessionId), "http://localhost:8787")
  const back = new URL(/id="approve" href="([^"]+)"/.exec(await consentPage(authorize))![1]!.replace(/&#38;/g, "&"))
  const q = Object.fromEntries(back.searchParams)
  return finishQuickbooks(
    env,
    db(),
    org.id,
    sessionId,
    { type: "user", id: org.userIds.controller, label: "controller" },
    { code: q.code, state: q.state, realmId: q.realmId },
  )
}
