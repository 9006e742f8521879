// Finance pages for payers' actions: /work/disputes (queue, detail, actions, evidence), /work/promises
// (adherence by week), and "Create payer link" on a customer.
import { and, eq } from "drizzle-orm"
import { Hono, type Context } from "hono"
import { z } from "zod"
import {
  activeEvidenceSlots,
  disputeDetail,
  disputeStatuses,
  evidenceById,
  listDisputes,
  listPromises,
  promiseAdherenceRows,
} from "../../../db/collections"
import { customers } from "../../../db/schema"
import { disputeReasons } from "../../../db/schema/outreach"
import { parseAmount } from "../../../domain/money"
import { weekStart } from "../../../domain/portal-rules"
import { addDays } from "../../../domain/dates"
import { disputeMetricsFor } from "../../../services/dispute-metrics"
import { attachEvidence, sendDisputeReply, updateDispute } from "../../../services/dispute-work"
import { createPortalLink } from "../../../services/portal-links"
import { AppError, badRequest, notFound, zodDetails } from "../../errors"
import type { AppEnv } from "../../env"
import { DisputeDetailPage, DisputesPage } from "../../views/pages/disputes"
import { inspectorOf, isHtmx } from "./dispute-inspector"
import { focusKeys, inFocus, type FocusKey } from "../../../domain/dispute-focus"
import { orgTimeZone } from "../../../db/dispute-metrics"
import { PayerLinkPage, PromisesPage, type AdherenceWeek } from "../../views/pages/promises"

const blank = (v: unknown) => (v === "" ? undefined : v)
const listQuery = z.object({
  status: z.preprocess(blank, z.enum([...disputeStatuses, "active", "all"]).optional()),
  reason: z.preprocess(blank, z.enum(disputeReasons).optional()),
  cursor: z.preprocess(blank, z.string().max(200).optional()),
  focus: z.preprocess(blank, z.enum(focusKeys).optional()),
  selected: z.preprocess(blank, z.string().max(80).optional()),
})
const replyForm = z.object({ template: z.string().max(60), key: z.string().max(64) })
const actionForm = z.object({
  action: z.enum(["note", "investigating", "waiting_on_payer", "escalated", "resolved", "rejected", "reopened"]),
  note: z.string().max(4000).optional(),
  credit: z.string().max(30).optional(),
  resolution: z.string().max(1000).optional(),
})

/** What a finished action says (the full page's flash, the inspector's in place). */
const doneText = (done: string) =>
  done === "pending_credit"
    ? "The credit went to approval; the dispute resolves once it is approved."
    : done === "note"
      ? "Note added."
      : `Dispute marked ${done.replaceAll("_", " ")}.`

/** The workspace: metrics, focus counts over the active disputes, the table (a focus card narrows it), and the inspector. */
async function workspace(c: Context<AppEnv>, q: z.infer<typeof listQuery>) {
  const { db, member } = c.var
  const now = new Date()
  // The worklist opens on active disputes (soonest SLA first); "All" adds the closed ones.
  const status = q.focus ? "active" : q.status === undefined ? "active" : q.status === "all" ? undefined : q.status
  const [page, active, slots, metrics, zone] = await Promise.all([
    listDisputes(db, member.orgId, { status, reason: q.reason }, { limit: q.focus ? 200 : 50, cursor: q.cursor }),
    listDisputes(db, member.orgId, { status: "active" }, { limit: 200 }),
    activeEvidenceSlots(db, member.orgId),
    disputeMetricsFor(db, member.orgId, now),
    orgTimeZone(db, member.orgId),
  ])
  const focusCounts = Object.fromEntries(
    focusKeys.map((k) => [k, active.data.filter((r) => inFocus(k, r, slots.get(r.id) ?? [], now, zone)).length]),
  ) as Record<FocusKey, number>
  const rows = q.focus ? page.data.filter((r) => inFocus(q.focus!, r, slots.get(r.id) ?? [], now, zone)) : page.data
  const inspector = q.selected ? await inspectorOf(c, q.selected) : null
  return (
    <DisputesPage
      member={member}
      rows={rows}
      filters={{ status: status ?? "all", reason: q.reason }}
      metrics={metrics}
      focusCounts={focusCounts}
      focus={q.focus}
      selected={q.selected}
      inspector={inspector ?? undefined}
      nextCursor={q.focus ? null : page.nextCursor}
      now={now}
    />
  )
}

