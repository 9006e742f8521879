// Work -> Cash App Assist: the review list and the confirm / split action.
import { Hono } from "hono"
import { parseAmount } from "../../../domain/money"
import { applyPaymentManually, CashAppRefused, cashAppReview } from "../../../services/cash-app"
import { findPayment } from "../../../db/cash-app"
import { hasPayments } from "../../../db/receivables-detail"
import { notFound } from "../../errors"
import type { AppContext, AppEnv } from "../../env"
import { CashAppPage } from "../../views/pages/cash"

const PER_PAGE = 20

async function render(c: AppContext, notice: { kind: "good" | "bad"; text: string; paymentId?: string } | null, status: 200 | 422 = 200) {
  const page = Math.max(1, Number(c.req.query("page") ?? "1") || 1)
  const { items, total } = await cashAppReview(c.var.db, c.var.member.orgId, page, PER_PAGE)
  const anyPayment = items.length > 0 || (await hasPayments(c.var.db, c.var.member.orgId))
  return c.html(
    `<!doctype html>${<CashAppPage member={c.var.member} items={items} total={total} page={page} perPage={PER_PAGE} notice={notice ?? undefined} anyPayment={anyPayment} />}`,
    status,
  )
}

export const cashRoutes = new Hono<AppEnv>()
  .get("/work/cash", (c) =>
    render(c, c.req.query("done") === "applied" ? { kind: "good", text: "Payment applied. The invoice balances are updated." } : null),
  )
  .post("/work/cash/:paymentId/apply", async (c) => {
    const paymentId = c.req.param("paymentId")
    const payment = await findPayment(c.var.db.$client as D1Database, c.var.member.orgId, { by: "id", id: paymentId })
    if (!payment) throw notFound("Payment")
    const body = await c.req.parseBody({ all: true })
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String)
    const numbers = list(body.invoice_number)
    const amounts = list(body.amount)
    const lines = numbers
      .map((n, i) => ({
        invoiceNumber: n,
        amountMinor: amounts[i]?.trim() ? (parseAmount(amounts[i], payment.currency) ?? Number.NaN) : Number.NaN,
      }))
      .filter((l) => l.invoiceNumber.trim() !== "")
    try {
      await applyPaymentManually(c.var.db, c.var.member.orgId, c.var.actor, paymentId, lines)
    } catch (err) {
      if (err instanceof CashAppRefused) return render(c, { kind: "bad", text: err.message, paymentId }, 422)
      throw err
    }
    return c.redirect("/work/cash?done=applied", 303)
  })
