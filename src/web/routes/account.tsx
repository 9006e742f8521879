// Account -> Sessions: list the person's live sessions, revoke one, or sign out everywhere else.
import { Hono } from "hono"
import { nowIso } from "../../db/ids"
import { liveSessionsOfUser } from "../../db/people"
import { revokeOtherSessions, revokeOwnSession } from "../../services/sessions"
import { notFound } from "../errors"
import type { AppEnv } from "../env"
import { SessionsPage } from "../views/pages/sessions"

const notices: Record<string, string> = {
  revoked: "That session is signed out.",
  others: "Every other session is signed out.",
}

export const accountRoutes = new Hono<AppEnv>()
  .get("/account/sessions", async (c) => {
    const member = c.var.member
    if (!member.userId) throw notFound("Session")
    const now = new Date()
    const sessions = await liveSessionsOfUser(c.var.db, member.userId, nowIso(now))
    const notice = notices[c.req.query("done") ?? ""] ?? null
    return c.html(`<!doctype html>${<SessionsPage member={member} sessions={sessions} now={now} notice={notice} />}`)
  })
  .post("/account/sessions/revoke-others", async (c) => {
    const member = c.var.member
    if (!member.userId || !member.sessionId) throw notFound("Session")
    await revokeOtherSessions(c.var.db, c.var.actor, member.orgId, member.userId, member.sessionId, new Date())
    return c.redirect("/account/sessions?done=others", 303)
  })
  .post("/account/sessions/:id/revoke", async (c) => {
    const member = c.var.member
    if (!member.userId) throw notFound("Session")
    const id = c.req.param("id")
    const revoked = await revokeOwnSession(c.var.db, c.var.actor, member.userId, id, "session.revoked", new Date())
    if (!revoked) throw notFound("Session")
    return c.redirect(id === member.sessionId ? "/sign-in" : "/account/sessions?done=revoked", 303)
  })
