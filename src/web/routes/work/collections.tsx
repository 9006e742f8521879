// The Collections workspace's data and actions: Today's Focus + worklist + inspector for /work/queue, the
// inspector partial for htmx, and in-place actions (log a promise, add a note) that return to the same view.
import { Hono, type Context } from "hono"
import { parseAmount } from "../../../domain/money"
import { can } from "../../../domain/roles"
import { AppError } from "../../../domain/errors"
import { draftIdsFor } from "../../../db/worklist"
import { hasInvoices } from "../../../db/receivables-detail"
import { inspectInvoice } from "../../../services/inspector"
import { approveOutreach, rejectOutreach } from "../../../services/outreach"
import { addCustomerNote } from "../../../services/notes"
import { createPromise } from "../../../services/promises"
import { decodeWorklistCursor, focusCards, worklistPage } from "../../../services/worklist"
import { parseQuery } from "../../api-schemas"
import type { AppEnv } from "../../env"
import { FocusCards, InspectorPanel, Worklist } from "../../views/pages/collect/workspace"
import { NoInvoicesYet } from "../../views/components/empty-states"
import { EmptyState } from "../../views/components/ui"
import { worklistFilters, worklistQuery } from "../api/worklist"

const canOf = (c: Context<AppEnv>) => {
  const role = c.var.member.role
  return { outreach: can(role, "outreach"), notes: can(role, "notes"), propose: can(role, "propose"), disputes: can(role, "disputes") }
}

/** The workspace above the review queue: cards, the ranked page, and the inspector of `?invoice=`. */
export async function workspaceView(c: Context<AppEnv>) {
  const q = parseQuery(c, worklistQuery.extend({ invoice: worklistQuery.shape.q }))
  const { db, member } = c.var
  const now = new Date()
  const today = now.toISOString().slice(0, 10)
  const filters = worklistFilters(q, member)
  const cursor = q.cursor ? decodeWorklistCursor(q.cursor) : null
  const [cards, page, inspected] = await Promise.all([
    focusCards(db, member.orgId, now, {
      bucket: filters.bucket,
      segmentId: filters.segmentId,
      ownerId: filters.ownerId,
      currency: filters.currency,
      query: filters.query,
    }),
    worklistPage(db, member.orgId, now, filters, { limit: 50, cursor }),
    q.invoice ? inspectInvoice(db, member.orgId, q.invoice, now) : Promise.resolve(null),
  ])
  const filtered = Boolean(q.focus || q.bucket || q.segment_id || q.owner || q.currency || q.q)
  const empty =
    page.data.length > 0 ? null : filtered ? (
      <EmptyState
        title="No invoice matches these filters"
        action={
          <a class="btn" href="/work/queue">
            Clear filters
          </a>
        }
      >
        Try another bucket or currency, or search a shorter part of the customer's name.
      </EmptyState>
    ) : (await hasInvoices(db, member.orgId)) ? (
      <EmptyState title="Nothing to chase">
        Every invoice is paid or closed. New open invoices appear here, ranked by what to do next.
      </EmptyState>
    ) : (
      <NoInvoicesYet
        role={member.role}
        what="The worklist ranks open invoices by what to do next: promises due, replies, escalations, high balances."
      />
    )
  const params = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries({
      focus: q.focus,
      bucket: q.bucket,
      segment_id: q.segment_id,
      owner: q.owner,
      currency: q.currency,
      q: q.q,
      ...extra,
    }))
      if (v) p.set(k, v)
    return `/work/queue?${p}`
  }
  return (
    <div class="workspace">
      <FocusCards cards={cards} active={q.focus} />
      <form class="worklist-filters" method="get" action="/work/queue">
        {q.focus && <input type="hidden" name="focus" value={q.focus} />}
        <input
          type="search"
          name="q"
          value={q.q ?? ""}
          placeholder="Search customer or invoice ( / )"
          aria-label="Search customer or invoice"
          id="worklist-search"
        />
        <select name="bucket" aria-label="Aging bucket">
          <option value="">All buckets</option>
          {["current", "1-30", "31-60", "61-90", "90+"].map((b) => (
            <option value={b} selected={q.bucket === b}>
              {b === "current" ? "Current" : `${b} days`}
            </option>
          ))}
        </select>
        <select name="owner" aria-label="Owner">
          <option value="">All accounts</option>
          <option value="me" selected={q.owner === "me"}>
            My accounts
          </option>
        </select>
        <input type="text" name="currency" value={q.currency ?? ""} placeholder="Currency" maxlength={3} size={8} aria-label="Currency" />
        <button class="btn" type="submit">
          Filter
        </button>
        {(q.focus || q.bucket || q.owner || q.currency || q.q) && <a href="/work/queue">Clear</a>}
      </form>
      <div class={`workspace-grid${inspected ? " has-inspector" : ""}`}>
        <Worklist
          rows={page.data}
          selected={q.invoice}
          hrefFor={(id) => params({ invoice: id, cursor: q.cursor })}
          canAct={can(member.role, "outreach")}
          nextHref={page.nextCursor ? params({ cursor: page.nextCursor }) : null}
          total={page.total}
          csrf={member.csrfToken}
          empty={empty}
        />
        <div id="inspector">
          {inspected ? (
            <InspectorPanel x={inspected} member={member} can={canOf(c)} today={today} />
          ) : page.data.length > 0 ? (
            <p class="muted small inspector-hint">Select a row (or press j/k and Enter) to open the inspector.</p>
          ) : null}
        </div>
      </div>
    </div>
  )
}

