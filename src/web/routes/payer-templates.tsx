// Admin -> Payer emails (issue 12): the Controller sees, previews and edits the outcome emails payers receive.
import { Hono } from "hono"
import { editedTemplates } from "../../db/payer-templates"
import { AppError } from "../../domain/errors"
import {
  defaultOutcomeTemplates,
  sampleDetails,
  sampleOutcomeValues,
  type OutcomeKind,
  type OutcomeTemplate,
} from "../../domain/payer-templates"
import { renderOutcome } from "../../services/payer-outcomes"
import { isOutcomeKind, resetOutcomeTemplate, saveOutcomeTemplate } from "../../services/payer-templates"
import type { AppContext, AppEnv } from "../env"
import { notFound } from "../errors"
import { PayerTemplatesPage, TemplatePreview } from "../views/pages/payer-templates"

async function page(c: AppContext, kind: OutcomeKind, draft?: OutcomeTemplate, errors?: Record<string, string>, notice?: string | null) {
  const stored = await editedTemplates(c.var.db, c.var.member.orgId)
  const mine = stored.find((s) => s.kind === kind)
  const template = draft ?? (mine ? { subject: mine.subject, body: mine.body } : defaultOutcomeTemplates[kind])
  const rows = stored
    .filter((s) => isOutcomeKind(s.kind))
    .map((s) => ({ kind: s.kind as OutcomeKind, edited: { by: s.updatedBy, at: s.updatedAt } }))
  return (
    <PayerTemplatesPage
      member={c.var.member}
      rows={rows}
      selected={kind}
      template={template}
      preview={renderOutcome(template, { ...sampleOutcomeValues, detail: sampleDetails[kind] })}
      notice={notice}
      errors={errors}
    />
  )
}

function kindOf(c: AppContext): OutcomeKind {
  const kind = c.req.param("kind") ?? ""
  if (!isOutcomeKind(kind)) throw notFound("Payer email")
  return kind
}

async function draftOf(c: AppContext): Promise<OutcomeTemplate> {
  const form = await c.req.parseBody()
  return { subject: typeof form.subject === "string" ? form.subject : "", body: typeof form.body === "string" ? form.body : "" }
}

export const payerTemplateRoutes = new Hono<AppEnv>()
  .get("/admin/templates", async (c) => {
    const q = c.req.query("kind") ?? "plan_accepted"
    const kind = isOutcomeKind(q) ? q : "plan_accepted"
    const done = c.req.query("done")
    const notice =
      done === "saved" ? "Saved. The next email of this kind uses it." : done === "reset" ? "The default wording is back." : null
    return c.html(await page(c, kind, undefined, undefined, notice))
  })
  .post("/admin/templates/:kind", async (c) => {
    const kind = kindOf(c)
    const draft = await draftOf(c)
    try {
      await saveOutcomeTemplate(c.var.db, c.var.member.orgId, c.var.actor, kind, draft)
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err
      const errors = Object.fromEntries(err.details.map((d) => [d.field ?? "", d.message]))
      return c.html(await page(c, kind, draft, errors), 422)
    }
    return c.redirect(`/admin/templates?kind=${kind}&done=saved`, 303)
  })
  .post("/admin/templates/:kind/preview", async (c) => {
    const kind = kindOf(c)
    return c.html(<TemplatePreview preview={renderOutcome(await draftOf(c), { ...sampleOutcomeValues, detail: sampleDetails[kind] })} />)
  })
  .post("/admin/templates/:kind/reset", async (c) => {
    const kind = kindOf(c)
    await resetOutcomeTemplate(c.var.db, c.var.member.orgId, c.var.actor, kind)
    return c.redirect(`/admin/templates?kind=${kind}&done=reset`, 303)
  })
