// After sign-in the browser goes only to a path of this app: known open-redirect bypasses are refused, on the form,
// through the magic-link payload, and signing in while signed in ends the previous session.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { sessions, users } from "../../src/db/schema"
import { safeNext } from "../../src/services/auth"
import { sha256Hex } from "../../src/services/crypto"
import { db, makeOrg } from "../helpers"
import { latestMailTo, linkIn, postForm } from "./support"

const APP = "http://localhost:8787"
const BYPASSES = [
  "/%09/evil.example/phish",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\\\\evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "//evil.example",
  "///evil.example",
  "/%2F/evil.example",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%5C%5Cevil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "https://evil.example",
  "http:/evil.example",
  " /admin",
  "\t/admin",
  "/%0d%0aSet-Cookie:x=1",
  "/%E0%A4%A",
  "",
  "admin/overview",
  `/${"a".repeat(600)}`,
]

describe("safeNext", () => {
  it.each(BYPASSES.map((b) => [JSON.stringify(b), b]))("refuses %s", (_label, next) => {
    expect(safeNext(next, APP)).toBeNull()
  })
  it.each([
    ["/work/queue", "/work/queue"],
    ["/work/invoices/inv_1?tab=timeline#notes", "/work/invoices/inv_1?tab=timeline#notes"],
    ["/admin/audit?from=2026-10-01&to=2026-10-31", "/admin/audit?from=2026-10-01&to=2026-10-31"],
    ["/work/../admin/users", "/admin/users"],
  ])("keeps %s on the app as %s", (next, path) => {
    expect(safeNext(next, APP)).toBe(path)
  })
})

async function memberEmail(org: Awaited<ReturnType<typeof makeOrg>>) {
  return (await db().select().from(users).where(eq(users.id, org.userIds.operator)))[0]!.email
}

describe("the magic link", () => {
  it.each(BYPASSES.slice(0, 16).map((b) => [JSON.stringify(b), b]))(
    "with next=%s ends on the app's overview, not off-site",
    async (_label, next) => {
      const org = await makeOrg()
      const email = await memberEmail(org)
      await postForm("/sign-in", { email, next })
      const token = new URL(linkIn((await latestMailTo(email))!.text, "/sign-in/verify"), APP).searchParams.get("token")!
      const res = await postForm("/sign-in/verify", { token })
      expect(res.status).toBe(303)
      expect(res.headers.get("Location")).toBe("/admin/overview")
    },
  )

  it("keeps a safe next path through the email", async () => {
    const org = await makeOrg()
    const email = await memberEmail(org)
    await postForm("/sign-in", { email, next: "/work/queue?status=draft" })
    const token = new URL(linkIn((await latestMailTo(email))!.text, "/sign-in/verify"), APP).searchParams.get("token")!
    const res = await postForm("/sign-in/verify", { token })
    expect(res.headers.get("Location")).toBe("/work/queue?status=draft")
  })
})

describe("signing in while signed in", () => {
  it("ends the session the browser held, so it never keeps two live cookies", async () => {
    const org = await makeOrg()
    const email = await memberEmail(org)
    await postForm("/sign-in", { email })
    const token = new URL(linkIn((await latestMailTo(email))!.text, "/sign-in/verify"), APP).searchParams.get("token")!
    const old = { cookie: org.cookies.operator, csrf: org.csrf.operator }
    const res = await postForm("/sign-in/verify", { token }, { session: old })
    expect(res.status).toBe(303)
    const [previous] = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.id, await sha256Hex(old.cookie)))
    expect(previous!.revokedAt).not.toBeNull()
    const fresh = res.headers.getSetCookie().find((c) => c.startsWith("plx_session="))!
    expect(fresh).not.toContain(old.cookie)
  })
})
