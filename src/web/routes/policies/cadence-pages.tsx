// Admin -> Policies pages: list, new from a tone preset, editor with live preview, publish, new draft, diff, import.
import { notifyCadence } from "../../../tenant/notify"
import { dryRunCadence, parseDryRun } from "../../../services/policy-dry-run"
import { DryRunChart } from "../../views/policies/dry-run-chart"
import { Hono } from "hono"
import { eq } from "drizzle-orm"
import { cadenceVersionsWithSteps, findCadence, listCadences } from "../../../db/cadences"
import { pickableInvoices } from "../../../db/merge-context"
import { organisations } from "../../../db/schema"
import { listSegments } from "../../../db/segments"
import { presetSteps, type Tone, tones } from "../../../domain/cadence-presets"
import type { PolicyInput } from "../../../domain/policy-schema"
import {
  createCadence,
  createVersion,
  exportVersion,
  importPolicy,
  parseNewCadence,
  parseVersion,
  publishVersion,
  updateDraft,
  versionToInput,
} from "../../../services/cadences"
import { previewSteps } from "../../../services/policy-preview"
import type { AppContext, AppEnv } from "../../env"
import { AppError, badRequest, notFound } from "../../errors"
import { CadenceDiffPage } from "../../views/policies/cadence-diff"
import { CadenceEditorPage } from "../../views/policies/cadence-editor"
import { CadenceListPage } from "../../views/policies/cadence-list"
import { StepPreview } from "../../views/policies/preview"
import { policyFromForm, stepsFromForm } from "./policy-form"
import { intParam, whoOf } from "./who"

async function baseCurrency(c: AppContext) {
  const [org] = await c.var.db
    .select({ currency: organisations.baseCurrency })
    .from(organisations)
    .where(eq(organisations.id, c.var.member.orgId))
  return org?.currency ?? "USD"
}

/** Renders the editor for one version; `draft` replaces the stored values after a refused save. */
async function editor(
  c: AppContext,
  cadenceId: string,
  version: number,
  extra: { draft?: PolicyInput; error?: AppError; notice?: string } = {},
) {
  const orgId = c.var.member.orgId
  const cadence = await findCadence(c.var.db, orgId, cadenceId)
  const versions = cadence ? await cadenceVersionsWithSteps(c.var.db, orgId, cadenceId) : []
  const v = versions.find((x) => x.version === version)
  if (!cadence || !v) throw notFound("Cadence version")
  const [invoices, segments, currency] = await Promise.all([
    pickableInvoices(c.var.db, orgId, ""),
    listSegments(c.var.db, orgId),
    baseCurrency(c),
  ])
  return c.html(
    <CadenceEditorPage
      member={c.var.member}
      cadenceId={cadenceId}
      version={version}
      status={v.status}
      versions={versions.map((x) => ({ version: x.version, status: x.status }))}
      policy={extra.draft ?? versionToInput(cadence.name, cadence.tone, v)}
      currency={currency}
      invoices={invoices}
      segments={segments}
      errors={extra.error?.details}
      message={extra.error?.message}
      notice={extra.notice}
    />,
    extra.error ? extra.error.status : 200,
  )
}

const notices: Record<string, string> = {
  saved: "Draft saved.",
  published: "Published. The chosen segments now use this version.",
  created: "Draft created from the tone preset.",
  imported: "Imported as a new draft.",
}

