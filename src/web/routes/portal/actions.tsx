// Payer portal forms: pay (Stripe Checkout), promise to pay, payment plan, dispute. Each works as a plain
// POST (redirect on success, the page with errors on refusal) and as htmx (the form's section is swapped).
import { Hono, type Context } from "hono"
import { parseAmount } from "../../../domain/money"
import type { Frequency } from "../../../domain/portal-rules"
import type { Actor } from "../../../services/audit"
import { fileDispute, type EvidenceFile } from "../../../services/disputes"
import { proposePlan } from "../../../services/payment-plans"
import { createCheckout } from "../../../services/portal-checkout"
import { createPromise } from "../../../services/promises"
import { AppError } from "../../errors"
import type { PortalEnv } from "../../middleware/portal"
import { DisputeForm, PlanForm, PromiseForm, type FormState } from "../../views/portal/forms"
import { HomePage } from "../../views/portal/pages"
import { loadLive, renderInvoice, today, type LiveData } from "./pages"
import { addDays } from "../../../domain/dates"
import { policyForInvoice } from "../../../services/policy-lookup"

type PC = Context<PortalEnv>
type FormName = "promise" | "plan" | "dispute"

function payer(c: PC, data: LiveData): Actor {
  return { type: "payer", id: c.var.portal.linkId, label: `Payer of ${data.customer.name} (portal link)` }
}

/** The form token scoped to this link, so two payers cannot collide. */
function formKey(c: PC, body: Record<string, unknown>, form: string): string {
  const token = typeof body._form === "string" && /^[\w-]{8,64}$/.test(body._form) ? body._form : crypto.randomUUID()
  return `portal:${c.var.portal.linkId}:${form}:${token}`
}

const str = (v: unknown) => (typeof v === "string" ? v : "")

/** A refusal as form state: the message under the field it names, or above the form. */
function errorState(err: AppError, values: Record<string, string>): FormState {
  const field = err.details[0]?.field
  const map: Record<string, string> = {
    promised_date: "promised_date",
    amount: "amount",
    count: "count",
    first_date: "first_date",
    reason: "reason",
    message: "message",
    evidence: "evidence",
  }
  return { values, errors: field && map[field] ? { [map[field]]: err.message } : { _form: err.message } }
}

/** Renders the outcome of a form: htmx gets the section, a plain form the whole page (or a redirect on success). */
async function respond(c: PC, data: LiveData, invoiceId: string, form: FormName, state: FormState, status: number, redirectDone?: string) {
  const htmx = c.req.header("HX-Request") === "true"
  if (!htmx && redirectDone) return c.redirect(`/p/invoices/${invoiceId}?done=${redirectDone}`, 303)
  const inv = data.invoices.find((i) => i.id === invoiceId)
  if (htmx && inv) {
    const csrf = c.var.portal.csrf
    const policy = await policyForInvoice(c.var.db, c.var.portal.orgId, invoiceId)
    const section =
      form === "promise" ? (
        <PromiseForm inv={inv} csrf={csrf} today={today()} maxDate={addDays(today(), policy?.promiseMaxDays ?? 30)} state={state} />
      ) : form === "plan" ? (
        <PlanForm inv={inv} csrf={csrf} maxInstalments={policy?.planMaxInstalments ?? 6} state={state} />
      ) : (
        <DisputeForm inv={inv} csrf={csrf} state={state} />
      )
    return c.html(section.toString(), status as 200)
  }
  const html = await renderInvoice(c, data, invoiceId, { [form]: state })
  if (html === null)
    return c.html(
      "<!doctype html>" +
        (<HomePage data={data} csrf={c.var.portal.csrf} today={today()} notice="That invoice is not open any more." />).toString(),
      404,
    )
  return c.html(html, status as 200)
}

/** Runs a form's service call and answers with its outcome. */
async function handle(
  c: PC,
  form: FormName,
  run: (data: LiveData, body: Record<string, unknown>) => Promise<{ done: string; message: string }>,
) {
  const invoiceId = c.req.param("id") ?? ""
  const r = await loadLive(c, invoiceId)
  if ("refusal" in r) return r.refusal
  const body = await c.req.parseBody({ all: true })
  const values = Object.fromEntries(
    Object.entries(body)
      .filter(([k, v]) => typeof v === "string" && !k.startsWith("_"))
      .map(([k, v]) => [k, v as string]),
  )
  if (!r.data.invoices.some((i) => i.id === invoiceId))
    return respond(c, r.data, invoiceId, form, { values, errors: { _form: "That invoice is not open any more." } }, 404)
  try {
    const outcome = await run(r.data, body)
    return respond(c, r.data, invoiceId, form, { done: outcome.message }, 200, outcome.done)
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err
    return respond(c, r.data, invoiceId, form, errorState(err, values), err.status)
  }
}

