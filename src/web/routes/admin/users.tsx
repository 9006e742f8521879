// Admin -> Users & Roles (Controller only): members, role changes, removals, invitations.
import { Hono } from "hono"
import { nowIso } from "../../../db/ids"
import { findMember, membersOfOrg, pendingInvitations } from "../../../db/people"
import { isPersonalEmail, looksLikeEmail, normaliseEmail } from "../../../domain/email-domains"
import { isRole } from "../../../domain/roles"
import { changeRole, inviteMember, removeMember, revokeInvitation } from "../../../services/members"
import { badRequest, notFound } from "../../errors"
import type { AppContext, AppEnv } from "../../env"
import { clearSessionCookie, formString } from "../../session-cookie"
import { type InviteForm, MemberRow, UsersPage } from "../../views/pages/users"

const notices: Record<string, string> = {
  invited: "Invitation sent. It stays under Pending invitations until it is accepted.",
  role: "Role changed.",
  removed: "Member removed. Their sessions in this organisation have ended.",
  invitation_revoked: "Invitation revoked. Its link no longer works.",
}

async function renderUsers(
  c: AppContext,
  status: 200 | 409 | 400 | 422,
  extra: { notice?: string | null; refusal?: string | null; invite?: InviteForm } = {},
) {
  const now = new Date()
  const orgId = c.var.member.orgId
  const [members, invitations] = await Promise.all([membersOfOrg(c.var.db, orgId), pendingInvitations(c.var.db, orgId, nowIso(now))])
  return c.html(
    `<!doctype html>${<UsersPage member={c.var.member} members={members} invitations={invitations} now={now} {...extra} />}`,
    status,
  )
}

const isHtmx = (c: AppContext) => c.req.header("HX-Request") === "true"

export const adminUserRoutes = new Hono<AppEnv>()
  .get("/admin/users", (c) => renderUsers(c, 200, { notice: notices[c.req.query("done") ?? ""] ?? null }))
  .post("/admin/users/invite", async (c) => {
    const member = c.var.member
    const email = normaliseEmail(await formString(c, "email"))
    const role = await formString(c, "role")
    const form: InviteForm = { email, role }
    if (!looksLikeEmail(email))
      return renderUsers(c, 400, {
        invite: { ...form, error: { field: "email", message: "Enter an email address, like name@company.com." } },
      })
    if (!isRole(role))
      return renderUsers(c, 400, {
        invite: { ...form, role: "operator", error: { field: "role", message: "Choose one of the roles in the list." } },
      })
    if (isPersonalEmail(email) && (await formString(c, "confirm_personal")) !== "yes") {
      return renderUsers(c, 422, {
        invite: {
          ...form,
          personalWarning: true,
          error: { field: "email", message: "Personal mailbox: confirm below to invite it anyway." },
        },
      })
    }
    const result = await inviteMember(c.env, c.var.db, c.var.actor, {
      orgId: member.orgId,
      orgName: member.orgName,
      inviterName: member.label,
      email,
      role,
      now: new Date(),
      plan: member.planTier,
    })
    if (!result.ok) return renderUsers(c, 409, { invite: { ...form, error: { field: result.field, message: result.message } } })
    return c.redirect("/admin/users?done=invited", 303)
  })
  .post("/admin/users/:userId/role", async (c) => {
    const member = c.var.member
    const userId = c.req.param("userId")
    const role = await formString(c, "role")
    if (!isRole(role)) throw badRequest("Choose one of the roles in the list.", [{ field: "role", message: "Unknown role" }])
    const result = await changeRole(c.var.db, c.var.actor, member.orgId, userId, role, new Date())
    if (!result.ok && result.reason === "not_found") throw notFound("Member")
    const self = userId === member.userId
    if (isHtmx(c)) {
      if (result.ok && self && role !== "controller") {
        c.header("HX-Redirect", "/admin/overview")
        return c.body(null, 204)
      }
      const row = await findMember(c.var.db, member.orgId, userId)
      if (!row) throw notFound("Member")
      // htmx swaps 2xx answers only: a refusal comes back as the row with its message in place (no JS: a 422 page).
      return c.html(
        <MemberRow
          m={row}
          csrf={member.csrfToken}
          isSelf={self}
          now={new Date()}
          saved={result.ok}
          error={result.ok ? undefined : result.message}
        />,
      )
    }
    if (!result.ok) return renderUsers(c, 422, { refusal: result.message })
    return c.redirect(self && role !== "controller" ? "/admin/overview" : "/admin/users?done=role", 303)
  })
  .post("/admin/users/:userId/remove", async (c) => {
    const member = c.var.member
    const userId = c.req.param("userId")
    const result = await removeMember(c.var.db, c.var.actor, member.orgId, userId, new Date())
    if (!result.ok && result.reason === "not_found") throw notFound("Member")
    if (!result.ok) return renderUsers(c, 422, { refusal: result.message })
    if (userId === member.userId) {
      clearSessionCookie(c)
      return c.redirect("/sign-in", 303)
    }
    return c.redirect("/admin/users?done=removed", 303)
  })
  .post("/admin/invitations/:id/revoke", async (c) => {
    const revoked = await revokeInvitation(c.var.db, c.var.actor, c.var.member.orgId, c.req.param("id"), new Date())
    if (!revoked) throw notFound("Invitation")
    return c.redirect("/admin/users?done=invitation_revoked", 303)
  })