function back(c: Context<AppEnv>, invoiceId: string, flash: Record<string, string>) {
  const ref = c.req.header("Referer")
  const url = new URL(ref && new URL(ref, "http://x").pathname === "/work/queue" ? ref : "/work/queue", "http://x")
  url.searchParams.set("invoice", invoiceId)
  for (const k of ["promised", "noted", "error"]) url.searchParams.delete(k)
  for (const [k, v] of Object.entries(flash)) url.searchParams.set(k, v)
  return c.redirect(`${url.pathname}${url.search}`, 303)
}

export const collectionsRoutes = new Hono<AppEnv>()
  .post("/work/queue/bulk", async (c) => {
    const body = await c.req.parseBody({ all: true })
    const raw = body.invoice_ids
    const invoiceIds = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v): v is string => typeof v === "string").slice(0, 500)
    if (invoiceIds.length === 0) return c.redirect(`/work/queue?error=${encodeURIComponent("Select at least one draft.")}`, 303)
    const drafts = await draftIdsFor(c.var.db, c.var.member.orgId, invoiceIds)
    if (body.decision === "reject") {
      for (const id of drafts) await rejectOutreach(c.var.db, c.var.member.orgId, c.var.actor, id, "Rejected from the worklist")
      return c.redirect(`/work/queue?rejected=${drafts.length}`, 303)
    }
    const result = await approveOutreach(c.env, c.var.member.orgId, drafts, c.var.actor)
    return c.redirect(`/work/queue?approved=${result.approved.length}&refused=${result.refused.length}`, 303)
  })
  .get("/work/queue/inspector/:id", async (c) => {
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, c.req.param("id"))
    return c.html(<InspectorPanel x={x} member={c.var.member} can={canOf(c)} today={new Date().toISOString().slice(0, 10)} />)
  })
  .post("/work/queue/invoices/:id/promise", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, id)
    const currency = x.detail.invoice.currency
    const amount = parseAmount(String(body.amount ?? ""), currency)
    const date = String(body.promised_date ?? "")
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return back(c, id, { error: "Enter the promised date (YYYY-MM-DD)." })
    if (amount === null) return back(c, id, { error: "Enter the promised amount, e.g. 1250.00." })
    try {
      await createPromise(c.env, c.var.db, c.var.member.orgId, c.var.actor, {
        customerId: x.detail.invoice.customerId,
        invoiceId: id,
        promisedDate: date,
        amountMinor: amount,
        formKey: `op:${String(body.form_key ?? id)}:${date}:${amount}`,
      })
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return back(c, id, { error: err.message })
      throw err
    }
    return back(c, id, { promised: date })
  })
  .post("/work/queue/invoices/:id/note", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, id)
    try {
      await addCustomerNote(c.var.db, c.var.member.orgId, c.var.actor, x.detail.invoice.customerId, String(body.body ?? ""))
    } catch (err) {
      if (err instanceof AppError && err.status === 400) return back(c, id, { error: err.message })
      throw err
    }
    return back(c, id, { noted: "1" })
  })
