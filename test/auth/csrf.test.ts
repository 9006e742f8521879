// CSRF: every form of the auth area refuses a post without the session's token.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { apiKeys, auditLog, invitations, users } from "../../src/db/schema"
import { sha256Hex } from "../../src/services/crypto"
import { browse, db, makeOrg, type TestOrg } from "../helpers"
import { latestMailTo, linkIn, postForm } from "./support"

const auditCount = async (orgId: string) => (await db().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.orgId, orgId))).length

/** Every signed-in POST form of the auth area, with a valid body, and the status it answers when accepted. */
type FormCase = { path: string; form: Record<string, string>; ok: number }

async function signedInForms(org: TestOrg): Promise<FormCase[]> {
  const email = `csrf.${org.id.slice(-6)}@firm.example`
  await browse(org, "controller", "/admin/users/invite", { form: { email, role: "cfo" } })
  const inv = (await db().select().from(invitations).where(eq(invitations.orgId, org.id)))[0]!
  const key = (
    await db()
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, org.id), eq(apiKeys.role, "sales")))
  )[0]!
  return [
    { path: "/admin/users/invite", form: { email: `other.${email}`, role: "operator" }, ok: 303 },
    { path: `/admin/users/${org.userIds.csm}/role`, form: { role: "legal" }, ok: 303 },
    { path: `/admin/users/${org.userIds.legal}/remove`, form: {}, ok: 303 },
    { path: `/admin/invitations/${inv.id}/revoke`, form: {}, ok: 303 },
    { path: "/admin/api-keys", form: { name: "CSRF probe", role: "cfo" }, ok: 201 },
    { path: `/admin/api-keys/${key.id}/revoke`, form: {}, ok: 303 },
    { path: `/account/sessions/${await sha256Hex(org.cookies.controller)}/revoke`, form: {}, ok: 303 }, // last: it ends this session
  ]
}

describe("CSRF on the auth area's forms", () => {
  it("refuses each signed-in form without the session's token (403, nothing changes) and accepts it with the token", async () => {
    const org = await makeOrg()
    const forms = await signedInForms(org)
    for (const f of forms) {
      const before = await auditCount(org.id)
      const missing = await browse(org, "controller", f.path, { form: f.form, csrf: false })
      expect(missing.status, `${f.path} without token`).toBe(403)
      const wrong = await browse(org, "controller", f.path, { form: { ...f.form, _csrf: "guessed-token" }, csrf: false })
      expect(wrong.status, `${f.path} with a wrong token`).toBe(403)
      expect(await auditCount(org.id), f.path).toBe(before)
    }
    for (const f of forms) {
      const res = await browse(org, "controller", f.path, { form: f.form })
      expect(res.status, `${f.path} with token`).toBe(f.ok)
    }
  })

  it("refuses sign-out and the other session forms without the token", async () => {
    const org = await makeOrg()
    for (const path of ["/sign-out", "/account/sessions/revoke-others"]) {
      expect((await browse(org, "operator", path, { form: {}, csrf: false })).status, path).toBe(403)
    }
    expect((await browse(org, "operator", "/account/sessions")).status).toBe(200) // still signed in
    expect((await browse(org, "operator", "/account/sessions/revoke-others", { form: {} })).status).toBe(303)
    expect((await browse(org, "operator", "/sign-out", { form: {} })).status).toBe(303)
  })

  it("refuses the anonymous forms without the double-submit token and accepts them with it", async () => {
    const org = await makeOrg()
    const email = (await db().select().from(users).where(eq(users.id, org.userIds.cfo)))[0]!.email
    await postForm("/sign-in", { email })
    const verify = linkIn((await latestMailTo(email))!.text, "/sign-in/verify")
    const token = new URL(verify, "http://x").searchParams.get("token")!
    const invitee = `anon.${org.id.slice(-6)}@firm.example`
    await browse(org, "controller", "/admin/users/invite", { form: { email: invitee, role: "sales" } })
    const invitation = linkIn((await latestMailTo(invitee))!.text, "/invitations/")

    const forms: FormCase[] = [
      { path: "/sign-in", form: { email: "someone@firm.example" }, ok: 200 },
      { path: "/sign-up", form: { org_name: "Csrf Co", name: "C", email: `c.${org.id.slice(-6)}@csrf-co.example` }, ok: 200 },
      { path: "/sign-in/verify", form: { token }, ok: 303 },
      { path: invitation, form: { name: "Ann" }, ok: 303 },
    ]
    for (const f of forms) {
      expect((await postForm(f.path, f.form, { csrf: false })).status, `${f.path} without token`).toBe(403)
      const mismatched = await postForm(f.path, { ...f.form, _csrf: "not-the-cookie" }, { csrf: false })
      expect(mismatched.status, `${f.path} with a token that is not the cookie's`).toBe(403)
    }
    for (const f of forms) expect((await postForm(f.path, f.form)).status, `${f.path} with token`).toBe(f.ok)
  })

  it("refuses a cross-site Origin even with a token", async () => {
    const res = await postForm("/sign-in", { email: "a@firm.example" }, { headers: { Origin: "https://evil.example" } })
    expect(res.status).toBe(403)
  })
})
