// Per-payer evidence: everything that happened on one customer's invoices, in one JSON bundle or one CSV.
import { and, asc, eq } from "drizzle-orm"
import { auditForSubjects } from "../db/audit-log"
import type { Db } from "../db/client"
import { approvals, customers, disputes, invoices, outreach, paymentPlans, payments, promises } from "../db/schema"
import { toCsv } from "../integrations/csv"
import { toDecimalString } from "../domain/money"
import { notFound } from "../domain/errors"

export async function evidenceBundle(db: Db, orgId: string, customerId: string, generatedAt = new Date()) {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))
  if (!customer) throw notFound("Customer")
  const by = <T extends { orgId: unknown; customerId: unknown }>(t: T) =>
    and(eq(t.orgId as never, orgId), eq(t.customerId as never, customerId))
  const [inv, out, prom, disp, pays, plans, appr] = await db.batch([
    db.select().from(invoices).where(by(invoices)).orderBy(asc(invoices.dueDate)),
    db.select().from(outreach).where(by(outreach)).orderBy(asc(outreach.createdAt)),
    db.select().from(promises).where(by(promises)).orderBy(asc(promises.createdAt)),
    db.select().from(disputes).where(by(disputes)).orderBy(asc(disputes.createdAt)),
    db.select().from(payments).where(by(payments)).orderBy(asc(payments.receivedAt)),
    db.select().from(paymentPlans).where(by(paymentPlans)).orderBy(asc(paymentPlans.createdAt)),
    db.select().from(approvals).where(by(approvals)).orderBy(asc(approvals.createdAt)),
  ])
  const subjects = [
    customer.id,
    ...inv.map((r) => r.id),
    ...out.map((r) => r.id),
    ...prom.map((r) => r.id),
    ...disp.map((r) => r.id),
    ...pays.map((r) => r.id),
    ...plans.map((r) => r.id),
    ...appr.map((r) => r.id),
  ]
  const audit = await auditForSubjects(db, orgId, subjects)
  return {
    generated_at: generatedAt.toISOString(),
    customer: { id: customer.id, external_id: customer.externalId, name: customer.name },
    invoices: inv,
    outreach: out.map(({ bodyHtml: _html, ...o }) => o),
    promises: prom,
    disputes: disp,
    payments: pays,
    payment_plans: plans,
    approvals: appr,
    audit,
  }
}

/** The bundle as one CSV: one line per record, oldest first, with its kind, invoice, status, amount and detail. */
export function evidenceCsv(b: Awaited<ReturnType<typeof evidenceBundle>>): string {
  const numberOf = new Map(b.invoices.map((i) => [i.id, i.invoiceNumber]))
  const currencyOf = new Map(b.invoices.map((i) => [i.id, i.currency]))
  const money = (minor: number | null, currency: string) => (minor === null ? "" : toDecimalString(minor, currency))
  const rows: unknown[][] = [
    ...b.invoices.map((i) => [
      i.createdAt,
      "invoice",
      i.id,
      i.invoiceNumber,
      i.status,
      money(i.amountMinor, i.currency),
      i.currency,
      `due ${i.dueDate}; balance ${money(i.balanceMinor, i.currency)}`,
      i.source,
    ]),
    ...b.outreach.map((o) => [
      o.sentAt ?? o.createdAt,
      "outreach",
      o.id,
      numberOf.get(o.invoiceId) ?? "",
      o.status,
      "",
      "",
      `${o.subject} -> ${o.toEmail ?? "no contact"}`,
      o.kind,
    ]),
    ...b.promises.map((p) => [
      p.createdAt,
      "promise",
      p.id,
      numberOf.get(p.invoiceId) ?? "",
      p.status,
      money(p.amountMinor, p.currency),
      p.currency,
      `promised for ${p.promisedDate}`,
      p.source,
    ]),
    ...b.disputes.map((d) => [
      d.createdAt,
      "dispute",
      d.id,
      numberOf.get(d.invoiceId) ?? "",
      d.status,
      money(d.creditMinor, currencyOf.get(d.invoiceId) ?? "USD"),
      d.creditMinor === null ? "" : (currencyOf.get(d.invoiceId) ?? ""),
      `${d.reason}: ${d.message ?? ""}`,
      d.source,
    ]),
    ...b.payments.map((p) => [
      p.receivedAt,
      "payment",
      p.id,
      p.invoiceId ? (numberOf.get(p.invoiceId) ?? "") : "",
      p.status,
      money(p.amountMinor, p.currency),
      p.currency,
      p.reference ?? "",
      p.method,
    ]),
    ...b.payment_plans.map((p) => [
      p.createdAt,
      "payment_plan",
      p.id,
      numberOf.get(p.invoiceId) ?? "",
      p.status,
      money(p.totalMinor, p.currency),
      p.currency,
      `${p.instalmentCount} ${p.frequency} instalments from ${p.firstDate}`,
      p.source,
    ]),
    ...b.approvals.map((a) => [
      a.createdAt,
      "approval",
      a.id,
      a.invoiceId ? (numberOf.get(a.invoiceId) ?? "") : "",
      a.status,
      money(a.amountMinor, a.currency),
      a.currency,
      `${a.kind}: ${a.reason ?? ""}`,
      a.requestedByLabel ?? "",
    ]),
    ...b.audit.map((a) => [
      a.createdAt,
      "audit",
      a.id,
      "",
      a.action,
      "",
      "",
      JSON.stringify({ before: a.before, after: a.after }),
      a.actorLabel ?? a.actorType,
    ]),
  ]
  rows.sort((x, y) => String(x[0]).localeCompare(String(y[0])))
  return toCsv(["time", "record", "id", "invoice_number", "status_or_action", "amount", "currency", "detail", "by_or_source"], rows)
}
