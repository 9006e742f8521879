// Admin -> Audit & Exports pages: filtered log, CSV, per-payer evidence bundle (CSV or JSON).
import { Hono } from "hono"
import { and, asc, eq, like, or } from "drizzle-orm"
import { auditAll, auditChoices, auditPage } from "../../../db/audit-log"
import { isCalendarDate } from "../../../domain/dates"
import { customers } from "../../../db/schema"
import { evidenceBundle, evidenceCsv } from "../../../services/evidence"
import type { AppEnv } from "../../env"
import { auditCsv } from "../api/governance"
import { AuditPage } from "../../views/policies/audit"

// The date inputs only send real dates; anything else (a hand-edited URL) is dropped rather than refused.
const dateOnly = (v: string | undefined) => (isCalendarDate(v) ? v : undefined)

export const auditPages = new Hono<AppEnv>()
  .get("/admin/audit", async (c) => {
    const orgId = c.var.member.orgId
    const filter = {
      actor: c.req.query("actor") || undefined,
      action: c.req.query("action") || undefined,
      from: dateOnly(c.req.query("from")),
      to: dateOnly(c.req.query("to")),
    }
    const term = (c.req.query("customer") ?? "").trim()
    const [page, choices, found] = await Promise.all([
      auditPage(c.var.db, orgId, filter, 50, c.req.query("cursor")),
      auditChoices(c.var.db, orgId),
      term
        ? c.var.db
            .select({ id: customers.id, name: customers.name, externalId: customers.externalId })
            .from(customers)
            .where(and(eq(customers.orgId, orgId), or(like(customers.name, `%${term}%`), eq(customers.externalId, term))))
            .orderBy(asc(customers.name))
            .limit(10)
        : Promise.resolve([]),
    ])
    return c.html(
      <AuditPage
        member={c.var.member}
        filter={filter}
        rows={page.rows}
        next={page.next}
        choices={choices}
        customers={found}
        customerQuery={term}
      />,
    )
  })
  .get("/admin/audit.csv", async (c) => {
    const filter = {
      actor: c.req.query("actor") || undefined,
      action: c.req.query("action") || undefined,
      from: dateOnly(c.req.query("from")),
      to: dateOnly(c.req.query("to")),
    }
    const rows = await auditAll(c.var.db, c.var.member.orgId, filter)
    c.header("Content-Type", "text/csv; charset=utf-8")
    c.header("Content-Disposition", `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`)
    return c.body(auditCsv(rows))
  })
  .get("/admin/audit/evidence/:customerId", async (c) => {
    const bundle = await evidenceBundle(c.var.db, c.var.member.orgId, c.req.param("customerId"))
    const name = `evidence-${bundle.customer.external_id.replace(/[^\w-]+/g, "_")}-${bundle.generated_at.slice(0, 10)}`
    if (c.req.query("format") === "json") {
      c.header("Content-Disposition", `attachment; filename="${name}.json"`)
      return c.json(bundle)
    }
    c.header("Content-Type", "text/csv; charset=utf-8")
    c.header("Content-Disposition", `attachment; filename="${name}.csv"`)
    return c.body(evidenceCsv(bundle))
  })
