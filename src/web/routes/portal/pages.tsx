// Payer portal pages: the token exchange (/p/:token), invoice list, one invoice, statement (+ CSV, PDF), Checkout returns.
import { toCsv } from "../../../integrations/csv"
import { and, eq, sql } from "drizzle-orm"
import { Hono, type Context } from "hono"
import { getCookie } from "hono/cookie"
import { createDb } from "../../../db/client"
import { nowIso } from "../../../db/ids"
import { portalPageData, type PortalPageData } from "../../../db/portal"
import { portalLinks } from "../../../db/schema"
import { toDecimalString } from "../../../domain/money"
import { addDays } from "../../../domain/dates"
import { policyForInvoice } from "../../../services/policy-lookup"
import { verifyPortalToken } from "../../../services/portal-links"
import { statementFilename, statementPdf } from "../../../services/statements"
import {
  PORTAL_BOOKMARK_COOKIE,
  PORTAL_COOKIE,
  portalHeaders,
  portalRateLimit,
  requirePortalSession,
  sealPortalSession,
  setPortalCookie,
  type PortalEnv,
} from "../../middleware/portal"
import type { FormState } from "../../views/portal/forms"
import { HomePage, InvoicePage, PaymentReturnPage, StatementPage } from "../../views/portal/pages"
import { renderPortalRefusal } from "../../views/portal/refusal"

type PC = Context<PortalEnv>
export type LiveData = PortalPageData & { org: NonNullable<PortalPageData["org"]>; customer: NonNullable<PortalPageData["customer"]> }

export const refuseInvalid = (c: PC) =>
  c.html(
    renderPortalRefusal(
      401,
      "This link is not valid",
      "Check that you opened the whole link from your email. Links are personal and cannot be changed.",
    ),
    401,
  )
export const refuseGone = (c: PC) =>
  c.html(
    renderPortalRefusal(
      410,
      "This link is no longer active",
      "It has expired or was replaced by a newer one. Use the link in your most recent email.",
    ),
    410,
  )

/**
 * Portal reads go through a D1 session (Sessions API): a replica may answer, and the bookmark cookie keeps
 * the payer's own writes visible on the next page. Writes through the same session advance the bookmark.
 */
export async function withPortalDb(c: PC, next: () => Promise<void>) {
  const bookmark = getCookie(c, PORTAL_BOOKMARK_COOKIE)
  const session = c.env.DB.withSession(bookmark && /^[\w-]{1,200}$/.test(bookmark) ? bookmark : "first-unconstrained")
  c.set("db", createDb(session))
  await next()
  const after = session.getBookmark()
  if (after && after !== bookmark) setPortalCookie(c, PORTAL_BOOKMARK_COOKIE, after, 3600)
}

/** The page data of the session's payer, or the refusal to answer with (revoked or expired link: 410). */
export async function loadLive(c: PC, invoiceId = ""): Promise<{ data: LiveData } | { refusal: Response }> {
  const data = await portalPageData(c.var.db, c.var.portal, invoiceId)
  if (data.linkState === "missing" || !data.org || !data.customer) return { refusal: refuseInvalid(c) }
  if (data.linkState === "gone") return { refusal: refuseGone(c) }
  return { data: data as LiveData }
}

export const today = () => nowIso().slice(0, 10)

/** The invoice detail page with an optional form state, rendered from already loaded data (no extra query but the policy). */
export async function renderInvoice(
  c: PC,
  data: LiveData,
  invoiceId: string,
  forms?: { promise?: FormState; plan?: FormState; dispute?: FormState },
  notice?: string,
) {
  const inv = data.invoices.find((i) => i.id === invoiceId)
  if (!inv) return null
  const policy = await policyForInvoice(c.var.db, c.var.portal.orgId, inv.id)
  const page = (
    <InvoicePage
      data={data}
      inv={inv}
      csrf={c.var.portal.csrf}
      today={today()}
      maxPromiseDate={addDays(today(), policy?.promiseMaxDays ?? 30)}
      maxInstalments={policy?.planMaxInstalments ?? 6}
      forms={forms}
      notice={notice}
    />
  )
  return "<!doctype html>" + page.toString()
}

const notices: Record<string, string> = {
  promise: "Thank you. Your promise is recorded and a confirmation is on its way by email.",
  plan: "Your payment plan is active. We will remind you before each instalment.",
  plan_review: "Thank you. Your plan proposal is with our team; we will email you once it is reviewed.",
  dispute: "Your dispute is filed. Reminders for this invoice are paused while we look into it.",
}

