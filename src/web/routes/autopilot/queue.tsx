// /work/queue: review drafts (edit, approve, reject, bulk approve through the TenantDO) and close operator tasks.
import { Hono } from "hono"
import { and, eq } from "drizzle-orm"
import { countDrafts, draftsForReview, failedOutreach, openTasks, outreachForReview, recentReplies } from "../../../db/outreach-queries"
import { contacts, organisations } from "../../../db/schema"
import { mergeValuesFor, renderText } from "../../../domain/merge-tags"
import { payerFacingName } from "../../../domain/org-settings"
import { can } from "../../../domain/roles"
import { approveOutreach, closeTask, editDraft, rejectOutreach } from "../../../services/outreach"
import { describeRefusal } from "../../../tenant/approve"
import { AppError, notFound } from "../../errors"
import type { AppEnv } from "../../env"
import { QueueItemPage } from "../../views/pages/autopilot/queue-item"
import { QueuePage } from "../../views/pages/autopilot/queue"
import { workspaceView } from "../work/collections"
import { noticeFromQuery } from "../work/workspace-flash"

type FlashMsg = { kind: "good" | "warn" | "bad"; text: string } | null

function flashOf(q: Record<string, string>): FlashMsg {
  if (q.approved || q.refused) {
    const approved = Number(q.approved ?? 0)
    const refused = Number(q.refused ?? 0)
    const text = `${approved} approved and queued.` + (refused ? ` ${refused} not approved: ${q.why ?? "a guardrail refused them"}.` : "")
    return { kind: refused ? "warn" : "good", text }
  }
  if (q.saved) return { kind: "good", text: "Draft saved." }
  if (q.rejected) return { kind: "good", text: "Draft rejected." }
  const notice = q.invoice ? null : noticeFromQuery(q)
  if (notice) return notice
  if (q.promised) return { kind: "good", text: `Promise logged for ${q.promised}; reminders for this invoice pause until then.` }
  if (q.noted) return { kind: "good", text: "Note saved." }
  if (q.error) return { kind: "bad", text: q.error }
  return null
}

function summarise(result: { approved: string[]; refused: { reason: string; blockers: { message: string }[] }[] }): string {
  const params = new URLSearchParams({ approved: String(result.approved.length), refused: String(result.refused.length) })
  if (result.refused.length)
    params.set("why", [...new Set(result.refused.map((r) => r.blockers[0]?.message ?? describeRefusal(r.reason)))].join(" "))
  return params.toString()
}