async function evidenceOf(value: unknown): Promise<EvidenceFile | null> {
  if (!(value instanceof File) || (value.size === 0 && !value.name)) return null
  const head = new Uint8Array(await value.slice(0, 512).arrayBuffer())
  return { name: value.name || "evidence", type: value.type, size: value.size, head, bytes: () => value.arrayBuffer() }
}

/** Mounted after portalPages, whose middleware (headers, rate limit, session, CSRF, D1 session) covers these paths. */
export const portalActions = new Hono<PortalEnv>()

  .post("/p/pay", async (c) => {
    const r = await loadLive(c)
    if ("refusal" in r) return r.refusal
    const body = await c.req.parseBody({ all: true })
    const raw = body.invoice_ids
    const ids = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string" && v.length > 0 && v.length < 80)
    try {
      const session = await createCheckout(c.env, c.var.db, c.var.portal.orgId, payer(c, r.data), {
        customerId: c.var.portal.customerId,
        invoiceIds: ids,
        formKey: formKey(c, body, "pay"),
      })
      return c.redirect(session.url, 303)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      return c.html(
        "<!doctype html>" + (<HomePage data={r.data} csrf={c.var.portal.csrf} today={today()} notice={err.message} />).toString(),
        err.status,
      )
    }
  })

  .post("/p/invoices/:id/promise", (c) =>
    handle(c, "promise", async (data, body) => {
      const inv = data.invoices.find((i) => i.id === c.req.param("id"))!
      const amountMinor = parseAmount(str(body.amount), inv.currency)
      if (amountMinor === null)
        throw new AppError(422, "unprocessable", "Enter the amount as a number, for example 1250.00.", [
          { field: "amount", message: "not a number" },
        ])
      await createPromise(c.env, c.var.db, c.var.portal.orgId, payer(c, data), {
        customerId: c.var.portal.customerId,
        invoiceId: inv.id,
        promisedDate: str(body.promised_date),
        amountMinor,
        formKey: formKey(c, body, "promise"),
      })
      return {
        done: "promise",
        message: `Thank you. Your promise to pay by ${str(body.promised_date)} is recorded; a confirmation is on its way by email.`,
      }
    }),
  )

  .post("/p/invoices/:id/plan", (c) =>
    handle(c, "plan", async (data, body) => {
      const frequency = (["weekly", "biweekly", "monthly"] as const).find((f) => f === str(body.frequency))
      if (!frequency) throw new AppError(422, "unprocessable", "Choose how often you pay.", [{ field: "frequency", message: "required" }])
      // Digits only: Number() would take "0x10", "1e1" or " 4 " as a count.
      const count = /^\d{1,4}$/.test(str(body.count)) ? Number(str(body.count)) : Number.NaN
      const plan = await proposePlan(c.env, c.var.db, c.var.portal.orgId, payer(c, data), {
        customerId: c.var.portal.customerId,
        invoiceId: c.req.param("id"),
        count,
        frequency: frequency as Frequency,
        firstDate: str(body.first_date),
        formKey: formKey(c, body, "plan"),
      })
      return plan.status === "active"
        ? { done: "plan", message: "Your payment plan is active. We will remind you before each instalment." }
        : { done: "plan_review", message: "Thank you. Your plan proposal is with our team; we will email you once it is reviewed." }
    }),
  )

  .post("/p/invoices/:id/dispute", (c) =>
    handle(c, "dispute", async (data, body) => {
      await fileDispute(c.env, c.var.db, c.var.portal.orgId, payer(c, data), {
        customerId: c.var.portal.customerId,
        invoiceId: c.req.param("id"),
        reason: str(body.reason),
        message: str(body.message),
        file: await evidenceOf(body.evidence),
        formKey: formKey(c, body, "dispute"),
      })
      return { done: "dispute", message: "Your dispute is filed. Reminders for this invoice are paused while we look into it." }
    }),
  )
