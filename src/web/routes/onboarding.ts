// The "Get started" checklist's one action of its own: draft the first Shadow Mode outreach now (the tick the cron
// would run within five minutes). Every other step links to the page where it is done.
import { Hono } from "hono"
import { draftFirstOutreach } from "../../services/onboarding"
import type { AppEnv } from "../env"

export const onboardingRoutes = new Hono<AppEnv>().post("/admin/onboarding/first-drafts", async (c) => {
  const result = await draftFirstOutreach(c.env, c.var.db, c.var.member.orgId, new Date())
  return c.redirect(result.drafted > 0 ? "/work/queue" : "/admin/overview#get-started", 303)
})
