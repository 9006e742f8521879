// Sign-in by emailed link and code, demo sign-in in development only, and the limits on magic-link flooding.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { signInTokens, users } from "../../src/db/schema"
import { sha256Hex } from "../../src/services/crypto"
import { call, db, makeOrg } from "../helpers"
import { ANON_CSRF, auditActions, callAsDevelopment, getWith, latestMailTo, linkIn, mailCountTo, postForm, sessionFrom } from "./support"

async function emailOf(userId: string) {
  return (await db().select().from(users).where(eq(users.id, userId)))[0]!.email
}

async function requestLink(email: string, next?: string) {
  const res = await postForm("/sign-in", next ? { email, next } : { email })
  expect(res.status).toBe(200)
  const mail = await latestMailTo(email)
  return { res, mail, path: mail ? linkIn(mail.text, "/sign-in/verify") : "" }
}

describe("sign-in by emailed link", () => {
  it("mails a link whose page only shows a Continue button; posting it signs in once", async () => {
    const org = await makeOrg()
    const email = await emailOf(org.userIds.operator)
    const { path } = await requestLink(email)
    const token = new URL(path, "http://x").searchParams.get("token")!

    // Stored as a hash with a 15-minute expiry, never in clear.
    const row = (
      await db()
        .select()
        .from(signInTokens)
        .where(eq(signInTokens.tokenHash, await sha256Hex(token)))
    )[0]!
    expect(row.email).toBe(email)
    expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(15 * 60_000)

    const page = await call(path)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain("Continue")
    expect(html).toContain(`name="_csrf"`)
    expect(page.headers.getSetCookie().some((c) => c.startsWith("plx_session="))).toBe(false)

    const first = await postForm("/sign-in/verify", { token })
    expect(first.status).toBe(303)
    expect(first.headers.get("Location")).toBe("/admin/overview")
    const session = await sessionFrom(first)
    expect(session.header).toMatch(/HttpOnly/i)
    expect(session.header).toMatch(/SameSite=Lax/i)
    expect(session.header).toMatch(/Path=\//)
    expect(session.header).not.toMatch(/Secure/i) // APP_URL is http in tests
    expect((await getWith("/account/sessions", session.cookie)).status).toBe(200)

    const second = await postForm("/sign-in/verify", { token })
    expect(second.status).toBe(410)
    expect(await second.text()).toContain("already used")
    expect(second.headers.getSetCookie().some((c) => c.startsWith("plx_session="))).toBe(false)
    expect((await call(path)).status).toBe(410)
    expect(await auditActions(org.id)).toContain("user.signed_in")
  })

  it("refuses a link after its 15 minutes", async () => {
    const org = await makeOrg()
    const email = await emailOf(org.userIds.cfo)
    const { path } = await requestLink(email)
    const token = new URL(path, "http://x").searchParams.get("token")!
    await db()
      .update(signInTokens)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(signInTokens.tokenHash, await sha256Hex(token)))
    expect((await call(path)).status).toBe(410)
    const res = await postForm("/sign-in/verify", { token })
    expect(res.status).toBe(410)
    expect(await res.text()).toContain("expired")
    expect(res.headers.getSetCookie().some((c) => c.startsWith("plx_session="))).toBe(false)
  })

  it("refuses a made-up token", async () => {
    const res = await postForm("/sign-in/verify", { token: "not-a-real-token" })
    expect(res.status).toBe(400)
    expect(res.headers.getSetCookie().some((c) => c.startsWith("plx_session="))).toBe(false)
  })

  it("answers an unknown address exactly like a known one and mails nothing", async () => {
    const org = await makeOrg()
    const known = await emailOf(org.userIds.sales)
    const unknown = `nobody.${org.id}@example.com`
    const a = await postForm("/sign-in", { email: known })
    const b = await postForm("/sign-in", { email: unknown })
    expect(a.status).toBe(b.status)
    const strip = (s: string, email: string) => s.replaceAll(email, "EMAIL")
    expect(strip(await a.text(), known)).toBe(strip(await b.text(), unknown))
    expect(await mailCountTo(known)).toBe(1)
    expect(await mailCountTo(unknown)).toBe(0)
  })

  it("follows a relative next path and ignores an absolute one", async () => {
    const org = await makeOrg()
    const email = await emailOf(org.userIds.ar_manager)
    const cases = [
      { next: "/work/receivables?status=open", expected: "/work/receivables?status=open" },
      { next: "//evil.example/steal", expected: "/admin/overview" },
      { next: "https://evil.example/", expected: "/admin/overview" },
    ]
    for (const { next, expected } of cases) {
      const { path } = await requestLink(email, next)
      const token = new URL(path, "http://x").searchParams.get("token")!
      const res = await postForm("/sign-in/verify", { token })
      expect(res.headers.get("Location"), next).toBe(expected)
    }
  })

  it("lets a member of two organisations choose, and defaults to the first", async () => {
    const a = await makeOrg({ name: "First Co" })
    const b = await makeOrg({ name: "Second Co" })
    const email = await emailOf(a.userIds.controller)
    const { memberships } = await import("../../src/db/schema")
    await db()
      .insert(memberships)
      .values({ orgId: b.id, userId: a.userIds.controller, role: "cfo", createdAt: new Date(Date.now() + 1000).toISOString() })

    const { path } = await requestLink(email)
    const html = await (await call(path)).text()
    expect(html).toContain("Choose an organisation")
    expect(html).toContain("First Co")
    expect(html).toContain("Second Co")
    const token = new URL(path, "http://x").searchParams.get("token")!
    const chosen = await sessionFrom(await postForm("/sign-in/verify", { token, org_id: b.id }))
    expect(await (await getWith("/account/sessions", chosen.cookie)).text()).toContain("Second Co")

    const again = await requestLink(email)
    const token2 = new URL(again.path, "http://x").searchParams.get("token")!
    const first = await sessionFrom(await postForm("/sign-in/verify", { token: token2 }))
    const page = await (await getWith("/admin/users", first.cookie)).text()
    expect(page).toContain("First Co")
  })

  it("shows the form, and asks for a valid address", async () => {
    const page = await call("/sign-in")
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('action="/sign-in"')
    expect(html).not.toContain("/sign-in/dev") // demo buttons only in development
    const bad = await postForm("/sign-in", { email: "not-an-email" })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain("Enter your work email")
  })
})