export const portalPages = new Hono<PortalEnv>()
  .use("/p/*", portalHeaders(), portalRateLimit())
  .use("/p", portalHeaders(), portalRateLimit())
  .use("/p/home", requirePortalSession(), withPortalDb)
  .use("/p/statement", requirePortalSession(), withPortalDb)
  .use("/p/statement.csv", requirePortalSession(), withPortalDb)
  .use("/p/statement.pdf", requirePortalSession(), withPortalDb)
  .use("/p/invoices/*", requirePortalSession(), withPortalDb)
  .use("/p/pay", requirePortalSession(), withPortalDb)
  .use("/p/pay/*", requirePortalSession(), withPortalDb)

  .get("/p/home", async (c) => {
    const r = await loadLive(c)
    if ("refusal" in r) return r.refusal
    return c.html("<!doctype html>" + (<HomePage data={r.data} csrf={c.var.portal.csrf} today={today()} />).toString())
  })

  .get("/p/statement", async (c) => {
    const r = await loadLive(c)
    if ("refusal" in r) return r.refusal
    return c.html("<!doctype html>" + (<StatementPage data={r.data} csrf={c.var.portal.csrf} today={today()} />).toString())
  })

  .get("/p/statement.csv", async (c) => {
    const r = await loadLive(c)
    if ("refusal" in r) return r.refusal
    const rows = r.data.invoices.map((i) => [
      i.number,
      i.issueDate,
      i.dueDate,
      i.currency,
      toDecimalString(i.amountMinor, i.currency),
      toDecimalString(i.balanceMinor, i.currency),
    ])
    c.header("Content-Type", "text/csv; charset=utf-8")
    c.header("Content-Disposition", `attachment; filename="statement-${today()}.csv"`)
    return c.body(toCsv(["invoice_number", "issue_date", "due_date", "currency", "amount", "balance"], rows))
  })

  .get("/p/statement.pdf", async (c) => {
    const r = await loadLive(c)
    if ("refusal" in r) return r.refusal
    const pdf = await statementPdf(c.var.db, c.var.portal.orgId, c.var.portal.customerId, `${c.env.APP_URL}/p/home`)
    if (!pdf) return refuseInvalid(c)
    c.header("Content-Type", "application/pdf")
    c.header("Content-Disposition", `attachment; filename="${statementFilename(today())}"`)
    c.header("Cache-Control", "private, no-store")
    return c.body(pdf as Uint8Array<ArrayBuffer>)
  })

  .get("/p/invoices/:id", async (c) => {
    const r = await loadLive(c, c.req.param("id"))
    if ("refusal" in r) return r.refusal
    const done = c.req.query("done")
    const html = await renderInvoice(c, r.data, c.req.param("id"), undefined, done ? notices[done] : undefined)
    if (html === null) {
      const closed = done && notices[done] ? notices[done] : undefined
      return c.html(
        "<!doctype html>" +
          (
            <HomePage data={r.data} csrf={c.var.portal.csrf} today={today()} notice={closed ?? "That invoice is not open any more."} />
          ).toString(),
        closed ? 200 : 404,
      )
    }
    return c.html(html)
  })

  .get("/p/pay/success", async (c) => {
    const r = await loadLive(c)
    if ("refusal" in r) return r.refusal
    return c.html("<!doctype html>" + (<PaymentReturnPage data={r.data} outcome="success" />).toString())
  })

  .get("/p/pay/cancel", async (c) => {
    const r = await loadLive(c)
    if ("refusal" in r) return r.refusal
    return c.html("<!doctype html>" + (<PaymentReturnPage data={r.data} outcome="cancel" />).toString())
  })

  // The link itself: verify, exchange for the session cookie, and leave the token out of history.
  .get("/p/:token", async (c) => {
    const token = c.req.param("token")
    const verified = await verifyPortalToken(c.env, token)
    if (!verified.ok) return verified.reason === "expired" ? refuseGone(c) : refuseInvalid(c)
    const { claims } = verified
    const db = c.var.db
    const [link] = await db
      .select()
      .from(portalLinks)
      .where(and(eq(portalLinks.orgId, claims.orgId), eq(portalLinks.id, claims.linkId)))
      .limit(1)
    if (!link || link.customerId !== claims.customerId) return refuseInvalid(c)
    const now = new Date()
    if (link.revokedAt || Date.parse(link.expiresAt) <= now.getTime()) return refuseGone(c)
    await db
      .update(portalLinks)
      .set({ lastUsedAt: nowIso(now), useCount: sql`${portalLinks.useCount} + 1` })
      .where(and(eq(portalLinks.orgId, link.orgId), eq(portalLinks.id, link.id)))
      .run()
    const cookie = await sealPortalSession(c.env, { linkId: link.id, orgId: link.orgId, customerId: link.customerId }, now)
    setPortalCookie(c, PORTAL_COOKIE, cookie.value, cookie.maxAge)
    return c.redirect(c.req.query("to") === "statement" ? "/p/statement" : "/p/home", 303)
  })
