// The inspector's in-place actions on /work/queue: promise (with its channel), plan, dispute, payer link, draft
// decision, owner, nudge, note. Each goes through its service (which audits); role checks are route-rules.ts.
// With htmx the answer is the inspector again plus Today's Focus (out of band, so a card's count drops at once);
// without JavaScript it is a redirect back to the same view with a notice code.
import { type Context, Hono } from "hono"
import { z } from "zod"
import { focusKeys } from "../../../db/worklist"
import { agingBuckets } from "../../../domain/aging"
import { AppError } from "../../../domain/errors"
import { parseAmount } from "../../../domain/money"
import { can } from "../../../domain/roles"
import { ownerCandidates, setCustomerOwner } from "../../../services/customer-owner"
import { fileDispute } from "../../../services/disputes"
import { inspectInvoice } from "../../../services/inspector"
import { addCustomerNote } from "../../../services/notes"
import { requestNudge } from "../../../services/nudges"
import { approveOutreach, composeOutreach, rejectOutreach } from "../../../services/outreach"
import { proposePlan } from "../../../services/payment-plans"
import { createPortalLink } from "../../../services/portal-links"
import { createPromise, promiseChannels } from "../../../services/promises"
import { focusCards } from "../../../services/worklist"
import type { AppEnv } from "../../env"
import { InspectorPanel } from "../../views/pages/collect/inspector"
import { FocusCards } from "../../views/pages/collect/workspace"
import { PayerLinkPage } from "../../views/pages/promises"
import { worklistFilters } from "../api/worklist"
import { type Notice, type NoticeCode, notice } from "./workspace-flash"

type C = Context<AppEnv>

export const canOf = (c: C) => {
  const role = c.var.member.role
  return { outreach: can(role, "outreach"), notes: can(role, "notes"), propose: can(role, "propose"), disputes: can(role, "disputes") }
}

const today = () => new Date().toISOString().slice(0, 10)

/** The workspace filters of the page the htmx request came from, so the refreshed cards count what it shows. */
const pageFilters = z.object({
  bucket: z.enum(agingBuckets).optional().catch(undefined),
  segment_id: z.string().max(64).optional().catch(undefined),
  owner: z.string().max(64).optional().catch(undefined),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  focus: z.enum(focusKeys).optional().catch(undefined),
})

function currentPage(c: C): URL {
  const from = c.req.header("HX-Current-URL") ?? c.req.header("Referer")
  try {
    const url = new URL(from ?? "/work/queue", "http://x")
    return url.pathname === "/work/queue" ? url : new URL("/work/queue", "http://x")
  } catch {
    return new URL("/work/queue", "http://x")
  }
}

/** The inspector (and, for htmx, the Focus cards out of band) after an action on `invoiceId`. */
export async function inspectorAnswer(c: C, invoiceId: string, n: Notice | null, link?: { url: string; expiresAt: string }) {
  const { db, member } = c.var
  const now = new Date()
  const page = currentPage(c)
  const q = pageFilters.parse(Object.fromEntries(page.searchParams))
  const f = worklistFilters(q, member)
  const [x, owners, cards] = await Promise.all([
    inspectInvoice(db, member.orgId, invoiceId, now),
    can(member.role, "outreach") ? ownerCandidates(db, member.orgId) : Promise.resolve([]),
    c.req.header("HX-Request")
      ? focusCards(db, member.orgId, now, {
          bucket: f.bucket,
          segmentId: f.segmentId,
          ownerId: f.ownerId,
          currency: f.currency,
          query: f.query,
        })
      : Promise.resolve(null),
  ])
  return c.html(
    <>
      <InspectorPanel x={x} member={member} can={canOf(c)} today={today()} owners={owners} flash={n} link={link} />
      {cards && <FocusCards cards={cards} active={q.focus} oob />}
    </>,
  )
}

/** Answers an action: in place for htmx, else a redirect to the same workspace view with the notice's code. */
async function done(c: C, invoiceId: string, code: NoticeCode | null, value = "", error?: string) {
  if (c.req.header("HX-Request"))
    return inspectorAnswer(c, invoiceId, error ? { kind: "bad", text: error } : code ? notice(code, value) : null)
  const url = currentPage(c)
  url.searchParams.set("invoice", invoiceId)
  for (const k of ["done", "v", "error", "promised", "noted"]) url.searchParams.delete(k)
  if (error) url.searchParams.set("error", error)
  else if (code) {
    url.searchParams.set("done", code)
    if (value) url.searchParams.set("v", value)
  }
  return c.redirect(`${url.pathname}${url.search}`, 303)
}

/** Runs the action; a refusal the person can fix (4xx) comes back as the inspector's notice, not an error page. */
async function attempt(c: C, invoiceId: string, work: () => Promise<[NoticeCode, string?]>) {
  try {
    const [code, value] = await work()
    return done(c, invoiceId, code, value ?? "")
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.status !== 404 && err.status !== 403)
      return done(c, invoiceId, null, "", err.message)
    throw err
  }
}

const field = (body: Record<string, unknown>, name: string) => String(body[name] ?? "").trim()