export const disputeWorkRoutes = new Hono<AppEnv>()
  .get("/work/disputes", async (c) => {
    const parsed = listQuery.safeParse(c.req.query())
    if (!parsed.success) throw badRequest("Invalid filter", zodDetails(parsed.error.issues))
    return c.html(await workspace(c, parsed.data))
  })

  // The inspector alone, for htmx; without JavaScript the row link opens /work/disputes?selected=<id>.
  .get("/work/disputes/:id/inspector", async (c) => {
    const inspector = await inspectorOf(c, c.req.param("id"))
    if (!inspector) throw notFound("Dispute")
    return c.html(inspector)
  })

  .post("/work/disputes/:id/replies", async (c) => {
    const f = replyForm.safeParse(await c.req.parseBody())
    if (!f.success) throw badRequest("Choose a template", zodDetails(f.error.issues))
    const id = c.req.param("id")
    await sendDisputeReply(c.env, c.var.db, c.var.member.orgId, c.var.actor, id, f.data.template, f.data.key)
    return c.redirect(`/work/disputes/${id}?done=note`, 303)
  })

  .post("/work/disputes/:id/evidence", async (c) => {
    const body = await c.req.parseBody()
    const file = body.file
    const slot = typeof body.slot === "string" ? body.slot : ""
    if (!(file instanceof File) || file.size === 0) throw badRequest("Choose a file", [{ field: "file", message: "required" }])
    const bytes = new Uint8Array(await file.arrayBuffer())
    const id = c.req.param("id")
    await attachEvidence(c.env, c.var.db, c.var.member.orgId, c.var.actor, id, slot, {
      name: file.name,
      type: file.type,
      size: file.size,
      bytes: async () => bytes.buffer as ArrayBuffer,
      head: bytes.slice(0, 16),
    })
    return c.redirect(`/work/disputes?selected=${encodeURIComponent(id)}#inspector`, 303)
  })

  .get("/work/disputes/:id", async (c) => {
    const detail = await disputeDetail(c.var.db, c.var.member.orgId, c.req.param("id"))
    if (!detail) throw notFound("Dispute")
    const done = c.req.query("done")
    const flash = done ? { kind: "good" as const, text: doneText(done) } : undefined
    return c.html(<DisputeDetailPage member={c.var.member} detail={detail} now={new Date()} flash={flash} />)
  })

  .post("/work/disputes/:id", async (c) => {
    const { db, member } = c.var
    const id = c.req.param("id")
    const parsed = actionForm.safeParse(await c.req.parseBody())
    if (!parsed.success) throw badRequest("Choose an action", zodDetails(parsed.error.issues))
    const f = parsed.data
    try {
      const detail = await disputeDetail(db, member.orgId, id)
      if (!detail) throw notFound("Dispute")
      let creditMinor: number | undefined
      if (f.action === "resolved" && f.credit?.trim()) {
        const parsedCredit = parseAmount(f.credit, detail.dispute.currency)
        if (parsedCredit === null || parsedCredit < 0)
          throw new AppError(422, "unprocessable", "Enter the credit as an amount, for example 150.00.", [
            { field: "credit", message: "not an amount" },
          ])
        creditMinor = parsedCredit
      }
      const r = await updateDispute(c.env, db, member.orgId, c.var.actor, id, {
        status: f.action === "note" ? undefined : f.action,
        note: f.note,
        creditMinor,
        resolution: f.resolution,
      })
      const done = f.action === "note" ? "note" : (r.dispute?.status ?? f.action)
      // From the inspector (htmx): the inspector again, in place, saying what happened.
      if (isHtmx(c)) return c.html((await inspectorOf(c, id, { kind: "good", text: doneText(done) }))!)
      return c.redirect(`/work/disputes/${id}?done=${done}`, 303)
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404 || err.status >= 500) throw err
      if (isHtmx(c)) {
        const inspector = await inspectorOf(c, id, { kind: "bad", text: err.message })
        if (!inspector) throw notFound("Dispute")
        return c.html(inspector, err.status as 409)
      }
      const detail = await disputeDetail(db, member.orgId, id)
      if (!detail) throw notFound("Dispute")
      return c.html(
        <DisputeDetailPage member={member} detail={detail} now={new Date()} flash={{ kind: "bad", text: err.message }} />,
        err.status,
      )
    }
  })

  // Evidence leaves R2 only through this authorised route, as a download (never rendered inline).
  .get("/work/disputes/:id/evidence/:evidenceId", async (c) => {
    const e = await evidenceById(c.var.db, c.var.member.orgId, c.req.param("evidenceId"))
    if (!e || e.disputeId !== c.req.param("id")) throw notFound("Evidence")
    const object = await c.env.EVIDENCE.get(e.objectKey)
    if (!object) throw notFound("Evidence file")
    const safeName = e.filename.replace(/[^\w.\- ]/g, "_")
    return new Response(object.body, {
      headers: {
        "Content-Type": e.contentType,
        "Content-Disposition": `attachment; filename="${safeName}"`,
        "Content-Length": String(e.sizeBytes),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    })
  })

  .get("/work/promises", async (c) => {
    const { db, member } = c.var
    const today = new Date().toISOString().slice(0, 10)
    const from = weekStart(addDays(today, -7 * 12))
    const [rows, recent] = await Promise.all([
      promiseAdherenceRows(db, member.orgId, from),
      listPromises(db, member.orgId, {}, { limit: 20 }),
    ])
    const byWeek = new Map<string, AdherenceWeek>()
    for (const r of rows) {
      const w = byWeek.get(r.week) ?? { week: r.week, kept: 0, broken: 0, open: 0 }
      if (r.status === "kept" || r.status === "broken" || r.status === "open") w[r.status] += Number(r.count)
      byWeek.set(r.week, w)
    }
    return c.html(
      <PromisesPage member={member} weeks={[...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week))} recent={recent.data} />,
    )
  })

  .post("/work/customers/:id/portal-link", async (c) => {
    const { db, member } = c.var
    const [customer] = await db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.orgId, member.orgId), eq(customers.id, c.req.param("id"))))
      .limit(1)
    if (!customer) throw notFound("Customer")
    const link = await createPortalLink(c.env, db, member.orgId, c.var.actor, customer.id, 30)
    return c.html(<PayerLinkPage member={member} customer={customer} link={link} />)
  })
