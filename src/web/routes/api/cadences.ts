// /api/v1/cadences: create, version, edit drafts, publish, preview, policy-as-code (API.md "Policies").
import { notifyCadence } from "../../../tenant/notify"
import { Hono } from "hono"
import { z } from "zod"
import { cadenceVersionsWithSteps, findCadence, listCadences, type StepRow, type VersionRow } from "../../../db/cadences"
import { policySchema, stepSchema, versionSchema } from "../../../domain/policy-schema"
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
import { dryRunBody, dryRunCadence, parseDryRun } from "../../../services/policy-dry-run"
import { previewSteps } from "../../../services/policy-preview"
import { badRequest, notFound } from "../../errors"
import type { AppEnv } from "../../env"
import { describeRoute, listOf } from "../../openapi"
import { intParam, jsonBody, whoOf } from "../policies/who"

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
describeRoute({
  method: "get",
  path: "/api/v1/cadences",
  summary: "Cadences with their live version",
  tags: T,
  responses: {
    200: {
      description: "Cadences",
      schema: listOf(
        z.object({
          id: z.string(),
          name: z.string(),
          tone: z.string(),
          live_version: z.number().nullable(),
          versions: z.array(z.object({ version: z.number(), status: z.string(), segment_ids: z.array(z.string()) })),
        }),
      ),
    },
  },
})
describeRoute({
  method: "post",
  path: "/api/v1/cadences",
  summary: "Create a cadence (version 1, draft). Unknown merge tags are a 400 naming them",
  tags: T,
  body: policySchema,
  responses: { 201: { description: "Created", schema: created }, 403: { description: "Role or plan (approval thresholds need Growth+)" } },
})
describeRoute({
  method: "get",
  path: "/api/v1/cadences/:id",
  summary: "A cadence with all its versions",
  tags: T,
  responses: { 200: { description: "Cadence", schema: cadenceOut } },
})
describeRoute({
  method: "post",
  path: "/api/v1/cadences/:id/versions",
  summary: "New draft version (every plan: how a published cadence is edited)",
  tags: T,
  body: versionSchema,
  responses: {
    201: { description: "Created", schema: created },
    403: { description: "Role, or approval settings above the plan (thresholds need Growth+)" },
  },
})
describeRoute({
  method: "patch",
  path: "/api/v1/cadences/:id/versions/:version",
  summary: "Edit a draft version; a published version is a 409",
  tags: T,
  body: versionSchema,
  responses: { 200: { description: "Saved", schema: created }, 409: { description: "Published versions never change" } },
})
describeRoute({
  method: "post",
  path: "/api/v1/cadences/:id/versions/:version/publish",
  summary: "Publish a draft and move the given segments to it",
  tags: T,
  body: publishIn,
  responses: {
    200: { description: "Published", schema: z.object({ status: z.literal("published"), segments: z.array(z.string()) }) },
    409: { description: "Already published" },
  },
})
describeRoute({
  method: "post",
  path: "/api/v1/cadences/:id/versions/:version/preview",
  summary: "Render each step against an invoice (optionally unsaved steps)",
  tags: T,
  body: previewIn,
  responses: { 200: { description: "Rendered steps", schema: renderedOut } },
})
const counts = z.record(z.string(), z.number())
const dryRunDay = z.object({
  date: z.string(),
  sends: z.number(),
  drafts: z.number(),
  deferred: counts,
  capped: z.number(),
  skipped: counts,
})
describeRoute({
  method: "post",
  path: "/api/v1/cadences/:id/versions/:version/dry-run",
  summary:
    "Simulate a version over the live portfolio, day by day, with the tick's planning, the send rule, the calendar and the caps; writes nothing",
  tags: T,
  body: dryRunBody,
  responses: {
    200: {
      description: "Per day: sends (by the day they go out), Shadow drafts, deferrals and skips by reason, sends held by a cap",
      schema: z.object({
        days: z.array(dryRunDay),
        totals: dryRunDay.omit({ date: true }).extend({ sends_after_window: z.number(), invoices: z.number() }),
        segments: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), mode: z.string() })),
      }),
    },
    400: { description: "days is not a whole number from 1 to 90" },
    404: { description: "No such cadence version in this organisation" },
  },
})
describeRoute({
  method: "get",
  path: "/api/v1/cadences/:id/versions/:version/export",
  summary: "Policy-as-code: the version as JSON (Growth+)",
  tags: T,
  responses: { 200: { description: "Policy JSON", schema: policySchema } },
})
describeRoute({
  method: "post",
  path: "/api/v1/cadences/import",
  summary: "Policy-as-code: import JSON as a new draft (Growth+); ?cadence_id= adds a version",
  tags: T,
  query: z.object({ cadence_id: z.string().optional() }),
  body: policySchema,
  responses: { 201: { description: "Created", schema: created } },
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

export const cadenceApi = new Hono<AppEnv>()
  .get("/api/v1/cadences", async (c) => {
    const rows = await listCadences(c.var.db, c.var.member.orgId)
    return c.json({
      data: rows.map(({ cadence, versions }) => ({
        id: cadence.id,
        name: cadence.name,
        tone: cadence.tone,
        live_version: cadence.liveVersion,
        versions: versions.map((v) => ({ version: v.version, status: v.status, segment_ids: v.segments.map((s) => s.id) })),
      })),
      next_cursor: null,
    })
  })
  .post("/api/v1/cadences/import", async (c) => {
    const r = await importPolicy(c.var.db, whoOf(c), await jsonBody(c), c.req.query("cadence_id") || null)
    return c.json(r, 201)
  })
  .post("/api/v1/cadences", async (c) => {
    const r = await createCadence(c.var.db, whoOf(c), parseNewCadence(await jsonBody(c)))
    return c.json(r, 201)
  })
  .get("/api/v1/cadences/:id", async (c) => {
    const orgId = c.var.member.orgId
    const cadence = await findCadence(c.var.db, orgId, c.req.param("id"))
    if (!cadence) throw notFound("Cadence")
    const versions = await cadenceVersionsWithSteps(c.var.db, orgId, cadence.id)
    return c.json({
      id: cadence.id,
      name: cadence.name,
      tone: cadence.tone,
      live_version: cadence.liveVersion,
      versions: versions.map((v) => versionJson(cadence.name, cadence.tone, v)),
    })
  })
  .post("/api/v1/cadences/:id/versions", async (c) => {
    const r = await createVersion(c.var.db, whoOf(c), c.req.param("id"), parseVersion(await jsonBody(c)))
    return c.json(r, 201)
  })
  .patch("/api/v1/cadences/:id/versions/:version", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    return c.json(await updateDraft(c.var.db, whoOf(c), c.req.param("id"), version, parseVersion(await jsonBody(c))))
  })
  .post("/api/v1/cadences/:id/versions/:version/publish", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    const text = await c.req.text()
    let raw: unknown = {}
    try {
      raw = text.trim() ? JSON.parse(text) : {}
    } catch {
      throw badRequest("The body must be JSON")
    }
    const body = publishIn.safeParse(raw)
    if (!body.success) throw badRequest("segment_ids must be a list of segment ids")
    const published = await publishVersion(c.var.db, whoOf(c), c.req.param("id"), version, body.data.segment_ids)
    // A publish moves segments to new steps: the TenantDO derives the portfolio again on its next tick.
    await notifyCadence(c.env, c.var.member.orgId, { all: true })
    return c.json(published)
  })
  .post("/api/v1/cadences/:id/versions/:version/preview", async (c) => {
    const orgId = c.var.member.orgId
    const version = intParam(c.req.param("version"))
    const body = previewIn.parse(await jsonBody(c))
    const cadence = await findCadence(c.var.db, orgId, c.req.param("id"))
    const v =
      cadence && version !== null ? (await cadenceVersionsWithSteps(c.var.db, orgId, cadence.id)).find((x) => x.version === version) : null
    if (!v) throw notFound("Cadence version")
    const steps = body.steps ?? v.steps.map((s) => ({ offset_days: s.offsetDays, subject: s.subject, body: s.body }))
    const r = await previewSteps(c.var.db, orgId, steps, body.invoice_id)
    return c.json({ invoice_id: r.invoice.invoiceId, to: r.to, steps: r.steps })
  })
  .post("/api/v1/cadences/:id/versions/:version/dry-run", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    const text = await c.req.text()
    let raw: unknown = {}
    try {
      raw = text.trim() ? JSON.parse(text) : {}
    } catch {
      throw badRequest("The body must be JSON")
    }
    const { days } = parseDryRun(raw)
    const orgId = c.var.member.orgId
    return c.json(await dryRunCadence(c.env, c.var.db, orgId, c.req.param("id"), version, days))
  })
  .get("/api/v1/cadences/:id/versions/:version/export", async (c) => {
    const version = intParam(c.req.param("version"))
    if (version === null) throw notFound("Cadence version")
    const policy = await exportVersion(c.var.db, whoOf(c), c.req.param("id"), version)
    c.header("Content-Disposition", `attachment; filename="cadence-${c.req.param("id")}-v${version}.json"`)
    return c.json(policy)
  })
