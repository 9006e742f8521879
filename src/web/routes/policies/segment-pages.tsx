// Admin -> Segments pages: list, editor with live preview (htmx), CSV export of the preview, save with rules.
import { notifyCadence } from "../../../tenant/notify"
import { Hono } from "hono"
import { eq } from "drizzle-orm"
import { publishedVersions } from "../../../db/cadences"
import { cadences, organisations } from "../../../db/schema"
import { segmentMetrics } from "../../../db/segment-health"
import { filterChoices, findSegment, listSegments, previewExport, previewTotals, type SegmentRow } from "../../../db/segments"
import { toCsv } from "../../../integrations/csv"
import { evaluateGuardrails } from "../../../domain/guardrails"
import { toDecimalString } from "../../../domain/money"
import type { Filters } from "../../../domain/segment-rules"
import { can } from "../../../domain/roles"
import { segmentPreview } from "../../../services/segment-preview"
import { saveSegment, type SegmentPatch } from "../../../services/segments"
import type { AppContext, AppEnv } from "../../env"
import { AppError, forbidden, notFound } from "../../errors"
import { SegmentEditorPage, SegmentListPage } from "../../views/policies/segment-pages"
import { SegmentPreviewPanel } from "../../views/policies/segment-preview"
import { filtersFromForm, filtersQuery, segmentFromForm } from "./segment-form"
import { whoOf } from "./who"

async function currencyOf(c: AppContext) {
  const [org] = await c.var.db
    .select({ currency: organisations.baseCurrency })
    .from(organisations)
    .where(eq(organisations.id, c.var.member.orgId))
  return org?.currency ?? "USD"
}
const today = () => new Date().toISOString().slice(0, 10)

function valuesOf(s: SegmentRow | null, patch?: SegmentPatch) {
  return {
    name: patch?.name ?? s?.name ?? "",
    priority: patch?.priority ?? s?.priority ?? 100,
    filters: (patch?.filters ?? s?.filters ?? { aging_buckets: ["1-30"] }) as Filters,
    cadence: patch
      ? patch.cadence_id
        ? `${patch.cadence_id}@${patch.cadence_version}`
        : ""
      : s?.cadenceId
        ? `${s.cadenceId}@${s.cadenceVersion}`
        : "",
    mode: patch?.mode ?? s?.mode ?? "shadow",
    status: patch?.status ?? s?.status ?? "draft",
    sendCap: patch?.send_cap_per_day ?? s?.sendCapPerDay ?? null,
    quiet: patch?.quiet_hours_override ?? s?.quietHoursOverride ?? null,
    notes: patch?.notes ?? s?.notes ?? null,
  }
}

async function editor(c: AppContext, s: SegmentRow | null, extra: { patch?: SegmentPatch; error?: AppError; notice?: string } = {}) {
  const orgId = c.var.member.orgId
  const [currency, choices, versions] = await Promise.all([
    currencyOf(c),
    filterChoices(c.var.db, orgId),
    publishedVersions(c.var.db, orgId),
  ])
  const health = s ? await segmentMetrics(c.var.db, orgId, s.id, s.filters as Filters, new Date()) : null
  return c.html(
    <SegmentEditorPage
      member={c.var.member}
      segment={s}
      values={valuesOf(s, extra.patch)}
      currency={currency}
      choices={choices}
      versions={versions}
      guardrails={health ? evaluateGuardrails(health) : null}
      health={health}
      error={extra.error ? { message: extra.error.message, details: extra.error.details } : undefined}
      notice={extra.notice}
    />,
    extra.error?.status ?? 200,
  )
}

async function save(c: AppContext, id: string | null) {
  const existing = id ? await findSegment(c.var.db, c.var.member.orgId, id) : null
  if (id && !existing) throw notFound("Segment")
  const form = await c.req.parseBody({ all: true })
  let patch: SegmentPatch | undefined
  try {
    patch = segmentFromForm(form, await currencyOf(c), can(c.var.member.role, "admin"))
    const r = await saveSegment(c.var.db, whoOf(c), id, patch)
    await notifyCadence(c.env, c.var.member.orgId, { all: true })
    return c.redirect(`/admin/segments/${r.id}?notice=saved`, 303)
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err
    return editor(c, existing, { patch, error: err })
  }
}

