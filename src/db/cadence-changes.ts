// The watermark reconcile: which facts the cadence reads changed in D1 since a moment, as two statements of one batch.
import { sql, type SQL } from "drizzle-orm"
import type { Db } from "./client"

export type FactChange = { scope: "invoice" | "customer" | "all"; id: string }

/** More changes than this and the TenantDO re-derives the whole portfolio instead. */
export const changeLimit = 2000

function over(db: Db, union: SQL) {
  // A select builder over the union (not db.all) so that it can ride in the tick's claim batch.
  return db
    .select({ scope: sql<FactChange["scope"]>`scope`, id: sql<string>`id` })
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
      sql`select 'invoice' as scope, id from invoices where org_id = ${orgId} and updated_at > ${since}
        union all select 'invoice', invoice_id from promises where org_id = ${orgId} and (created_at > ${since} or resolved_at > ${since})
        union all select 'invoice', invoice_id from disputes where org_id = ${orgId} and updated_at > ${since}
        union all select 'invoice', invoice_id from payment_plans where org_id = ${orgId} and (created_at > ${since} or decided_at > ${since})`,
    ),
    over(
      db,
      sql`select 'customer' as scope, customer_id as id from contacts where org_id = ${orgId} and created_at > ${since}
        union all select 'all', id from segments where org_id = ${orgId} and updated_at > ${since}
        union all select 'all', id from cadence_versions where org_id = ${orgId} and published_at > ${since}
        union all select 'all', id from suppressions where org_id = ${orgId} and created_at > ${since}`,
    ),
  ] as const
}
