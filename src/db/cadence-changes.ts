// The watermark reconcile: which facts the cadence reads changed in D1 since a moment, as two statements of one batch.
import { sql, type SQL } from "drizzle-orm"
import type { Db } from "./client"

/** What changed, and when (the writer's clock), so that rows read after the change are not looked at again. */
export type FactChange = { scope: "invoice" | "customer" | "all"; id: string; at: string }

/** More changes than this and the TenantDO re-derives the whole portfolio instead. */
export const changeLimit = 2000

function over(db: Db, union: SQL) {
  // A select builder over the union (not db.all) so that it can ride in the tick's claim batch.
  return db
    .select({ scope: sql<FactChange["scope"]>`scope`, id: sql<string>`id`, at: sql<string>`at` })
    .from(sql`(${union}) as changes`)
    .limit(changeLimit + 1)
}

/**
 * Invoices (imports, Stripe payments and refunds), promises, disputes and plans by invoice; contacts by customer;
 * segments, cadence publishes and suppressions as "all". Each branch is a range on an org_id index. D1 allows at
 * most five terms in a compound select, hence two statements.
 */
export function changesSince(db: Db, orgId: string, since: string) {
  return [
    over(
      db,
      sql`select 'invoice' as scope, id, updated_at as at from invoices where org_id = ${orgId} and updated_at > ${since}
        union all select 'invoice', invoice_id, max(created_at, coalesce(resolved_at, '')) from promises where org_id = ${orgId} and (created_at > ${since} or resolved_at > ${since})
        union all select 'invoice', invoice_id, updated_at from disputes where org_id = ${orgId} and updated_at > ${since}
        union all select 'invoice', invoice_id, max(created_at, coalesce(decided_at, '')) from payment_plans where org_id = ${orgId} and (created_at > ${since} or decided_at > ${since})`,
    ),
    over(
      db,
      sql`select 'customer' as scope, customer_id as id, created_at as at from contacts where org_id = ${orgId} and created_at > ${since}
        union all select 'all', id, updated_at from segments where org_id = ${orgId} and updated_at > ${since}
        union all select 'all', id, published_at from cadence_versions where org_id = ${orgId} and published_at > ${since}
        union all select 'all', id, created_at from suppressions where org_id = ${orgId} and created_at > ${since}`,
    ),
  ] as const
}

/** Invoices a writer's batch stamped with `at` (its own clock): the ones to tell the TenantDO about. */
export async function invoicesChangedAt(d1: D1Database, orgId: string, at: string): Promise<string[]> {
  const rows = await d1.prepare("SELECT id FROM invoices WHERE org_id = ?1 AND updated_at = ?2").bind(orgId, at).all<{ id: string }>()
  return rows.results.map((r) => r.id)
}

/** Customers with a contact at one of these addresses: a suppression changes what their invoices may get. */
export async function customersWithEmails(db: Db, orgId: string, emails: string[]): Promise<string[]> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))]
  const found = new Set<string>()
  // D1: at most 100 bound parameters per statement.
  for (let i = 0; i < wanted.length; i += 90) {
    const part = wanted.slice(i, i + 90)
    const rows = await db.all<{ customer_id: string }>(
      sql`select distinct customer_id from contacts where org_id = ${orgId} and lower(email) in (${sql.join(
        part.map((e) => sql`${e}`),
        sql`, `,
      )})`,
    )
    for (const r of rows) found.add(r.customer_id)
  }
  return [...found]
}
