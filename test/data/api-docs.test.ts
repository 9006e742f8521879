// The API reference: /api/v1/docs renders Scalar from our own assets under a nonce policy, and the OpenAPI
// document it renders holds every /api/v1 route the app serves.
import { describe, expect, it } from "vitest"
import { createApp } from "../../src/web/app"
import { scalarBundlePath } from "../../src/web/routes/api/openapi"
import { call } from "../helpers"

const apiRoutes = createApp()
  .routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/v1/"))
  .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`)
  .filter((k, i, all) => all.indexOf(k) === i)

describe("GET /api/v1/docs", () => {
  it("loads the reference bundle from this origin with the nonce its policy allows, pointed at the document", async () => {
    const res = await call("/api/v1/docs")
    expect(res.status).toBe(200)
    const html = await res.text()
    const csp = res.headers.get("Content-Security-Policy") ?? ""
    const nonce = /'nonce-([a-f0-9]{32})'/.exec(csp)?.[1]
    expect(nonce).toBeDefined()
    expect(csp).toContain("connect-src 'self'")
    expect(html).toContain(`<script src="${scalarBundlePath}" nonce="${nonce}"></script>`)
    expect(html).toContain('"url": "/api/v1/openapi.json"')
    expect(html).toContain("<title>Plixo API reference</title>")
    expect(html).not.toContain("cdn.jsdelivr.net")
  })

  it("uses a fresh nonce on every response", async () => {
    const a = (await call("/api/v1/docs")).headers.get("Content-Security-Policy")
    const b = (await call("/api/v1/docs")).headers.get("Content-Security-Policy")
    expect(a).not.toEqual(b)
  })
})

describe("GET /api/v1/openapi.json", () => {
  it("documents every /api/v1 route of the app, with a summary", async () => {
    const doc = (await (await call("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, { summary?: string }>> }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
    const missing = apiRoutes.filter((k) => !documented.includes(k) && !k.endsWith("/api/v1/docs") && !k.endsWith("/openapi.json"))
    expect(missing).toEqual([])
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops)) expect(op.summary, `${m} ${path}`).toBeTruthy()
  })
})
