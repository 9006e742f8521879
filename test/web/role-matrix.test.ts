// Every route has an access rule, and every role gets exactly what src/domain/roles.ts grants it.
import { beforeAll, describe, expect, it } from "vitest"
import { can, roles } from "../../src/domain/roles"
import { createApp } from "../../src/web/app"
import { routeRules, ruleKey, ruleOf } from "../../src/web/route-rules"
import { api, browse, makeOrg } from "../helpers"

const endpoints = createApp()
  .routes.filter((r) => r.method !== "ALL")
  .map((r) => ({ method: r.method, path: r.path, key: ruleKey(r.method, r.path) }))
  .filter((r, i, all) => all.findIndex((o) => o.key === r.key) === i)

const ROLE_REFUSAL = "Your role may not do this"
/** A path with absent ids in its parameters; a `{seg_[a-z0-9_]+}` constraint keeps its literal prefix so the route still matches. */
const concrete = (path: string) =>
  path
    .replace(/:(\w+)\{([a-z]+_)[^}]*\}/g, "$2zzabsent")
    .replace(/:(\w+)(\{[^}]*\})?/g, "zz_absent_$1")
    .replace(/\*/g, "x")

describe("route rules", () => {
  it("has a rule for every route of the app", () => {
    const missing = endpoints.filter((e) => !ruleOf(e.key)).map((e) => e.key)
    expect(missing).toEqual([])
  })

  it("has no rule left over for a route that no longer exists", () => {
    const keys = new Set(endpoints.map((e) => e.key))
    expect(Object.keys(routeRules).filter((k) => !keys.has(k))).toEqual([])
  })
})

describe("role matrix", () => {
  const guarded = endpoints.filter((e) => {
    const rule = ruleOf(e.key)
    return rule && rule !== "public" && rule !== "signed_in"
  })

  // One organisation for the whole matrix: probes use absent ids, so nothing they reach changes what later probes see.
  let org: Awaited<ReturnType<typeof makeOrg>>
  beforeAll(async () => {
    org = await makeOrg()
  })

  it.each(guarded.map((e) => [e.key, e] as const))("%s: allowed roles pass, the others get 403", async (_key, e) => {
    const rule = ruleOf(e.key) as Parameters<typeof can>[1]
    for (const role of roles) {
      const path = concrete(e.path)
      const res = path.startsWith("/api/")
        ? await api(org, role, path, { method: e.method, ...(e.method === "GET" || e.method === "DELETE" ? {} : { json: {} }) })
        : await browse(org, role, path, { method: e.method, ...(e.method === "GET" ? {} : { form: {} }) })
      const body = await res.text()
      const refusedForRole = res.status === 403 && body.includes(ROLE_REFUSAL)
      expect({ role, refused: refusedForRole }, `${role} on ${e.key} answered ${res.status}`).toEqual({ role, refused: !can(role, rule) })
    }
  })
})

describe("anonymous access", () => {
  const guarded = endpoints.filter((e) => ruleOf(e.key) && ruleOf(e.key) !== "public")
  it.each(guarded.map((e) => [e.key, e] as const))("%s needs a session or an API key", async (_key, e) => {
    const { call } = await import("../helpers")
    const res = await call(concrete(e.path), { method: e.method })
    if (e.path.startsWith("/api/")) expect(res.status).toBe(401)
    else if (e.method === "GET") {
      expect(res.status).toBe(302)
      expect(res.headers.get("Location")).toMatch(/^\/sign-in/)
    } else expect([401, 403]).toContain(res.status)
  })
})
