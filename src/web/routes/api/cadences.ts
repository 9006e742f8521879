// /api/v1/cadences: create, version, edit drafts, publish, preview, dry-run, policy-as-code (API.md "Policies").
import { notifyCadence } from "../../../tenant/notify"
import { z } from "zod"
import { cadenceVersionsWithSteps, findCadence, listCadences, type StepRow, type VersionRow } from "../../../db/cadences"
import { policySchema, stepSchema, versionSchema } from "../../../domain/policy-schema"
import {
  createCadence,
  createVersion,
  exportVersion,
  importPolicy,
  publishVersion,
  updateDraft,
  versionToInput,
} from "../../../services/cadences"
import { dryRunBody, dryRunCadence } from "../../../services/policy-dry-run"
import { previewSteps } from "../../../services/policy-preview"
import { notFound } from "../../errors"
import { apiApp, apiRoute } from "../../api-route"
import { idParam } from "../../api-schemas"
import { listOf } from "../../openapi"
import { whoOf } from "../policies/who"

const created = z.object({ id: z.string(), version: z.number().int(), status: z.enum(["draft", "published", "retired"]) })
const versionOut = z.object({
  version: z.number().int(),
  status: z.enum(["draft", "published", "retired"]),
  created_at: z.string(),
  published_at: z.string().nullable(),
  policy: policySchema,
})
const cadenceOut = z.object({
  id: z.string(),
  name: z.string(),
  tone: z.string(),
  live_version: z.number().int().nullable(),
  versions: z.array(versionOut),
})
const publishIn = z.object({ segment_ids: z.array(z.string()).default([]) }).strict()
const previewIn = z.object({ invoice_id: z.string().min(1), steps: z.array(stepSchema).optional() }).strict()
const renderedOut = z.object({
  invoice_id: z.string(),
  to: z.string().nullable(),
  steps: z.array(
    z.object({
      offset_days: z.number(),
      send_on: z.string(),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      errors: z.array(z.string()),
    }),
  ),
})

const T = ["Policies"]
const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } })
const versionParams = idParam.extend({ version: z.coerce.number().int().min(1).max(999_999) })
const noVersion = { 404: { description: "No such cadence version in this organisation" } }
const counts = z.record(z.string(), z.number())
const dryRunDay = z.object({
  date: z.string(),
  sends: z.number(),
  drafts: z.number(),
  deferred: counts,
  capped: z.number(),
  skipped: counts,
})

const list = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Cadences with their live version",
  tags: T,
  responses: {
    200: {
      description: "Cadences",
      content: json(
        listOf(
          z.object({
            id: z.string(),
            name: z.string(),
            tone: z.string(),
            live_version: z.number().nullable(),
            versions: z.array(z.object({ version: z.number(), status: z.string(), segment_ids: z.array(z.string()) })),
          }),
        ),
      ),
    },
  },
})
const create = apiRoute({
  method: "post",
  path: "/",
  capability: "draft_policy",
  summary: "Create a cadence (version 1, draft). Unknown merge tags are a 400 naming them",
  tags: T,
  request: { body: { required: true, content: json(policySchema) } },
  responses: {
    201: { description: "Created", content: json(created) },
    403: { description: "Role or plan (approval thresholds need Growth+)" },
  },
})
const importCode = apiRoute({
  method: "post",
  path: "/import",
  capability: "draft_policy",
  summary: "Policy-as-code: import JSON as a new draft (Growth+); ?cadence_id= adds a version",
  tags: T,
  request: {
    query: z.object({ cadence_id: z.string().max(64).optional() }),
    body: { required: true, content: json(z.record(z.string(), z.unknown()).describe("a policy, as the export gives it")) },
  },
  responses: { 201: { description: "Created", content: json(created) } },
})
const one = apiRoute({
  method: "get",
  path: "/{id}",
  capability: "read",
  summary: "A cadence with all its versions",
  tags: T,
  request: { params: idParam },
  responses: { 200: { description: "Cadence", content: json(cadenceOut) }, 404: { description: "No such cadence" } },
})
const newVersion = apiRoute({
  method: "post",
  path: "/{id}/versions",
  capability: "draft_policy",
  summary: "New draft version (every plan: how a published cadence is edited)",
  tags: T,
  request: { params: idParam, body: { required: true, content: json(versionSchema) } },
  responses: {
    201: { description: "Created", content: json(created) },
    403: { description: "Role, or approval settings above the plan (thresholds need Growth+)" },
  },
})
const editDraft = apiRoute({
  method: "patch",
  path: "/{id}/versions/{version}",
  capability: "draft_policy",
  summary: "Edit a draft version; a published version is a 409",
  tags: T,
  request: { params: versionParams, body: { required: true, content: json(versionSchema) } },
  responses: {
    200: { description: "Saved", content: json(created) },
    409: { description: "Published versions never change" },
    ...noVersion,
  },
})
const publish = apiRoute({
  method: "post",
  path: "/{id}/versions/{version}/publish",
  capability: "publish_policy",
  summary: "Publish a draft and move the given segments to it",
  tags: T,
  request: { params: versionParams, body: { required: false, content: json(publishIn) } },
  responses: {
    200: { description: "Published", content: json(z.object({ status: z.literal("published"), segments: z.array(z.string()) })) },
    409: { description: "Already published" },
    ...noVersion,
  },
})
const preview = apiRoute({
  method: "post",
  path: "/{id}/versions/{version}/preview",
  capability: "read",
  summary: "Render each step against an invoice (optionally unsaved steps)",
  tags: T,
  request: { params: versionParams, body: { required: true, content: json(previewIn) } },
  responses: { 200: { description: "Rendered steps", content: json(renderedOut) }, ...noVersion },
})
const dryRun = apiRoute({
  method: "post",
  path: "/{id}/versions/{version}/dry-run",
  capability: "draft_policy",
  summary:
    "Simulate a version over the live portfolio, day by day, with the tick's planning, the send rule, the calendar and the caps; writes nothing",
  tags: T,
  request: { params: versionParams, body: { required: false, content: json(dryRunBody) } },
  responses: {
    200: {
      description: "Per day: sends (by the day they go out), Shadow drafts, deferrals and skips by reason, sends held by a cap",
      content: json(
        z.object({
          days: z.array(dryRunDay),
          totals: dryRunDay.omit({ date: true }).extend({ sends_after_window: z.number(), invoices: z.number() }),
          segments: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), mode: z.string() })),
        }),
      ),
    },
    400: { description: "days is not a whole number from 1 to 90" },
    ...noVersion,
  },
})
const exportCode = apiRoute({
  method: "get",
  path: "/{id}/versions/{version}/export",
  capability: "draft_policy",
  summary: "Policy-as-code: the version as JSON (Growth+)",
  tags: T,
  request: { params: versionParams },
  responses: { 200: { description: "Policy JSON", content: json(policySchema) }, ...noVersion },
})

