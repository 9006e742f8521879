// What the cash forecast reads: one currency's invoices (open ones with their promises and plan instalments, the
// rest as payment history), the organisation's base currency and its promise keep counts, in one D1 round trip.
import { and, eq, gt, gte, ne, or, sql } from "drizzle-orm"
import { addDays } from "../domain/dates"
import type { Db } from "./client"
import { invoices, organisations, promises } from "./schema"
import { activeInstalmentsJson, openPromiseJson } from "./worklist"

export type LedgerRow = {
  customerId: string
  issueDate: string
  dueDate: string
  amountMinor: number
  balanceMinor: number
  status: string
  paidAt: string | null
  openPromise: string | null
  instalments: string | null
}

/**
 * The organisation's base currency, and every invoice of `currency` (the base currency when null) issued since `sinceDay` plus every open one whatever its age (void ones left out), and the
 * promises kept and broken that came due in the `keepWindowDays` before `today`.
 */
export async function forecastLedger(
  db: Db,
  orgId: string,
  currency: string | null,
  today: string,
  sinceDay: string,
  keepWindowDays: number,
) {
  const base = sql`(select ${organisations.baseCurrency} from ${organisations} where ${organisations.id} = ${orgId})`
  const [org, rows, counts] = await db.batch([
    db.select({ base: organisations.baseCurrency }).from(organisations).where(eq(organisations.id, orgId)).limit(1),
    db
      .select({
        customerId: invoices.customerId,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        amountMinor: invoices.amountMinor,
        balanceMinor: invoices.balanceMinor,
        status: invoices.status,
        paidAt: invoices.paidAt,
        openPromise: sql<string | null>`case when ${invoices.status} = 'open' then ${openPromiseJson(today)} end`,
        instalments: sql<string | null>`case when ${invoices.status} = 'open' then ${activeInstalmentsJson} end`,
      })
      .from(invoices)
      .where(
        and(
          eq(invoices.orgId, orgId),
          eq(invoices.currency, currency ?? base),
          ne(invoices.status, "void"),
          or(eq(invoices.status, "open"), gte(invoices.issueDate, sinceDay)),
        ),
      ),
    db
      .select({
        kept: sql<number>`coalesce(sum(${promises.status} = 'kept'), 0)`,
        broken: sql<number>`coalesce(sum(${promises.status} = 'broken'), 0)`,
      })
      .from(promises)
      .where(and(eq(promises.orgId, orgId), gt(promises.promisedDate, addDays(today, -keepWindowDays)))),
  ])
  const baseCurrency = org[0]?.base ?? "USD"
  return {
    baseCurrency,
    currency: currency ?? baseCurrency,
    rows: rows as LedgerRow[],
    kept: Number(counts[0]?.kept ?? 0),
    broken: Number(counts[0]?.broken ?? 0),
  }
}
