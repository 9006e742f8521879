// The app shell: the health check, strangers sent to sign-in with security headers, and where a signed-in member lands.
import { describe, expect, it } from "vitest"
import { browse, call, makeOrg } from "../helpers"

describe("app shell", () => {
  it("answers the health check", async () => {
    const res = await call("/healthz")
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })

  it("sends strangers to sign-in and sets security headers", async () => {
    const res = await call("/")
    expect(res.status).toBe(302)
    expect(res.headers.get("Location")).toBe("/sign-in")
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'")
    expect(res.headers.get("X-Frame-Options")).toBe("DENY")
  })

  it("sends a signed-in member to the overview", async () => {
    const org = await makeOrg()
    const res = await browse(org, "operator", "/")
    expect(res.headers.get("Location")).toBe("/admin/overview")
  })
})
