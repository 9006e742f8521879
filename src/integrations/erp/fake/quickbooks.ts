// Local fake of QuickBooks Online (development and tests only): Intuit's authorize page, token endpoint (codes and
// rotating refresh tokens, Basic client auth), Query API with STARTPOSITION/MAXRESULTS and CDC, serving a recorded
// sandbox company with Intuit's field names. Stateless: tokens are self-describing and signed with the client secret.
import { Hono } from "hono"
import { hmacBase64 } from "../../../domain/hmac"
import company from "./quickbooks-company.json"

type Row = { Id: string; Balance?: number; MetaData?: { LastUpdatedTime?: string } }
const tables = { Customer: company.Customer, Invoice: company.Invoice, Payment: company.Payment } as Record<string, Row[]>
const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const fault = (status: number, message: string, code = "3200") =>
  new Response(
    JSON.stringify({
      Fault: { Error: [{ Message: message, Detail: message, code }], type: "AUTHENTICATION" },
      time: new Date().toISOString(),
    }),
    { status, headers: { "Content-Type": "application/json" } },
  )

const sign = async (secret: string, body: string) => (await hmacBase64(secret || "fake", body)).replace(/[^A-Za-z0-9]/g, "").slice(0, 16)
async function token(secret: string, kind: "AB" | "RT", seq: number) {
  const body = `${kind}${seq}x${crypto.randomUUID().slice(0, 8)}`
  return `${body}.${await sign(secret, body)}`
}
async function verify(secret: string, value: string, kind: "AB" | "RT"): Promise<number | null> {
  const [body, sig] = value.split(".")
  if (!body?.startsWith(kind) || !sig || sig !== (await sign(secret, body))) return null
  return Number(body.slice(2, body.indexOf("x")))
}

export const fakeQuickbooks = new Hono<{ Bindings: Env }>()
  .basePath("/dev/fake/quickbooks")
  .get("/connect/oauth2", (c) => {
    const q = c.req.query()
    if (q.response_type !== "code" || !q.client_id || !q.redirect_uri || !q.scope?.includes("com.intuit.quickbooks.accounting"))
      return c.text(
        "Intuit (fake): the authorize request is missing client_id, redirect_uri, response_type=code or the accounting scope",
        400,
      )
    const back = (params: Record<string, string>) => esc(`${q.redirect_uri}?${new URLSearchParams({ ...params, state: q.state ?? "" })}`)
    // Styled by the app's stylesheet: the page is served from Plixo's origin, whose CSP refuses inline styles.
    return c.html(`<!doctype html><html lang="en"><head><title>Intuit (local fake)</title><meta name="viewport" content="width=device-width">
<link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="/app.css"></head>
<body class="dev-body"><main class="content"><div class="card narrow">
<p class="muted small">Local fake of Intuit's sign-in (development only)</p>
<h1>Connect Plixo to ${esc(company.companyName)}?</h1>
<p>Plixo asks to <strong>read</strong> customers, invoices and payments (scope <code>com.intuit.quickbooks.accounting</code>). It never writes to QuickBooks.</p>
<p><a id="approve" href="${back({ code: `fakecode_${crypto.randomUUID().slice(0, 12)}`, realmId: company.realmId })}" class="btn btn-primary">Connect</a>
&nbsp; <a id="deny" href="${back({ error: "access_denied" })}" class="btn">Cancel</a></p></div></main></body></html>`)
  })
  .post("/oauth2/v1/tokens/bearer", async (c) => {
    const expected = `Basic ${btoa(`${c.env.QUICKBOOKS_CLIENT_ID}:${c.env.QUICKBOOKS_CLIENT_SECRET}`)}`
    if (c.req.header("Authorization") !== expected) return c.json({ error: "invalid_client" }, 401)
    const form = new URLSearchParams(await c.req.text())
    const secret = c.env.QUICKBOOKS_CLIENT_SECRET
    let seq = 1
    if (form.get("grant_type") === "authorization_code") {
      if (!form.get("code")?.startsWith("fakecode_") || !form.get("redirect_uri")) return c.json({ error: "invalid_grant" }, 400)
    } else if (form.get("grant_type") === "refresh_token") {
      const n = await verify(secret, form.get("refresh_token") ?? "", "RT")
      if (n === null) return c.json({ error: "invalid_grant" }, 400)
      seq = n + 1
    } else return c.json({ error: "unsupported_grant_type" }, 400)
    return c.json({
      token_type: "bearer",
      expires_in: 3600,
      x_refresh_token_expires_in: 8_726_400,
      refresh_token: await token(secret, "RT", seq),
      access_token: await token(secret, "AB", seq),
    })
  })
  .use("/v3/company/:realm/*", async (c, next) => {
    const bearer = c.req.header("Authorization")?.replace(/^Bearer /, "") ?? ""
    if ((await verify(c.env.QUICKBOOKS_CLIENT_SECRET, bearer, "AB")) === null)
      return fault(401, "AuthenticationFailed: the access token is invalid or expired")
    if (c.req.param("realm") !== company.realmId)
      return fault(403, "ApplicationAuthorizationFailed: not authorised for this company", "003100")
    await next()
  })
  .get("/v3/company/:realm/query", (c) => {
    const m = /^select \* from (\w+)(?: where (.+?))?(?: STARTPOSITION (\d+))?(?: MAXRESULTS (\d+))?$/i.exec(c.req.query("query") ?? "")
    const table = m ? tables[m[1]!] : undefined
    if (!m || !table) return c.json({ Fault: { Error: [{ Message: "Error parsing query", code: "4000" }], type: "ValidationFault" } }, 400)
    let rows = table
    if (m[2] && /Balance > '0'/i.test(m[2])) rows = rows.filter((r) => (r.Balance ?? 0) > 0)
    const start = Number(m[3] ?? 1)
    const max = Math.min(Number(m[4] ?? 100), 1000)
    const page = rows.slice(start - 1, start - 1 + max)
    return c.json({ QueryResponse: { [m[1]!]: page, startPosition: start, maxResults: page.length }, time: new Date().toISOString() })
  })
  .get("/v3/company/:realm/cdc", (c) => {
    const since = Date.parse(c.req.query("changedSince") ?? "")
    if (Number.isNaN(since))
      return c.json({ Fault: { Error: [{ Message: "changedSince is required", code: "2020" }], type: "ValidationFault" } }, 400)
    const groups = (c.req.query("entities") ?? "").split(",").map((entity) => {
      const rows = (tables[entity] ?? []).filter((r) => Date.parse(r.MetaData?.LastUpdatedTime ?? "") > since).slice(0, 1000)
      return { [entity]: rows, startPosition: 1, maxResults: rows.length }
    })
    return c.json({ CDCResponse: [{ QueryResponse: groups }], time: new Date().toISOString() })
  })
