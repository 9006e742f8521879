// Form idempotency: each rendered form carries a token; the first submit stores its result, a repeat returns it.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { idempotencyKeys } from "../db/schema"

/** The stored result of an earlier submit of the same form, if any. */
export async function priorResult(db: Db, orgId: string, key: string): Promise<string | null> {
  const [row] = await db
    .select({ result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, key)))
    .limit(1)
  return row ? (row.result ?? "") : null
}

/**
 * The insert that claims the key, to put in the same batch as the write: if two submits race, the second
 * batch fails on the primary key and writes nothing; the caller then answers with priorResult.
 */
export function claimKey(db: Db, orgId: string, key: string, result: string, now: Date) {
  return db.insert(idempotencyKeys).values({ orgId, key, result, createdAt: nowIso(now) })
}

export function isUniqueViolation(err: unknown): boolean {
  const text =
    String((err as { message?: string })?.message ?? err) + String((err as { cause?: { message?: string } })?.cause?.message ?? "")
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(text)
}

/** Runs `write` unless the key was used; on a race lost to a concurrent submit, returns the winner's result. */
export async function once(db: Db, orgId: string, key: string, write: () => Promise<string>): Promise<string> {
  const prior = await priorResult(db, orgId, key)
  if (prior !== null) return prior
  try {
    return await write()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const winner = await priorResult(db, orgId, key)
    if (winner === null) throw err
    return winner
  }
}
