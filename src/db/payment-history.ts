// What the pay-date model and the risk score learn from: paid invoices, and per-customer behaviour signals
// (overdue, promises, disputes, bounces), each in one grouped query per organisation; and the risk-score write.
import { and, eq, gte, isNotNull, sql } from "drizzle-orm"
import { daysPastDue } from "../domain/aging"
import { addDays } from "../domain/dates"
import type { PaidInvoice } from "../domain/paydate"
import type { CustomerSignals, RiskFactor } from "../domain/risk-score"
import type { Db } from "./client"
import { customers, disputes, emailEvents, invoices, promises } from "./schema"

/** Invoices of the organisation paid on or after `sinceDay`, as the pay-date model reads them. */
export async function paidHistory(db: Db, orgId: string, sinceDay: string): Promise<PaidInvoice[]> {
  const rows = await db
    .select({ customerId: invoices.customerId, dueDate: invoices.dueDate, paidAt: invoices.paidAt, amountMinor: invoices.amountMinor })
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.status, "paid"), isNotNull(invoices.paidAt), gte(invoices.paidAt, sinceDay)))
  return rows.map((r) => ({ customerId: r.customerId, dueDate: r.dueDate, paidDate: r.paidAt!.slice(0, 10), amountMinor: r.amountMinor }))
}

/** Behaviour signals per customer id as of `today` (one D1 batch of four grouped reads). */
export async function customerSignals(db: Db, orgId: string, today: string) {
  const back = (n: number) => addDays(today, -n)
  const [overdue, kept, disputeRows, bounceRows] = await db.batch([
    db
      .select({ customerId: invoices.customerId, oldestDue: sql<string>`min(${invoices.dueDate})` })
      .from(invoices)
      .where(
        and(eq(invoices.orgId, orgId), eq(invoices.status, "open"), sql`${invoices.balanceMinor} > 0`, sql`${invoices.dueDate} < ${today}`),
      )
      .groupBy(invoices.customerId),
    db
      .select({
        customerId: promises.customerId,
        broken: sql<number>`sum(${promises.status} = 'broken')`,
        kept: sql<number>`sum(${promises.status} = 'kept')`,
      })
      .from(promises)
      .where(and(eq(promises.orgId, orgId), gte(promises.promisedDate, back(180))))
      .groupBy(promises.customerId),
    db
      .select({ customerId: disputes.customerId, n: sql<number>`count(*)` })
      .from(disputes)
      .where(and(eq(disputes.orgId, orgId), gte(disputes.createdAt, back(365))))
      .groupBy(disputes.customerId),
    db
      .select({ customerId: invoices.customerId, n: sql<number>`count(*)` })
      .from(emailEvents)
      .innerJoin(invoices, and(eq(invoices.orgId, emailEvents.orgId), eq(invoices.id, emailEvents.invoiceId)))
      .where(and(eq(emailEvents.orgId, orgId), eq(emailEvents.type, "bounce"), gte(emailEvents.createdAt, back(90))))
      .groupBy(invoices.customerId),
  ])
  const out = new Map<string, CustomerSignals>()
  const of = (id: string) => {
    let s = out.get(id)
    if (!s) out.set(id, (s = { oldestOverdueDays: 0, brokenPromises: 0, keptPromises: 0, disputes: 0, bounces: 0 }))
    return s
  }
  for (const r of overdue) of(r.customerId).oldestOverdueDays = daysPastDue(r.oldestDue, today)
  for (const r of kept) Object.assign(of(r.customerId), { brokenPromises: Number(r.broken ?? 0), keptPromises: Number(r.kept ?? 0) })
  for (const r of disputeRows) of(r.customerId).disputes = Number(r.n)
  for (const r of bounceRows) of(r.customerId).bounces = Number(r.n)
  return out
}

export type RiskScoreRow = { customerId: string; score: number | null; factors: RiskFactor[] | null }

/** UPDATE statements (500 customers each, their values in one JSON parameter) setting every customer's computed risk score. */
export function riskScoreUpdates(db: Db, orgId: string, rows: RiskScoreRow[], at: string) {
  const out = []
  for (let i = 0; i < rows.length; i += 500) {
    const json = JSON.stringify(
      rows.slice(i, i + 500).map((r) => ({ id: r.customerId, s: r.score, f: r.factors ? JSON.stringify(r.factors) : null })),
    )
    const field = (name: string) =>
      sql`(select json_extract(j.value, ${`$.${name}`}) from json_each(${json}) j where json_extract(j.value, '$.id') = ${customers.id})`
    out.push(
      db
        .update(customers)
        .set({ riskScore: field("s"), riskFactors: field("f"), riskScoredAt: at })
        .where(and(eq(customers.orgId, orgId), sql`${customers.id} in (select json_extract(value, '$.id') from json_each(${json}))`)),
    )
  }
  return out
}