describe("demo sign-in (development only)", () => {
  it("is absent outside development", async () => {
    const res = await postForm("/sign-in/dev", { role: "controller" })
    expect(res.status).toBe(404)
  })

  it("signs in as the seeded demo user of a role in development, and offers each role on the sign-in page", async () => {
    const { memberships, organisations } = await import("../../src/db/schema")
    const now = new Date().toISOString()
    await db().insert(organisations).values({ id: "org_acme_demo", name: "Acme Demo", createdAt: now }).onConflictDoNothing()
    await db()
      .insert(users)
      .values({ id: "usr_demo_legal", email: "legal@acme-demo.example", name: "Lee Legal", createdAt: now })
      .onConflictDoNothing()
    await db()
      .insert(memberships)
      .values({ orgId: "org_acme_demo", userId: "usr_demo_legal", role: "legal", createdAt: now })
      .onConflictDoNothing()

    const page = await (await callAsDevelopment("/sign-in")).text()
    expect(page).toContain('action="/sign-in/dev"')
    for (const label of ["Controller", "A/R Manager", "A/R Operator", "CFO", "Sales", "Customer Success", "Legal", "Billing Admin"])
      expect(page).toContain(label)

    const res = await callAsDevelopment("/sign-in/dev", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `plx_csrf=${ANON_CSRF}` },
      body: new URLSearchParams({ role: "legal", _csrf: ANON_CSRF }).toString(),
    })
    expect(res.status).toBe(303)
    const session = await sessionFrom(res)
    const overview = await getWith("/account/sessions", session.cookie)
    expect(await overview.text()).toContain("Acme Demo")

    const missing = await callAsDevelopment("/sign-in/dev", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `plx_csrf=${ANON_CSRF}` },
      body: new URLSearchParams({ role: "sales", _csrf: ANON_CSRF }).toString(),
    })
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain("npm run seed")
  })
})

describe("magic-link flooding", () => {
  it("sends at most five links a minute to one address, then answers 429 and mails nothing more", async () => {
    const org = await makeOrg()
    const email = await emailOf(org.userIds.cfo)
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await postForm("/sign-in", { email })).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])
    expect(await mailCountTo(email)).toBe(5)
    const other = await postForm("/sign-in", { email: `other.${email}` })
    expect(other.status).toBe(200)
    const refused = await postForm("/sign-in", { email: email.toUpperCase() })
    expect(refused.status).toBe(429)
    expect(await refused.text()).toContain("Too many sign-in links for this address")
  })
})
