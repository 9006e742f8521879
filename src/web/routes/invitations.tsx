// Invitation links: see who invited you where with which role, then accept (creates the member and signs in).
import { Hono } from "hono"
import { findUserByEmail } from "../../db/people"
import { acceptInvitation, viewInvitation } from "../../services/members"
import type { AppEnv } from "../env"
import { formCsrf, formString, setSessionCookie } from "../session-cookie"
import { InvitationPage, InvitationProblemPage } from "../views/pages/invitation"

const problemStatus = { invalid: 404, expired: 410, revoked: 410, accepted: 410 } as const

export const invitationRoutes = new Hono<AppEnv>()
  .get("/invitations/:token", async (c) => {
    const token = c.req.param("token")
    const view = await viewInvitation(c.var.db, token, new Date())
    if (view.state !== "pending") return c.html(`<!doctype html>${<InvitationProblemPage state={view.state} />}`, problemStatus[view.state])
    const knownUser = (await findUserByEmail(c.var.db, view.email)) !== null
    return c.html(`<!doctype html>${<InvitationPage csrf={formCsrf(c)} token={token} invitation={view} knownUser={knownUser} />}`)
  })
  .post("/invitations/:token", async (c) => {
    const name = (await formString(c, "name")).slice(0, 120)
    const result = await acceptInvitation(c.var.db, c.req.param("token"), {
      name: name || null,
      userAgent: c.req.header("User-Agent") ?? null,
      now: new Date(),
    })
    if (!result.ok) return c.html(`<!doctype html>${<InvitationProblemPage state={result.reason} />}`, problemStatus[result.reason])
    setSessionCookie(c, result.cookie, result.expiresAt)
    return c.redirect("/admin/overview", 303)
  })
