// Organisation settings (issue 12): GET/PATCH /api/v1/settings and the Controller's /admin/settings form.
import { Hono } from "hono"
import { z } from "zod"
import { orgSettingsWithDomains } from "../../db/org-settings"
import { AppError } from "../../domain/errors"
import { catchUpStarts, senderIdentity, settingsPatchSchema } from "../../domain/org-settings"
import { changeSettings, settingsJson } from "../../services/org-settings"
import type { AppContext, AppEnv } from "../env"
import { notFound } from "../errors"
import { describeRoute } from "../openapi"
import { SettingsPage, type SettingsForm } from "../views/pages/settings"
import { payerTemplateRoutes } from "./payer-templates"
import { jsonBody } from "./policies/who"

const settingsOut = z.object({
  name: z.string().describe("the organisation's name as in the ERP"),
  display_name: z.string().nullable().describe("the name payers see; `name` when null"),
  sender_name: z.string().nullable().describe("the person or team in the From line and signature"),
  reply_to: z.string().nullable().describe("where payers' replies also go"),
  brand_colour: z.string().nullable().describe("#RRGGBB"),
  logo_url: z.string().nullable().describe("https URL of the logo shown in the portal and emails"),
  catch_up_start: z.enum(catchUpStarts).describe("where a cadence starts for an invoice already past due"),
  from: z.string().describe("the From line payer emails use now"),
  own_domain: z.boolean().describe("true when the From address is on the organisation's verified sending domain"),
})
const T = ["Organisation"]
describeRoute({
  method: "get",
  path: "/api/v1/settings",
  summary: "The organisation's payer-facing settings and the From line they make",
  tags: T,
  responses: { 200: { description: "Settings", schema: settingsOut } },
})
describeRoute({
  method: "patch",
  path: "/api/v1/settings",
  summary: "Change payer-facing settings (Controller); a bad field is a 400 naming it; an empty string clears a field",
  tags: T,
  body: settingsPatchSchema,
  responses: { 200: { description: "Saved", schema: settingsOut }, 400: { description: "A field is not valid" } },
})

async function settingsView(c: AppContext) {
  const found = await orgSettingsWithDomains(c.var.db, c.var.member.orgId)
  if (!found) throw notFound("Organisation")
  const identity = senderIdentity(found.settings, found.domains, c.env.EMAIL_FROM)
  return {
    settings: found.settings,
    identity,
    json: { ...settingsJson(found.settings), from: identity.from, own_domain: identity.ownDomain },
  }
}

const formFields = ["display_name", "sender_name", "reply_to", "brand_colour", "logo_url", "catch_up_start"] as const

export const settingsRoutes = new Hono<AppEnv>()
  .route("/", payerTemplateRoutes)
  .get("/api/v1/settings", async (c) => c.json((await settingsView(c)).json))
  .patch("/api/v1/settings", async (c) => {
    await changeSettings(c.var.db, c.var.member.orgId, c.var.actor, await jsonBody(c))
    return c.json((await settingsView(c)).json)
  })
  .get("/admin/settings", async (c) => {
    const v = await settingsView(c)
    const notice = c.req.query("done") === "saved" ? "Settings saved. The next email and the portal use them." : null
    return c.html(<SettingsPage member={c.var.member} settings={v.settings} identity={v.identity} notice={notice} />)
  })
  .post("/admin/settings", async (c) => {
    const form = await c.req.parseBody()
    const body = Object.fromEntries(formFields.map((f) => [f, typeof form[f] === "string" ? form[f] : undefined]))
    try {
      await changeSettings(c.var.db, c.var.member.orgId, c.var.actor, body)
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err
      const v = await settingsView(c)
      const errors = Object.fromEntries(err.details.map((d) => [d.field ?? "", d.message]))
      const values: SettingsForm = Object.fromEntries(formFields.map((f) => [f, String(body[f] ?? "")])) as SettingsForm
      return c.html(<SettingsPage member={c.var.member} settings={v.settings} identity={v.identity} form={{ values, errors }} />, 400)
    }
    return c.redirect("/admin/settings?done=saved", 303)
  })
