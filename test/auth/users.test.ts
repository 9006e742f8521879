// Users and roles: invitations (send, accept, expire, revoke), role changes and removal, and who may do them.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, invitations, memberships, sessions, users } from "../../src/db/schema"
import { sha256Hex } from "../../src/services/crypto"
import { lastControllerGuard } from "../../src/services/members"
import { browse, call, db, makeOrg } from "../helpers"
import { getWith, latestMailTo, linkIn, mailCountTo, postForm, sessionFrom } from "./support"

const roleOf = async (orgId: string, userId: string) =>
  (
    await db()
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
  )[0]?.role ?? null

describe("users & roles: invitations", () => {
  it("invite -> email -> accept makes a member with the invited role, signed in", async () => {
    const org = await makeOrg({ name: "Invite Co" })
    const email = `new.operator.${org.id.slice(-6)}@invite-co.example`
    const res = await browse(org, "controller", "/admin/users/invite", { form: { email, role: "operator" } })
    expect(res.status).toBe(303)
    const pending = await (await browse(org, "controller", "/admin/users")).text()
    expect(pending).toContain(email)
    expect(pending).toContain("Pending invitations")

    const mail = await latestMailTo(email)
    expect(mail!.subject).toContain("Invite Co")
    const path = linkIn(mail!.text, "/invitations/")
    const token = decodeURIComponent(path.split("/").pop()!)
    const inv = (await db().select().from(invitations).where(eq(invitations.orgId, org.id)))[0]!
    expect(inv.tokenHash).toBe(await sha256Hex(token)) // only the hash is stored
    expect(Date.parse(inv.expiresAt) - Date.parse(inv.createdAt)).toBe(7 * 86_400_000)

    const landing = await call(path)
    expect(landing.status).toBe(200)
    const html = await landing.text()
    expect(html).toContain("controller user") // who invited
    expect(html).toContain("Invite Co")
    expect(html).toContain("A/R Operator")

    const accepted = await postForm(path, { name: "Olive Operator" })
    expect(accepted.status).toBe(303)
    const session = await sessionFrom(accepted)
    const user = (await db().select().from(users).where(eq(users.email, email)))[0]!
    expect(user.name).toBe("Olive Operator")
    expect(await roleOf(org.id, user.id)).toBe("operator")
    expect((await getWith("/account/sessions", session.cookie)).status).toBe(200)
    expect((await getWith("/admin/users", session.cookie)).status).toBe(403) // operators may not manage users

    const again = await postForm(path, {})
    expect(again.status).toBe(410)
    expect(await again.text()).toContain("already accepted")
    const actions = (await db().select().from(auditLog).where(eq(auditLog.orgId, org.id))).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted"]))
  })

  it("refuses an expired invitation with a friendly page and creates nothing", async () => {
    const org = await makeOrg()
    const email = `late.${org.id.slice(-6)}@firm.example`
    await browse(org, "controller", "/admin/users/invite", { form: { email, role: "cfo" } })
    const path = linkIn((await latestMailTo(email))!.text, "/invitations/")
    await db()
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(invitations.orgId, org.id))
    const page = await call(path)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain("expired")
    const res = await postForm(path, {})
    expect(res.status).toBe(410)
    expect(res.headers.getSetCookie().some((c) => c.startsWith("plx_session="))).toBe(false)
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0)
  })

  it("revoking an invitation kills its link", async () => {
    const org = await makeOrg()
    const email = `revoked.${org.id.slice(-6)}@firm.example`
    await browse(org, "controller", "/admin/users/invite", { form: { email, role: "sales" } })
    const path = linkIn((await latestMailTo(email))!.text, "/invitations/")
    const inv = (await db().select().from(invitations).where(eq(invitations.orgId, org.id)))[0]!
    const res = await browse(org, "controller", `/admin/invitations/${inv.id}/revoke`, { form: {} })
    expect(res.status).toBe(303)
    expect((await call(path)).status).toBe(410)
    expect((await postForm(path, {})).status).toBe(410)
    const actions = (await db().select().from(auditLog).where(eq(auditLog.orgId, org.id))).map((a) => a.action)
    expect(actions).toContain("invitation.revoked")
  })

  it("warns before inviting a personal mailbox and sends only after the checkbox", async () => {
    const org = await makeOrg()
    const email = `person.${org.id.slice(-6)}@gmail.com`
    const warned = await browse(org, "controller", "/admin/users/invite", { form: { email, role: "csm" } })
    expect(warned.status).toBe(422)
    expect(await warned.text()).toContain("is a personal mailbox")
    expect(await mailCountTo(email)).toBe(0)
    const sent = await browse(org, "controller", "/admin/users/invite", { form: { email, role: "csm", confirm_personal: "yes" } })
    expect(sent.status).toBe(303)
    expect(await mailCountTo(email)).toBe(1)
  })

  it("refuses to invite someone who is already a member", async () => {
    const org = await makeOrg()
    const existing = (await db().select().from(users).where(eq(users.id, org.userIds.legal)))[0]!.email
    const res = await browse(org, "controller", "/admin/users/invite", { form: { email: existing, role: "cfo" } })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain("already a member")
  })
})

