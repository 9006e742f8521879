// /admin/ops (Controller): maintenance toggles, cron pause/resume and the readiness panel.
import { Hono } from "hono"
import { readiness, setCronPaused, setMaintenance } from "../../../services/ops"
import { badRequest } from "../../errors"
import type { AppEnv } from "../../env"
import { OpsPage } from "../../views/pages/autopilot/ops"

export const opsRoutes = new Hono<AppEnv>()
  .get("/admin/ops", async (c) => {
    const r = await readiness(c.var.db, c.var.member.orgId)
    return c.html(<OpsPage member={c.var.member} r={r} now={new Date()} saved={c.req.query("saved") ?? null} />)
  })
  .post("/admin/ops/maintenance", async (c) => {
    const body = await c.req.parseBody()
    const scope = body.scope === "global" ? "global" : body.scope === "organisation" ? "organisation" : null
    if (!scope) throw badRequest("Choose global or organisation maintenance", [{ field: "scope", message: "global or organisation" }])
    const on = body.state === "on"
    await setMaintenance(c.var.db, c.var.member.orgId, c.var.actor, scope, on)
    return c.redirect(`/admin/ops?saved=${encodeURIComponent(`Maintenance ${on ? "on" : "off"} (${scope === "global" ? "every organisation" : c.var.member.orgName}).`)}`, 303)
  })
  .post("/admin/ops/cron", async (c) => {
    const body = await c.req.parseBody()
    const paused = body.state === "paused"
    await setCronPaused(c.var.db, c.var.member.orgId, c.var.actor, paused)
    return c.redirect(`/admin/ops?saved=${encodeURIComponent(paused ? "Autopilot cron paused." : "Autopilot cron resumed.")}`, 303)
  })
