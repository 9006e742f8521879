// Local fake of NetSuite's SuiteQL REST endpoint (development and tests only): verifies the TBA HMAC-SHA256 signature
// with the demo credentials, requires `Prefer: transient`, answers the three queries Plixo sends from a recorded
// sandbox account, paged by limit/offset with `links`, `hasMore` and `totalResults` as NetSuite shapes them.
import { Hono } from "hono"
import { oauthSignature, parseOAuthHeader } from "../oauth1"
import account from "./netsuite-account.json"

/** The demo integration record and access token the fake accepts (README, Connectors page in development). */
export const NETSUITE_DEMO = {
  accountId: account.accountId,
  consumerKey: "fake-ns-consumer-key-7c1e",
  consumerSecret: "fake-ns-consumer-secret-93ab",
  tokenId: "fake-ns-token-id-44d0",
  tokenSecret: "fake-ns-token-secret-e51f",
}

const error = (status: number, title: string, detail: string) =>
  new Response(
    JSON.stringify({
      type: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2",
      title,
      status,
      "o:errorDetails": [{ detail, "o:errorCode": status === 401 ? "INVALID_LOGIN" : "INVALID_PARAMETER" }],
    }),
    {
      status,
      headers: { "Content-Type": "application/vnd.oracle.resource+json; type=error" },
    },
  )

type Row = Record<string, string | unknown[] | null> & { lastmodifieddate?: string | null }

export const fakeNetsuite = new Hono<{ Bindings: Env }>()
  .basePath("/dev/fake/netsuite")
  .post("/services/rest/query/v1/suiteql", async (c) => {
    const oauth = parseOAuthHeader(c.req.header("Authorization") ?? null)
    if (
      !oauth ||
      oauth.oauth_consumer_key !== NETSUITE_DEMO.consumerKey ||
      oauth.oauth_token !== NETSUITE_DEMO.tokenId ||
      oauth.oauth_signature_method !== "HMAC-SHA256"
    )
      return error(401, "Unauthorized", "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI.")
    const { oauth_signature: signature, realm: _, ...params } = oauth
    const url = new URL(c.req.url)
    const expected = await oauthSignature(
      "POST",
      `${url.pathname}${url.search}`,
      params,
      NETSUITE_DEMO.consumerSecret,
      NETSUITE_DEMO.tokenSecret,
    )
    if (signature !== expected) return error(401, "Unauthorized", "Invalid login attempt (signature mismatch).")
    if (c.req.header("Prefer") !== "transient") return error(400, "Bad Request", "The request must carry the header Prefer: transient.")
    const { q } = (await c.req.json().catch(() => ({}))) as { q?: string }
    const table = /FROM customer /i.test(q ?? "")
      ? account.customer
      : /'CustInvc'/.test(q ?? "")
        ? account.invoice
        : /'CustPymt'/.test(q ?? "")
          ? account.payment
          : null
    if (!q || !table)
      return error(
        400,
        "Bad Request",
        "Invalid search query. Detailed unprocessed description follows. Search error occurred: unknown table.",
      )
    let rows = table as Row[]
    const since = /lastmodifieddate > TO_TIMESTAMP\('([^']+)'/.exec(q)?.[1]
    if (since) rows = rows.filter((r) => (r.lastmodifieddate ?? "") > since)
    else if (/foreignamountremaining > 0/.test(q)) rows = rows.filter((r) => Number(r.foreignamountremaining) > 0)
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 1000), 1000)
    const offset = Number(url.searchParams.get("offset") ?? 0)
    const items = rows.slice(offset, offset + limit).map(({ lastmodifieddate: _, ...r }) => r)
    const self = `${url.origin}${url.pathname}`
    const links = [{ rel: "self", href: `${self}?limit=${limit}&offset=${offset}` }]
    if (offset + limit < rows.length) links.push({ rel: "next", href: `${self}?limit=${limit}&offset=${offset + limit}` })
    return c.json({ links, count: items.length, hasMore: offset + limit < rows.length, items, offset, totalResults: rows.length })
  })