describe("users & roles: role changes and removal", () => {
  it("changes a role (full page without JS, the row with htmx) and audits it", async () => {
    const org = await makeOrg()
    const res = await browse(org, "controller", `/admin/users/${org.userIds.sales}/role`, { form: { role: "csm" } })
    expect(res.status).toBe(303)
    expect(await roleOf(org.id, org.userIds.sales)).toBe("csm")

    const fragment = await browse(org, "controller", `/admin/users/${org.userIds.sales}/role`, {
      form: { role: "legal" },
      headers: { "HX-Request": "true" },
    })
    expect(fragment.status).toBe(200)
    const html = await fragment.text()
    expect(html.startsWith("<tr")).toBe(true)
    expect(html).toContain("Saved")
    expect(await roleOf(org.id, org.userIds.sales)).toBe("legal")
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "member.role_changed")))
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [{ role: "sales" }, { role: "csm" }],
      [{ role: "csm" }, { role: "legal" }],
    ])
  })

  it("will not demote or remove the last Controller", async () => {
    const org = await makeOrg()
    const demote = await browse(org, "controller", `/admin/users/${org.userIds.controller}/role`, { form: { role: "cfo" } })
    expect(demote.status).toBe(422)
    expect(await demote.text()).toContain("at least one Controller")
    const htmx = await browse(org, "controller", `/admin/users/${org.userIds.controller}/role`, {
      form: { role: "cfo" },
      headers: { "HX-Request": "true" },
    })
    expect(await htmx.text()).toContain("at least one Controller")
    const remove = await browse(org, "controller", `/admin/users/${org.userIds.controller}/remove`, { form: {} })
    expect(remove.status).toBe(422)
    expect(await roleOf(org.id, org.userIds.controller)).toBe("controller")

    // With a second Controller the first may step down.
    await browse(org, "controller", `/admin/users/${org.userIds.ar_manager}/role`, { form: { role: "controller" } })
    const stepDown = await browse(org, "controller", `/admin/users/${org.userIds.controller}/role`, { form: { role: "cfo" } })
    expect(stepDown.status).toBe(303)
    expect(await roleOf(org.id, org.userIds.controller)).toBe("cfo")
  })

  it("the batch guard rolls back a change that would leave no Controller", async () => {
    const org = await makeOrg()
    const d = db()
    await expect(
      d.batch([
        d
          .update(memberships)
          .set({ role: "cfo" })
          .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, org.userIds.controller))),
        lastControllerGuard(d, org.id),
      ]),
    ).rejects.toThrow()
    expect(await roleOf(org.id, org.userIds.controller)).toBe("controller")
    await d.batch([
      d
        .update(memberships)
        .set({ role: "cfo" })
        .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, org.userIds.operator))),
      lastControllerGuard(d, org.id),
    ])
    expect(await roleOf(org.id, org.userIds.operator)).toBe("cfo")
  })

  it("removing a member ends their sessions and is audited", async () => {
    const org = await makeOrg()
    const res = await browse(org, "controller", `/admin/users/${org.userIds.billing_admin}/remove`, { form: {} })
    expect(res.status).toBe(303)
    expect(await roleOf(org.id, org.userIds.billing_admin)).toBeNull()
    expect((await browse(org, "billing_admin", "/account/sessions")).status).toBe(302)
    const live = await db()
      .select()
      .from(sessions)
      .where(and(eq(sessions.orgId, org.id), eq(sessions.userId, org.userIds.billing_admin)))
    expect(live.every((s) => s.revokedAt !== null)).toBe(true)
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "member.removed")))
    expect(audit).toHaveLength(1)
  })

  it("only Controllers reach Users & Roles", async () => {
    const org = await makeOrg()
    expect((await browse(org, "controller", "/admin/users")).status).toBe(200)
    for (const role of ["ar_manager", "operator", "cfo", "sales", "csm", "legal", "billing_admin"] as const) {
      expect((await browse(org, role, "/admin/users")).status, role).toBe(403)
      expect((await browse(org, role, `/admin/users/${org.userIds.sales}/role`, { form: { role: "controller" } })).status, role).toBe(403)
    }
    expect(await roleOf(org.id, org.userIds.sales)).toBe("sales")
  })

  it("another organisation's people are not found", async () => {
    const mine = await makeOrg()
    const theirs = await makeOrg()
    const cases = [`/admin/users/${theirs.userIds.operator}/role`, `/admin/users/${theirs.userIds.operator}/remove`]
    for (const path of cases) {
      const res = await browse(mine, "controller", path, { form: { role: "controller" } })
      expect(res.status, path).toBe(404)
    }
    expect(await roleOf(theirs.id, theirs.userIds.operator)).toBe("operator")

    const email = `x.${theirs.id.slice(-6)}@firm.example`
    await browse(theirs, "controller", "/admin/users/invite", { form: { email, role: "cfo" } })
    const inv = (await db().select().from(invitations).where(eq(invitations.orgId, theirs.id)))[0]!
    expect((await browse(mine, "controller", `/admin/invitations/${inv.id}/revoke`, { form: {} })).status).toBe(404)
    expect((await db().select().from(invitations).where(eq(invitations.id, inv.id)))[0]!.revokedAt).toBeNull()
    expect(await (await browse(mine, "controller", "/admin/users")).text()).not.toContain(email)
  })
})