export const inspectorActionRoutes = new Hono<AppEnv>()
  .post("/work/queue/invoices/:id/promise", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, id)
    return attempt(c, id, async () => {
      const amount = parseAmount(field(body, "amount"), x.detail.invoice.currency)
      const date = field(body, "promised_date")
      const channel = field(body, "channel") || "phone"
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new AppError(400, "validation_failed", "Enter the promised date (YYYY-MM-DD).")
      if (amount === null) throw new AppError(400, "validation_failed", "Enter the promised amount, e.g. 1250.00.")
      if (!(promiseChannels as readonly string[]).includes(channel))
        throw new AppError(400, "validation_failed", "Say how the promise was made: call, email, meeting, portal or other.")
      await createPromise(c.env, c.var.db, c.var.member.orgId, c.var.actor, {
        customerId: x.detail.invoice.customerId,
        invoiceId: id,
        promisedDate: date,
        amountMinor: amount,
        channel: channel as (typeof promiseChannels)[number],
        formKey: `op:${field(body, "form_key") || id}:${date}:${amount}`,
      })
      return ["promised", date]
    })
  })
  .post("/work/queue/invoices/:id/plan", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, id)
    return attempt(c, id, async () => {
      const count = Number(field(body, "count"))
      const frequency = field(body, "frequency")
      if (frequency !== "weekly" && frequency !== "biweekly" && frequency !== "monthly")
        throw new AppError(400, "validation_failed", "Choose how often: every week, every two weeks or every month.")
      const plan = await proposePlan(c.env, c.var.db, c.var.member.orgId, c.var.actor, {
        customerId: x.detail.invoice.customerId,
        invoiceId: id,
        count,
        frequency,
        firstDate: field(body, "first_date"),
        formKey: `op-plan:${field(body, "form_key") || id}:${count}:${frequency}:${field(body, "first_date")}`,
      })
      return [plan.status === "active" ? "plan_active" : "plan_pending", String(count)]
    })
  })
  .post("/work/queue/invoices/:id/dispute", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, id)
    return attempt(c, id, async () => {
      await fileDispute(c.env, c.var.db, c.var.member.orgId, c.var.actor, {
        customerId: x.detail.invoice.customerId,
        invoiceId: id,
        reason: field(body, "reason"),
        message: field(body, "message"),
        file: null,
        formKey: `op-dispute:${field(body, "form_key") || id}`,
      })
      return ["disputed"]
    })
  })
  .post("/work/queue/invoices/:id/payer-link", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const { db, member } = c.var
    const x = await inspectInvoice(db, member.orgId, id)
    const customer = x.detail.customer!
    if (field(body, "do") === "send") {
      const to = x.detail.contacts.find((k) => k.email)?.email ?? ""
      return attempt(c, id, async () => {
        await composeOutreach(c.env, member.orgId, c.var.actor, {
          invoiceId: id,
          subject: "Your secure link for invoice {invoice_number}",
          body: "Hi {contact_name},\n\nHere is a secure link to see and pay invoice {invoice_number} ({invoice_balance}), or to tell us when it will be paid: {pay_link}\n\nBest regards,\n{sender_name}",
        })
        return ["link_sent", to]
      })
    }
    const link = await createPortalLink(c.env, db, member.orgId, c.var.actor, customer.id, 30)
    if (c.req.header("HX-Request")) return inspectorAnswer(c, id, null, link)
    return c.html(<PayerLinkPage member={member} customer={{ id: customer.id, name: customer.name }} link={link} />)
  })
  .post("/work/queue/invoices/:id/draft", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const { db, member } = c.var
    const x = await inspectInvoice(db, member.orgId, id)
    const draft = x.detail.outreach.find((o) => o.id === field(body, "outreach_id") && o.status === "draft")
    if (!draft) return done(c, id, null, "", "That draft is no longer waiting for review.")
    return attempt(c, id, async () => {
      if (field(body, "decision") === "reject") {
        await rejectOutreach(db, member.orgId, c.var.actor, draft.id, field(body, "reason") || "Rejected from the inspector")
        return ["draft_rejected"]
      }
      const result = await approveOutreach(c.env, member.orgId, [draft.id], c.var.actor)
      if (result.approved.length) return ["draft_approved"]
      const why = result.refused.flatMap((r) => r.blockers.map((b) => b.message))
      if (why.length) throw new AppError(422, "unprocessable", `Draft not approved: ${why.join(" ")}`)
      return ["draft_refused"]
    })
  })
  .post("/work/queue/invoices/:id/owner", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, id)
    return attempt(c, id, async () => {
      const owner = await setCustomerOwner(
        c.var.db,
        c.var.member.orgId,
        c.var.actor,
        x.detail.invoice.customerId,
        field(body, "owner_id") || null,
      )
      return [owner ? "owner_set" : "owner_cleared"]
    })
  })
  .post("/work/queue/invoices/:id/nudge", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    return attempt(c, id, async () => {
      await requestNudge(c.var.db, c.var.member.orgId, c.var.actor, id, field(body, "note"))
      return ["nudged"]
    })
  })
  .post("/work/queue/invoices/:id/note", async (c) => {
    const id = c.req.param("id")
    const body = await c.req.parseBody()
    const x = await inspectInvoice(c.var.db, c.var.member.orgId, id)
    return attempt(c, id, async () => {
      await addCustomerNote(c.var.db, c.var.member.orgId, c.var.actor, x.detail.invoice.customerId, String(body.body ?? ""))
      return ["noted"]
    })
  })