export const cadencePages = new Hono<AppEnv>()
  .get("/admin/policies", async (c) =>
    c.html(<CadenceListPage member={c.var.member} rows={await listCadences(c.var.db, c.var.member.orgId)} />),
  )
  .post("/admin/policies", async (c) => {
    const form = await c.req.parseBody()
    const tone = String(form.tone ?? "neutral") as Tone
    if (!tones.includes(tone)) throw badRequest("Choose a tone preset")
    const input = parseNewCadence({
      name: String(form.name ?? ""),
      tone,
      steps: presetSteps(tone),
      quiet_hours: { start: "18:00", end: "08:00" },
      business_days_only: true,
      max_touches_per_contact_week: 2,
      escalate_after_days: 21,
    })
    const r = await createCadence(c.var.db, whoOf(c), input)
    return c.redirect(`/admin/policies/${r.id}/versions/1?notice=created`, 303)
  })
  .post("/admin/policies/import", async (c) => {
    const form = await c.req.parseBody()
    let json: unknown
    try {
      json = JSON.parse(String(form.json ?? ""))
    } catch {
      return c.html(
        <CadenceListPage
          member={c.var.member}
          rows={await listCadences(c.var.db, c.var.member.orgId)}
          error="That is not valid JSON. Paste the file exported from a cadence version."
        />,
        400,
      )
    }
    try {
      const r = await importPolicy(c.var.db, whoOf(c), json, null)
      return c.redirect(`/admin/policies/${r.id}/versions/${r.version}?notice=imported`, 303)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      const detail = err.details.map((d) => `${d.field}: ${d.message}`).join("; ")
      return c.html(
        <CadenceListPage
          member={c.var.member}
          rows={await listCadences(c.var.db, c.var.member.orgId)}
          error={`${err.message}${detail ? ` (${detail})` : ""}`}
        />,
        err.status,
      )
    }
  })
  .get("/admin/policies/:id/versions/:version", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    return editor(c, c.req.param("id"), version, { notice: notices[c.req.query("notice") ?? ""] })
  })
  .post("/admin/policies/:id/versions/:version", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    const form = await c.req.parseBody({ all: true })
    const raw = policyFromForm(form, await baseCurrency(c))
    try {
      await updateDraft(c.var.db, whoOf(c), c.req.param("id"), version, parseVersion(raw))
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      return editor(c, c.req.param("id"), version, { draft: raw as unknown as PolicyInput, error: err })
    }
    return c.redirect(`/admin/policies/${c.req.param("id")}/versions/${version}?notice=saved`, 303)
  })
  .post("/admin/policies/:id/versions/:version/preview", async (c) => {
    const form = await c.req.parseBody({ all: true })
    const invoiceId = typeof form.invoice_id === "string" ? form.invoice_id : ""
    if (!invoiceId)
      return c.html(
        <div id="preview" class="muted">
          Choose an invoice to preview against.
        </div>,
      )
    const r = await previewSteps(c.var.db, c.var.member.orgId, stepsFromForm(form), invoiceId)
    return c.html(<StepPreview invoice={r.invoice} to={r.to} steps={r.steps} />)
  })
  // The editor's dry-run chart: the same simulation as the API's dry-run, as an htmx fragment.
  .post("/admin/policies/:id/versions/:version/dry-run", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    const form = await c.req.parseBody()
    const { days } = parseDryRun({ days: Number(form.days ?? 30) })
    const run = await dryRunCadence(c.env, c.var.db, c.var.member.orgId, c.req.param("id"), version, days)
    return c.html(<DryRunChart run={run} version={version} />)
  })
  .post("/admin/policies/:id/versions/:version/publish", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    const form = await c.req.parseBody({ all: true })
    const ids = ([] as unknown[]).concat(form.segment_ids ?? []).filter((x): x is string => typeof x === "string")
    await publishVersion(c.var.db, whoOf(c), c.req.param("id"), version, ids)
    await notifyCadence(c.env, c.var.member.orgId, { all: true })
    return c.redirect(`/admin/policies/${c.req.param("id")}/versions/${version}?notice=published`, 303)
  })
  .post("/admin/policies/:id/versions", async (c) => {
    const form = await c.req.parseBody()
    const from = intParam(String(form.from ?? ""))
    const orgId = c.var.member.orgId
    const cadence = await findCadence(c.var.db, orgId, c.req.param("id"))
    const v =
      cadence && from !== null ? (await cadenceVersionsWithSteps(c.var.db, orgId, cadence.id)).find((x) => x.version === from) : null
    if (!cadence || !v) throw notFound("Cadence version")
    const r = await createVersion(
      c.var.db,
      whoOf(c),
      cadence.id,
      parseVersion({ ...versionToInput(cadence.name, cadence.tone, v), format: undefined }),
    )
    return c.redirect(`/admin/policies/${cadence.id}/versions/${r.version}?notice=saved`, 303)
  })
  .get("/admin/policies/:id/versions/:version/export", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    const policy = await exportVersion(c.var.db, whoOf(c), c.req.param("id"), version)
    c.header("Content-Disposition", `attachment; filename="${policy.name.replace(/[^\w-]+/g, "-").toLowerCase()}-v${version}.json"`)
    return c.json(policy)
  })
  .get("/admin/policies/:id/diff", async (c) => {
    const orgId = c.var.member.orgId
    const cadence = await findCadence(c.var.db, orgId, c.req.param("id"))
    if (!cadence) throw notFound("Cadence")
    const versions = await cadenceVersionsWithSteps(c.var.db, orgId, cadence.id)
    const pick = (k: string, fallback: number) =>
      versions.find((v) => v.version === intParam(c.req.query(k))) ?? versions[fallback] ?? versions[0]
    const a = pick("a", 1)
    const b = pick("b", 0)
    if (!a || !b) throw notFound("Cadence version")
    const side = (v: typeof a) => ({ version: v.version, status: v.status, policy: versionToInput(cadence.name, cadence.tone, v) })
    return c.html(
      <CadenceDiffPage
        member={c.var.member}
        cadenceId={cadence.id}
        name={cadence.name}
        a={side(a)}
        b={side(b)}
        versions={versions.map((v) => v.version)}
      />,
    )
  })