export const segmentPages = new Hono<AppEnv>()
  .get("/admin/segments", async (c) => {
    const orgId = c.var.member.orgId
    const [segs, cads, currency] = await Promise.all([
      listSegments(c.var.db, orgId),
      c.var.db.select({ id: cadences.id, name: cadences.name }).from(cadences).where(eq(cadences.orgId, orgId)),
      currencyOf(c),
    ])
    const t = today()
    const totals = await Promise.all(segs.map((s) => previewTotals(c.var.db, orgId, s.filters as Filters, t)))
    const rows = segs.map((s, i) => ({
      segment: s,
      cadenceName: cads.find((x) => x.id === s.cadenceId)?.name ?? null,
      count: totals[i].count,
      coverage: totals[i].coverage,
    }))
    return c.html(<SegmentListPage member={c.var.member} rows={rows} currency={currency} />)
  })
  .post("/admin/segments", (c) => save(c, null))
  .post("/admin/segments-preview", async (c) => {
    const orgId = c.var.member.orgId
    const form = await c.req.parseBody({ all: true })
    const currency = await currencyOf(c)
    let filters: Filters
    try {
      filters = filtersFromForm(form, currency)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return c.html(
        <div id="segment-preview" class="flash flash-bad" role="alert">
          {err.message}
        </div>,
      )
    }
    const id = typeof form.segment_id === "string" ? form.segment_id : null
    const existing = id ? await findSegment(c.var.db, orgId, id) : null
    const priority = Number(form.priority) || existing?.priority || 100
    const page = Math.max(1, Number(form.page) || 1)
    const p = await segmentPreview(
      c.var.db,
      orgId,
      { id: existing?.id ?? null, priority, createdAt: existing?.createdAt },
      filters,
      today(),
      page,
    )
    const csv = can(c.var.member.role, "exports")
      ? `/admin/segments-preview.csv?${filtersQuery(filters, (m) => toDecimalString(m, currency))}`
      : null
    return c.html(
      <SegmentPreviewPanel
        p={p}
        today={today()}
        csvHref={csv}
        selfName={typeof form.name === "string" && form.name.trim() ? form.name.trim() : "This segment"}
      />,
    )
  })
  .get("/admin/segments-preview.csv", async (c) => {
    const q = c.req.queries()
    const form = Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v.length === 1 ? v[0] : v]))
    const filters = filtersFromForm(form, await currencyOf(c))
    const rows = await previewExport(c.var.db, c.var.member.orgId, filters, today())
    c.header("Content-Type", "text/csv; charset=utf-8")
    c.header("Content-Disposition", `attachment; filename="segment-preview-${today()}.csv"`)
    return c.body(
      toCsv(
        [
          "invoice_number",
          "customer_external_id",
          "customer_name",
          "industry",
          "region",
          "score",
          "currency",
          "balance",
          "due_date",
          "has_contact",
        ],
        rows.map((r) => [
          r.invoiceNumber,
          r.customerExternalId,
          r.customerName,
          r.industry,
          r.region,
          r.score,
          r.currency,
          toDecimalString(r.balanceMinor, r.currency),
          r.dueDate,
          r.reachable ? "yes" : "no",
        ]),
      ),
    )
  })
  .get("/admin/segments/:id", async (c) => {
    // "new" shares the :id route (one access rule per path); creating needs the segments capability.
    if (c.req.param("id") === "new") {
      if (!can(c.var.member.role, "segments")) throw forbidden()
      return editor(c, null)
    }
    const s = await findSegment(c.var.db, c.var.member.orgId, c.req.param("id"))
    if (!s) throw notFound("Segment")
    return editor(c, s, { notice: c.req.query("notice") === "saved" ? "Segment saved." : undefined })
  })
  .post("/admin/segments/:id", (c) => save(c, c.req.param("id")))
