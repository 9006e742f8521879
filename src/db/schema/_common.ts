// Column helpers shared by every table: text ids, UTC ISO timestamps, booleans as 0/1.
import { integer, text } from "drizzle-orm/sqlite-core"

export const id = () => text().primaryKey()
export const orgId = () => text().notNull()
/** UTC instant as ISO 8601 text (`2026-11-21T22:29:19.000Z`); sorts like time. */
export const at = () => text()
/** Calendar date `YYYY-MM-DD`. */
export const day = () => text()
export const flag = () => integer({ mode: "boolean" }).notNull().default(false)
export const json = <T>() => text({ mode: "json" }).$type<T>()
export const createdAt = () => text().notNull()