export const queueRoutes = new Hono<AppEnv>()
  .get("/work/queue", async (c) => {
    const { db, member } = c.var
    const [workspace, drafts, total, tasks, replies, failed] = await Promise.all([
      workspaceView(c),
      draftsForReview(db, member.orgId),
      countDrafts(db, member.orgId),
      openTasks(db, member.orgId),
      recentReplies(db, member.orgId, new Date()),
      failedOutreach(db, member.orgId),
    ])
    // Subjects as the payer will read them (merge tags filled with today's figures).
    const today = new Date().toISOString().slice(0, 10)
    const rendered = drafts.map((d) => ({
      ...d,
      subject: renderText(
        d.subject,
        mergeValuesFor({
          orgName: member.orgName,
          customerName: d.customerName,
          invoiceNumber: d.invoiceNumber,
          balanceMinor: d.balanceMinor,
          currency: d.currency,
          dueDate: d.dueDate,
          today,
        }),
      ),
    }))
    return c.html(
      <QueuePage
        member={member}
        workspace={workspace}
        canAct={can(member.role, "outreach")}
        drafts={rendered}
        draftTotal={total.n}
        draftCounts={total}
        tasks={tasks}
        replies={replies}
        failed={failed}
        flash={flashOf(c.req.query())}
      />,
    )
  })
  .get("/work/queue/:id", async (c) => {
    const { db, member } = c.var
    const item = await outreachForReview(db, member.orgId, c.req.param("id"))
    if (!item) throw notFound("Reminder")
    const [[org], [contact]] = await Promise.all([
      db
        .select({ name: organisations.name, displayName: organisations.displayName, senderName: organisations.senderName })
        .from(organisations)
        .where(eq(organisations.id, member.orgId))
        .limit(1),
      item.o.contactId
        ? db
            .select({ name: contacts.name })
            .from(contacts)
            .where(and(eq(contacts.orgId, member.orgId), eq(contacts.id, item.o.contactId)))
            .limit(1)
        : Promise.resolve([]),
    ])
    const values = mergeValuesFor({
      orgName: org ? payerFacingName(org) : member.orgName,
      senderName: org?.senderName,
      customerName: item.customerName,
      contactName: contact?.name ?? null,
      invoiceNumber: item.invoiceNumber,
      balanceMinor: item.balanceMinor,
      currency: item.currency,
      locale: item.locale,
      dueDate: item.dueDate,
      today: new Date().toISOString().slice(0, 10),
      payLink: "[secure payment link, created when the email is sent]",
      statementLink: "[statement link, created when the email is sent]",
    })
    const sentAlready = item.o.status === "sent"
    const preview = sentAlready
      ? { subject: item.o.subject, body: item.o.bodyText }
      : { subject: renderText(item.o.subject, values), body: renderText(item.o.bodyText, values) }
    return c.html(
      <QueueItemPage member={member} item={item} canAct={can(member.role, "outreach")} preview={preview} flash={flashOf(c.req.query())} />,
    )
  })
  .post("/work/queue/approve", async (c) => {
    const body = await c.req.parseBody({ all: true })
    const raw = body.ids
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v): v is string => typeof v === "string")
    if (ids.length === 0) return c.redirect(`/work/queue?error=${encodeURIComponent("Select at least one draft to approve.")}`, 303)
    if (ids.length > 500) throw new AppError(400, "validation_failed", "Approve at most 500 drafts at a time")
    const result = await approveOutreach(c.env, c.var.member.orgId, ids, c.var.actor)
    return c.redirect(`/work/queue?${summarise(result)}`, 303)
  })
  .post("/work/queue/:id/edit", async (c) => {
    const body = await c.req.parseBody()
    const id = c.req.param("id")
    try {
      await editDraft(c.var.db, c.var.member.orgId, c.var.actor, id, { subject: String(body.subject ?? ""), body: String(body.body ?? "") })
    } catch (err) {
      if (err instanceof AppError && err.status === 400)
        return c.redirect(`/work/queue/${id}?error=${encodeURIComponent(err.message)}`, 303)
      throw err
    }
    return c.redirect(`/work/queue/${id}?saved=1`, 303)
  })
  .post("/work/queue/:id/approve", async (c) => {
    const id = c.req.param("id")
    const result = await approveOutreach(c.env, c.var.member.orgId, [id], c.var.actor)
    if (result.refused[0]?.reason === "not_found") throw notFound("Reminder")
    return c.redirect(`/work/queue${result.approved.length ? "" : `/${id}`}?${summarise(result)}`, 303)
  })
  .post("/work/queue/:id/reject", async (c) => {
    const body = await c.req.parseBody()
    const id = c.req.param("id")
    try {
      await rejectOutreach(c.var.db, c.var.member.orgId, c.var.actor, id, String(body.reason ?? ""))
    } catch (err) {
      if (err instanceof AppError && (err.status === 400 || err.status === 409))
        return c.redirect(`/work/queue/${id}?error=${encodeURIComponent(err.message)}`, 303)
      throw err
    }
    return c.redirect("/work/queue?rejected=1", 303)
  })
  .post("/work/tasks/:id/done", async (c) => {
    await closeTask(c.var.db, c.var.member.orgId, c.var.actor, c.req.param("id"))
    return c.redirect("/work/queue", 303)
  })
