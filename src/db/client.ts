// The drizzle client, built per request from the D1 binding (never cached across requests).
import { drizzle } from "drizzle-orm/d1"
import * as schema from "./schema"

export function createDb(d1: D1Database | D1DatabaseSession) {
  return drizzle(d1 as D1Database, { schema, casing: "snake_case" })
}
export type Db = ReturnType<typeof createDb>

/** D1: at most 100 bound parameters per statement. Rows per multi-row insert for a table of `columns`. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(100 / columns))
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** One page of a keyset-paginated list and the cursor to the next. */
export type Page = { limit: number; cursor?: string | null }
