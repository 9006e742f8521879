// The Collections workspace's data and actions: Today's Focus + worklist + inspector for /work/queue, the
// inspector partial for htmx, and in-place actions (log a promise, add a note) that return to the same view.
import { Hono, type Context } from "hono"
import { z } from "zod"
import { can } from "../../../domain/roles"
import { draftIdsFor } from "../../../db/worklist"
import { hasInvoices } from "../../../db/receivables-detail"
import { ownerCandidates } from "../../../services/customer-owner"
import { inspectInvoice } from "../../../services/inspector"
import { approveOutreach, rejectOutreach } from "../../../services/outreach"
import { customerPage, decodeWorklistCursor, focusCards, worklistPage } from "../../../services/worklist"
import { parseQuery } from "../../api-schemas"
import type { AppEnv } from "../../env"
import { InspectorPanel } from "../../views/pages/collect/inspector"
import { CustomerWorklist, FocusCards, Worklist } from "../../views/pages/collect/workspace"
import { NoInvoicesYet } from "../../views/components/empty-states"
import { EmptyState } from "../../views/components/ui"
import { worklistFilters, worklistQuery } from "../api/worklist"
import { canOf, inspectorActionRoutes, inspectorAnswer } from "./inspector-actions"
import { noticeFromQuery } from "./workspace-flash"

/** The workspace above the review queue: cards, the ranked page, and the inspector of `?invoice=`. */
export async function workspaceView(c: Context<AppEnv>) {
  const q = parseQuery(
    c,
    worklistQuery.extend({
      invoice: worklistQuery.shape.q,
      by: z.enum(["invoice", "customer"]).optional().catch(undefined),
      page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
    }),
  )
  const byCustomer = q.by === "customer"
  const { db, member } = c.var
  const now = new Date()
  const today = now.toISOString().slice(0, 10)
  const filters = worklistFilters(q, member)
  const cursor = q.cursor ? decodeWorklistCursor(q.cursor) : null
  const [cards, page, inspected, owners] = await Promise.all([
    focusCards(db, member.orgId, now, {
      bucket: filters.bucket,
      segmentId: filters.segmentId,
      ownerId: filters.ownerId,
      currency: filters.currency,
      query: filters.query,
    }),
    byCustomer ? Promise.resolve(null) : worklistPage(db, member.orgId, now, filters, { limit: 50, cursor }),
    q.invoice ? inspectInvoice(db, member.orgId, q.invoice, now) : Promise.resolve(null),
    ownerCandidates(db, member.orgId),
  ])
  const customers = byCustomer ? await customerPage(db, member.orgId, now, filters, { limit: 50, offset: ((q.page ?? 1) - 1) * 50 }) : null
  const filtered = Boolean(q.focus || q.bucket || q.segment_id || q.owner || q.currency || q.q)
  const empty =
    !page || page.data.length > 0 ? null : filtered ? (
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
      by: q.by === "customer" ? "customer" : undefined,
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
        {byCustomer && <input type="hidden" name="by" value="customer" />}
        <span class="segmented" role="group" aria-label="Rows">
          <a href={params({ by: undefined })} class={byCustomer ? "" : "is-active"} aria-current={byCustomer ? undefined : "true"}>
            By invoice
          </a>
          <a href={params({ by: "customer" })} class={byCustomer ? "is-active" : ""} aria-current={byCustomer ? "true" : undefined}>
            By customer
          </a>
        </span>
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
          {owners
            .filter((o) => o.userId !== member.userId)
            .map((o) => (
              <option value={o.userId} selected={q.owner === o.userId}>
                {o.name}
              </option>
            ))}
        </select>
        <input type="text" name="currency" value={q.currency ?? ""} placeholder="Currency" maxlength={3} size={8} aria-label="Currency" />
        <button class="btn" type="submit">
          Filter
        </button>
        {(q.focus || q.bucket || q.owner || q.currency || q.q) && <a href="/work/queue">Clear</a>}
      </form>
      <div class={`workspace-grid${inspected ? " has-inspector" : ""}`}>
        {customers ? (
          <CustomerWorklist
            lines={customers.data}
            selected={q.invoice}
            hrefFor={(id) => params({ invoice: id, page: q.page ? String(q.page) : undefined })}
            total={customers.total}
            invoices={customers.invoices}
            nextHref={(q.page ?? 1) * 50 < customers.total ? params({ page: String((q.page ?? 1) + 1) }) : null}
          />
        ) : (
          <Worklist
            rows={page!.data}
            selected={q.invoice}
            hrefFor={(id) => params({ invoice: id, cursor: q.cursor })}
            canAct={can(member.role, "outreach")}
            nextHref={page!.nextCursor ? params({ cursor: page!.nextCursor }) : null}
            total={page!.total}
            csrf={member.csrfToken}
            empty={empty}
          />
        )}
        <div id="inspector">
          {inspected ? (
            <InspectorPanel
              x={inspected}
              member={member}
              can={canOf(c)}
              today={today}
              owners={can(member.role, "outreach") ? owners : []}
              flash={noticeFromQuery(c.req.query())}
            />
          ) : (page?.data.length ?? customers?.data.length ?? 0) > 0 ? (
            <p class="muted small inspector-hint">Select a row (or press j/k and Enter) to open the inspector.</p>
          ) : null}
        </div>
      </div>
    </div>
  )
}

export const collectionsRoutes = new Hono<AppEnv>()
  .route("/", inspectorActionRoutes)
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
  .get("/work/queue/inspector/:id", (c) => inspectorAnswer(c, c.req.param("id"), null))
