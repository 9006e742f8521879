// Sessions: sign-out, listing this member's sessions, revoking one or all others, and that a revoked session is refused at once.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { sessions } from "../../src/db/schema"
import { sha256Hex } from "../../src/services/crypto"
import { browse, db, makeOrg } from "../helpers"
import { auditActions, getWith, postForm } from "./support"

/** A second, independent session for the same member (another browser). */
async function secondSession(orgId: string, userId: string, userAgent: string) {
  const cookie = `second_${crypto.randomUUID()}`
  const now = new Date()
  await db()
    .insert(sessions)
    .values({
      id: await sha256Hex(cookie),
      orgId,
      userId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      csrfSecret: `csrf_${cookie}`,
      userAgent,
    })
  return { cookie, csrf: `csrf_${cookie}` }
}

describe("sessions", () => {
  it("sign-out ends the session at once and clears the cookie", async () => {
    const org = await makeOrg()
    const before = await browse(org, "operator", "/account/sessions")
    expect(before.status).toBe(200)
    const out = await browse(org, "operator", "/sign-out", { method: "POST", form: {} })
    expect(out.status).toBe(303)
    expect(out.headers.get("Location")).toBe("/sign-in")
    expect(out.headers.getSetCookie().find((c) => c.startsWith("plx_session="))).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i)
    const after = await browse(org, "operator", "/account/sessions")
    expect(after.status).toBe(302)
    expect(after.headers.get("Location")).toMatch(/^\/sign-in\?next=/)
    expect(await auditActions(org.id)).toContain("user.signed_out")
  })

  it("lists the member's live sessions, marks this device, and revoking one stops it at once", async () => {
    const org = await makeOrg({ name: "Sessions Co" })
    const other = await secondSession(org.id, org.userIds.cfo, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1")
    const page = await browse(org, "cfo", "/account/sessions")
    const html = await page.text()
    expect(html).toContain("This device")
    expect(html).toContain("Safari on iOS")
    expect(html).toContain("Sessions Co")

    expect((await getWith("/account/sessions", other.cookie)).status).toBe(200)
    const otherId = await sha256Hex(other.cookie)
    const res = await browse(org, "cfo", `/account/sessions/${otherId}/revoke`, { method: "POST", form: {} })
    expect(res.status).toBe(303)
    const revoked = await getWith("/account/sessions", other.cookie)
    expect(revoked.status).toBe(302)
    expect(revoked.headers.get("Location")).toMatch(/^\/sign-in/)
    expect((await browse(org, "cfo", "/account/sessions")).status).toBe(200) // this one still works
    expect(await auditActions(org.id)).toContain("session.revoked")
  })

  it("cannot revoke another person's session (not found)", async () => {
    const org = await makeOrg()
    const victim = await sha256Hex(org.cookies.legal)
    const res = await browse(org, "sales", `/account/sessions/${victim}/revoke`, { method: "POST", form: {} })
    expect(res.status).toBe(404)
    expect((await browse(org, "legal", "/account/sessions")).status).toBe(200)
  })

  it("signs out everywhere else but keeps this browser", async () => {
    const org = await makeOrg()
    const a = await secondSession(org.id, org.userIds.csm, "Firefox/120.0 (Windows NT 10.0)")
    const b = await secondSession(org.id, org.userIds.csm, "curl/8.0")
    const res = await browse(org, "csm", "/account/sessions/revoke-others", { method: "POST", form: {} })
    expect(res.status).toBe(303)
    expect((await getWith("/account/sessions", a.cookie)).status).toBe(302)
    expect((await getWith("/account/sessions", b.cookie)).status).toBe(302)
    expect((await browse(org, "csm", "/account/sessions")).status).toBe(200)
    const row = (
      await db()
        .select()
        .from(sessions)
        .where(eq(sessions.id, await sha256Hex(a.cookie)))
    )[0]!
    expect(row.revokedAt).not.toBeNull()
    expect(await auditActions(org.id)).toContain("session.revoked_others")
  })

  it("a revoked session's POST is refused even with its CSRF token", async () => {
    const org = await makeOrg()
    const s = await secondSession(org.id, org.userIds.controller, "Chrome/120")
    await db()
      .update(sessions)
      .set({ revokedAt: new Date().toISOString() })
      .where(eq(sessions.id, await sha256Hex(s.cookie)))
    const res = await postForm("/admin/api-keys", { name: "Should not exist", role: "cfo" }, { session: s })
    expect([401, 403]).toContain(res.status)
  })
})