function versionJson(name: string, tone: "formal" | "neutral" | "confident", v: VersionRow & { steps: StepRow[] }) {
  return {
    version: v.version,
    status: v.status,
    created_at: v.createdAt,
    published_at: v.publishedAt,
    policy: versionToInput(name, tone, v),
  }
}

export const cadenceApi = apiApp()
  .openapi(list, async (c) => {
    const rows = await listCadences(c.var.db, c.var.member.orgId)
    return c.json(
      {
        data: rows.map(({ cadence, versions }) => ({
          id: cadence.id,
          name: cadence.name,
          tone: cadence.tone,
          live_version: cadence.liveVersion,
          versions: versions.map((v) => ({ version: v.version, status: v.status, segment_ids: v.segments.map((s) => s.id) })),
        })),
        next_cursor: null,
      },
      200,
    )
  })
  // Import is checked by the plan first, then parsed as a new cadence or a version (`importPolicy`).
  .openapi(importCode, async (c) =>
    c.json(await importPolicy(c.var.db, whoOf(c), c.req.valid("json"), c.req.valid("query").cadence_id || null), 201),
  )
  .openapi(create, async (c) => c.json(await createCadence(c.var.db, whoOf(c), c.req.valid("json")), 201))
  .openapi(one, async (c) => {
    const orgId = c.var.member.orgId
    const cadence = await findCadence(c.var.db, orgId, c.req.valid("param").id)
    if (!cadence) throw notFound("Cadence")
    const versions = await cadenceVersionsWithSteps(c.var.db, orgId, cadence.id)
    return c.json(
      {
        id: cadence.id,
        name: cadence.name,
        tone: cadence.tone,
        live_version: cadence.liveVersion,
        versions: versions.map((v) => versionJson(cadence.name, cadence.tone, v)),
      },
      200,
    )
  })
  .openapi(newVersion, async (c) => c.json(await createVersion(c.var.db, whoOf(c), c.req.valid("param").id, c.req.valid("json")), 201))
  .openapi(editDraft, async (c) => {
    const { id, version } = c.req.valid("param")
    return c.json(await updateDraft(c.var.db, whoOf(c), id, version, c.req.valid("json")), 200)
  })
  .openapi(publish, async (c) => {
    const { id, version } = c.req.valid("param")
    const published = await publishVersion(c.var.db, whoOf(c), id, version, c.req.valid("json").segment_ids ?? [])
    // A publish moves segments to new steps: the TenantDO derives the portfolio again on its next tick.
    await notifyCadence(c.env, c.var.member.orgId, { all: true })
    return c.json(published, 200)
  })
  .openapi(preview, async (c) => {
    const orgId = c.var.member.orgId
    const { id, version } = c.req.valid("param")
    const body = c.req.valid("json")
    const cadence = await findCadence(c.var.db, orgId, id)
    const v = cadence ? (await cadenceVersionsWithSteps(c.var.db, orgId, cadence.id)).find((x) => x.version === version) : null
    if (!v) throw notFound("Cadence version")
    const steps = body.steps ?? v.steps.map((s) => ({ offset_days: s.offsetDays, subject: s.subject, body: s.body }))
    const r = await previewSteps(c.var.db, orgId, steps, body.invoice_id)
    return c.json({ invoice_id: r.invoice.invoiceId, to: r.to, steps: r.steps }, 200)
  })
  .openapi(dryRun, async (c) => {
    const { id, version } = c.req.valid("param")
    return c.json(await dryRunCadence(c.env, c.var.db, c.var.member.orgId, id, version, c.req.valid("json").days ?? 30), 200)
  })
  .openapi(exportCode, async (c) => {
    const { id, version } = c.req.valid("param")
    const policy = await exportVersion(c.var.db, whoOf(c), id, version)
    c.header("Content-Disposition", `attachment; filename="cadence-${id}-v${version}.json"`)
    return c.json(policy, 200)
  })
