// The Disputes inspector's own routes: the inspector with its pending credit (one loader for every place that renders
// it), approve / reject that credit in place through the approvals service, and each workspace chart as CSV.
import { Hono } from "hono"
import { pendingApprovalOf } from "../../../db/approvals"
import { disputeDetail } from "../../../db/collections"
import { newId } from "../../../db/ids"
import { isoDay } from "../../../domain/dates"
import { disputeMetricDefinitions } from "../../../domain/dispute-definitions"
import { toDecimalString } from "../../../domain/money"
import { disputeReasonLabels } from "../../../domain/portal-rules"
import { toCsv } from "../../../integrations/csv"
import { decideApproval } from "../../../services/approvals"
import { disputeMetricsFor } from "../../../services/dispute-metrics"
import type { AppContext, AppEnv } from "../../env"
import { AppError, notFound } from "../../errors"
import { Layout } from "../../views/layout"
import { DisputeInspector, type InspectorProps } from "../../views/pages/disputes-workspace"

export const isHtmx = (c: AppContext) => c.req.header("HX-Request") === "true"

/** The inspector of one dispute, with the credit awaiting approval when there is one; null when not in this org. */
export async function inspectorOf(c: AppContext, id: string, flash?: InspectorProps["flash"]) {
  const detail = await disputeDetail(c.var.db, c.var.member.orgId, id)
  if (!detail) return null
  const approval =
    detail.dispute.status === "pending_credit" ? await pendingApprovalOf(c.var.db, c.var.member.orgId, "dispute", detail.dispute.id) : null
  return <DisputeInspector member={c.var.member} detail={detail} replyKey={newId("rpl")} approval={approval} flash={flash} />
}

const decided: Record<string, string> = {
  approved: "Credit approved: the invoice's balance is reduced and the dispute is resolved.",
  rejected: "Credit rejected: the dispute is back to investigating.",
  pending: "Signed. A second, different approver must approve it too.",
}

/** One approver's decision on the dispute's pending credit; htmx gets the inspector back, a plain form a redirect. */
async function decideCredit(c: AppContext, decision: "approve" | "reject") {
  const id = c.req.param("id")!
  const approval = await pendingApprovalOf(c.var.db, c.var.member.orgId, "dispute", id)
  const back = `/work/disputes?selected=${encodeURIComponent(id)}#inspector`
  try {
    if (!approval) throw new AppError(409, "conflict", "This dispute has no credit awaiting approval")
    const form = await c.req.parseBody()
    const comment = typeof form.comment === "string" ? form.comment : null
    const r = await decideApproval(c.var.db, c.env, c.var.member.orgId, c.var.actor, approval.id, decision, comment)
    if (!isHtmx(c)) return c.redirect(back, 303)
    return c.html((await inspectorOf(c, id, { kind: "good", text: decided[r.status]! }))!)
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err
    const inspector = await inspectorOf(c, id, { kind: "bad", text: err.message })
    if (!inspector) throw notFound("Dispute")
    if (isHtmx(c)) return c.html(inspector, err.status as 403)
    return c.html(
      <Layout title="Dispute" member={c.var.member} active="/work/disputes">
        <p>
          <a href={back}>← Back to the dispute</a>
        </p>
        {inspector}
      </Layout>,
      err.status as 403,
    )
  }
}

function csvFile(c: AppContext, name: string, header: string[], rows: unknown[][]) {
  c.header("Content-Type", "text/csv; charset=utf-8")
  c.header("Content-Disposition", `attachment; filename="${name}-${isoDay(new Date())}.csv"`)
  return c.body(toCsv(header, rows))
}

export const disputeInspectorRoutes = new Hono<AppEnv>()
  .post("/work/disputes/:id/credit/approve", (c) => decideCredit(c, "approve"))
  .post("/work/disputes/:id/credit/reject", (c) => decideCredit(c, "reject"))

  // "Open by reason": open count and median days to resolve per reason.
  .get("/work/disputes/export/by-reason.csv", async (c) => {
    const m = await disputeMetricsFor(c.var.db, c.var.member.orgId, new Date())
    const rows = m.by_reason.map((r) => [r.reason, disputeReasonLabels[r.reason], r.open, r.median_days_to_resolve ?? ""])
    return csvFile(c, "disputes-by-reason", ["reason", "label", "open", "median_days_to_resolve"], rows)
  })

  // The SLA Snapshot and Dispute metrics cards, one row per figure with the definition's formula.
  .get("/work/disputes/export/metrics.csv", async (c) => {
    const m = await disputeMetricsFor(c.var.db, c.var.member.orgId, new Date())
    const f = (k: keyof typeof disputeMetricDefinitions) => [k, disputeMetricDefinitions[k].label]
    const money = (minor: number) => [minor, toDecimalString(minor, m.currency), m.currency]
    const rows = [
      [...f("active"), "active", m.sla.active, "", ""],
      [...f("active"), "paused", m.sla.paused, "", ""],
      [...f("at_risk"), "count", m.sla.at_risk, "", ""],
      [...f("breached"), "count", m.sla.breached, "", ""],
      [...f("due_today"), "count", m.sla.due_today, "", ""],
      [...f("first_response"), "median hours", m.sla.median_first_response_hours ?? "", "", ""],
      [...f("credits_issued"), "this month", ...money(m.credits_issued_minor)],
      [...f("credits_issued"), "last month", ...money(m.credits_issued_last_month_minor)],
      [...f("resolved_within_sla"), "share", m.resolved_within_sla ?? "", "", ""],
      [...f("reopen_rate"), "share", m.reopen_rate ?? "", "", ""],
    ].map((r) => [...r, disputeMetricDefinitions[r[0] as keyof typeof disputeMetricDefinitions].formula])
    return csvFile(c, "dispute-metrics", ["metric", "label", "measure", "value", "amount", "currency", "formula"], rows)
  })
