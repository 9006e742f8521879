// Sets c.var.banner on signed-in page requests (maintenance, Autopilot paused, trial days, what is above the plan);
// the Layout shows it on every page.
import type { MiddlewareHandler } from "hono"
import { getContext } from "hono/context-storage"
import { eq } from "drizzle-orm"
import { opsState, organisations } from "../../db/schema"
import { planUsage } from "../../db/billing"
import { aboveTier, trialDaysLeft } from "../../domain/plan-tiers"
import type { AppEnv } from "../env"

export const banner = (): MiddlewareHandler<AppEnv> =>
  async function banner(c, next) {
    const member = c.var.member
    const isPage = c.req.method === "GET" && !c.req.path.startsWith("/api/") && !c.req.header("HX-Request")
    if (member && isPage) {
      const db = c.var.db
      const [orgRows, opsRows] = await db.batch([
        db
          .select({
            maintenance: organisations.maintenance,
            paused: organisations.autopilotPaused,
            reason: organisations.autopilotPausedReason,
            paidTier: organisations.planTier,
            trialEndsAt: organisations.trialEndsAt,
          })
          .from(organisations)
          .where(eq(organisations.id, member.orgId))
          .limit(1),
        db.select({ value: opsState.value }).from(opsState).where(eq(opsState.key, "maintenance")),
      ])
      const org = orgRows[0]
      const now = new Date()
      const above = aboveTier(member.planTier, await planUsage(db, member.orgId, now.toISOString()))
      c.set("banner", {
        plan: { tier: member.planTier, paidTier: org?.paidTier ?? "starter", trialDaysLeft: trialDaysLeft(org?.trialEndsAt, now), above },
        maintenance: Boolean(org?.maintenance) || opsRows[0]?.value === "on",
        deploymentMaintenance: opsRows[0]?.value === "on",
        autopilotPaused: Boolean(org?.paused),
        autopilotPausedReason: org?.reason ?? null,
      })
    }
    await next()
  }

/** The banner of the request being rendered (null outside a request or before sign-in). */
export function currentBanner(): AppEnv["Variables"]["banner"] {
  try {
    return getContext<AppEnv>().var.banner ?? null
  } catch {
    return null
  }
}
