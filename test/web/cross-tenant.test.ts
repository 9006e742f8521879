// Isolation: every resource id of one organisation, asked for by another organisation, is "not found".
import { describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import * as s from "../../src/db/schema"
import { createApp } from "../../src/web/app"
import { ruleKey, ruleOf } from "../../src/web/route-rules"
import { addCustomer, addInvoice, api, browse, db, makeOrg } from "../helpers"

const MARK = "Zyzzyva Holdings"

/** Organisation A with one row of every tenant resource a route can name. */
async function orgWithEverything() {
  const a = await makeOrg({ name: "Tenant A" })
  const d = db()
  const now = new Date().toISOString()
  const orgId = a.id
  const customerId = await addCustomer(orgId, { name: MARK }, "payer@zyzzyva.example")
  const invoiceId = await addInvoice(orgId, customerId, { invoiceNumber: "ZZ-1001" })
  const ids = {
    customer: customerId,
    invoice: invoiceId,
    cadence: newId("cad"),
    version: newId("cv"),
    segment: newId("seg"),
    outreach: newId("out"),
    approval: newId("apr"),
    promise: newId("pro"),
    dispute: newId("dsp"),
    evidence: newId("evd"),
    import: newId("imp"),
    payment: newId("pay"),
    link: newId("pl"),
    plan: newId("plan"),
    task: newId("task"),
    suppression: newId("sup"),
    domain: newId("dom"),
  }
  await d.batch([
    d.insert(s.cadences).values({ id: ids.cadence, orgId, name: `${MARK} cadence`, tone: "neutral", liveVersion: 1, createdAt: now }),
    d.insert(s.cadenceVersions).values({ id: ids.version, orgId, cadenceId: ids.cadence, version: 1, status: "published", createdAt: now }),
    d.insert(s.segments).values({
      id: ids.segment,
      orgId,
      name: `${MARK} segment`,
      filters: {},
      cadenceId: ids.cadence,
      cadenceVersion: 1,
      createdAt: now,
      updatedAt: now,
    }),
    d.insert(s.outreach).values({
      id: ids.outreach,
      orgId,
      invoiceId,
      customerId,
      dedupeKey: ids.outreach,
      status: "draft",
      subject: MARK,
      bodyText: MARK,
      toEmail: "payer@zyzzyva.example",
      createdAt: now,
      updatedAt: now,
    }),
    d.insert(s.approvals).values({
      id: ids.approval,
      orgId,
      kind: "credit",
      subjectType: "invoice",
      subjectId: invoiceId,
      invoiceId,
      customerId,
      amountMinor: 100,
      currency: "USD",
      requiredRoles: ["controller"],
      reason: MARK,
      createdAt: now,
    }),
    d.insert(s.promises).values({
      id: ids.promise,
      orgId,
      invoiceId,
      customerId,
      amountMinor: 100,
      currency: "USD",
      promisedDate: "2026-12-01",
      source: "operator",
      createdAt: now,
    }),
    d.insert(s.disputes).values({
      id: ids.dispute,
      orgId,
      invoiceId,
      customerId,
      reason: "pricing",
      message: MARK,
      source: "operator",
      slaDueAt: now,
      createdAt: now,
      updatedAt: now,
    }),
    d.insert(s.disputeEvidence).values({
      id: ids.evidence,
      orgId,
      disputeId: ids.dispute,
      objectKey: `${orgId}/x`,
      filename: "x.pdf",
      contentType: "application/pdf",
      sizeBytes: 1,
      createdAt: now,
    }),
    d.insert(s.imports).values({ id: ids.import, orgId, kind: "invoices", filename: `${MARK}.csv`, status: "completed", createdAt: now }),
    d.insert(s.payments).values({
      id: ids.payment,
      orgId,
      customerId,
      amountMinor: 100,
      unappliedMinor: 100,
      currency: "USD",
      receivedAt: now,
      reference: MARK,
      createdAt: now,
    }),
    d.insert(s.portalLinks).values({ id: ids.link, orgId, customerId, expiresAt: "2099-01-01T00:00:00.000Z", createdAt: now }),
    d.insert(s.paymentPlans).values({
      id: ids.plan,
      orgId,
      customerId,
      invoiceId,
      status: "active",
      instalmentCount: 2,
      frequency: "monthly",
      firstDate: "2026-12-01",
      totalMinor: 100,
      currency: "USD",
      createdAt: now,
    }),
    d.insert(s.tasks).values({ id: ids.task, orgId, invoiceId, customerId, kind: "follow_up", title: MARK, createdAt: now }),
    d.insert(s.suppressions).values({ id: ids.suppression, orgId, email: "payer@zyzzyva.example", reason: "manual", createdAt: now }),
    d.insert(s.sendingDomains).values({ id: ids.domain, orgId, domain: "zyzzyva.example", createdAt: now }),
  ])
  return { a, ids: Object.values(ids).concat([a.userIds.operator]) }
}

const routes = createApp()
  .routes.filter((r) => r.method !== "ALL" && /:\w+/.test(r.path))
  .filter((r, i, all) => all.findIndex((o) => o.method === r.method && o.path === r.path) === i)
  .filter((r) => {
    const rule = ruleOf(ruleKey(r.method, r.path))
    return rule && rule !== "public" && !r.path.startsWith("/p/") && !r.path.startsWith("/u/")
  })

const fill = (path: string, id: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, id)

/** These probe every route in turn: their time grows with the app, not with a hang, so they get their own limit. */
const ENUMERATION_TIMEOUT_MS = 180_000

describe("cross-tenant probes", () => {
  it("probes a real set of routes", () => {
    expect(routes.filter((r) => r.method === "GET").length).toBeGreaterThan(10)
    expect(routes.filter((r) => r.method !== "GET").length).toBeGreaterThan(10)
  })

  it(
    "answers 404 to every GET of another organisation's resource, page or API",
    async () => {
      const { ids } = await orgWithEverything()
      const b = await makeOrg({ name: "Tenant B" })
      const leaks: string[] = []
      for (const r of routes.filter((r) => r.method === "GET")) {
        for (const id of ids) {
          const path = fill(r.path, id)
          const res = path.startsWith("/api/") ? await api(b, "controller", path) : await browse(b, "controller", path)
          const body = await res.text()
          if (res.status !== 404 || body.includes(MARK))
            leaks.push(`${r.path} with ${id} -> ${res.status}${body.includes(MARK) ? " (leaked data)" : ""}`)
        }
      }
      expect(leaks).toEqual([])
    },
    ENUMERATION_TIMEOUT_MS,
  )

  it(
    "changes nothing of another organisation through any write route",
    async () => {
      const { a, ids } = await orgWithEverything()
      const b = await makeOrg({ name: "Tenant B" })
      const before = await snapshot(a.id)
      const accepted: string[] = []
      for (const r of routes.filter((r) => r.method !== "GET")) {
        for (const id of ids) {
          const path = fill(r.path, id)
          const res = path.startsWith("/api/")
            ? await api(b, "controller", path, {
                method: r.method,
                ...(r.method === "DELETE" ? {} : { json: { status: "resolved", reason: "probe", comment: "probe", notes: "probe" } }),
              })
            : await browse(b, "controller", path, {
                method: r.method,
                form: { status: "resolved", reason: "probe", comment: "probe", role: "controller", decision: "approve" },
              })
          const body = await res.text()
          // A preview renders what was posted and changes nothing; it must still show nothing of A's.
          const readOnly = r.path.endsWith("/preview")
          if ((res.status >= 200 && res.status < 300 && !readOnly) || body.includes(MARK))
            accepted.push(`${r.method} ${r.path} with ${id} -> ${res.status}`)
        }
      }
      expect(accepted).toEqual([])
      expect(await snapshot(a.id)).toEqual(before)
    },
    ENUMERATION_TIMEOUT_MS,
  )
})

/** Everything organisation A owns that a probe could change. */
async function snapshot(orgId: string) {
  const rows = await db().$client.batch(
    [
      "invoices",
      "customers",
      "outreach",
      "approvals",
      "promises",
      "disputes",
      "portal_links",
      "payment_plans",
      "tasks",
      "suppressions",
      "sending_domains",
      "segments",
      "cadence_versions",
      "memberships",
      "api_keys",
      "payments",
    ].map((t) => db().$client.prepare(`select * from ${t} where org_id = ? order by 1`).bind(orgId)),
  )
  return rows.map((r) => r.results)
}
