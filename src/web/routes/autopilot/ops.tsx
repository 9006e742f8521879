// /admin/ops (Controller): the organisation's own maintenance and Autopilot switches, the readiness panel, and the
// deployment-wide state read-only (operators switch that with `npm run ops`).
import { Hono } from "hono"
import { resumeAutopilot } from "../../../services/email-events"
import { pauseAutopilot, readiness, setOrgMaintenance } from "../../../services/ops"
import { badRequest, forbidden } from "../../errors"
import type { AppEnv } from "../../env"
import { OpsPage } from "../../views/pages/autopilot/ops"

const saved = (message: string) => `/admin/ops?saved=${encodeURIComponent(message)}`

export const opsRoutes = new Hono<AppEnv>()
  .get("/admin/ops", async (c) => {
    const r = await readiness(c.var.db, c.var.member.orgId)
    return c.html(<OpsPage member={c.var.member} r={r} now={new Date()} saved={c.req.query("saved") ?? null} />)
  })
  .post("/admin/ops/maintenance", async (c) => {
    const body = await c.req.parseBody()
    if (body.scope === "global") {
      throw forbidden(
        "Maintenance for every organisation is switched by the deployment's operators (npm run ops -- maintenance-on), not from an organisation.",
      )
    }
    if (body.state !== "on" && body.state !== "off")
      throw badRequest("Choose whether maintenance is on or off", [{ field: "state", message: "on or off" }])
    const on = body.state === "on"
    await setOrgMaintenance(c.var.db, c.var.member.orgId, c.var.actor, on)
    return c.redirect(saved(`Maintenance ${on ? "on" : "off"} for ${c.var.member.orgName}.`), 303)
  })
  .post("/admin/ops/autopilot", async (c) => {
    const body = await c.req.parseBody()
    if (body.state !== "paused" && body.state !== "active")
      throw badRequest("Choose whether Autopilot is paused or active", [{ field: "state", message: "paused or active" }])
    if (body.state === "paused") await pauseAutopilot(c.var.db, c.var.member.orgId, c.var.actor)
    else await resumeAutopilot(c.var.db, c.var.member.orgId, c.var.actor)
    return c.redirect(
      saved(
        body.state === "paused" ? `Autopilot paused for ${c.var.member.orgName}: drafts still appear for review.` : "Autopilot resumed.",
      ),
      303,
    )
  })
