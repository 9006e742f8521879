// API keys: `plx_live_<random>` shown once, stored as SHA-256 with a short prefix for recognition; each has a role.
import { and, eq, isNull } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { findApiKey, runBatch } from "../db/people"
import { apiKeys } from "../db/schema"
import type { Role } from "../domain/roles"
import { type Actor, auditInsert } from "./audit"
import { randomToken, sha256Hex } from "./crypto"

export const API_KEY_PREFIX = "plx_live_"
/** Characters of the secret kept in clear so people can tell keys apart: `plx_live_` + 6 random characters. */
export const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 6

/** Creates a key and returns its secret, which is never stored and cannot be shown again. */
export async function createApiKey(db: Db, actor: Actor, input: { orgId: string; name: string; role: Role; now: Date }) {
  const secret = API_KEY_PREFIX + randomToken(24)
  const id = newId("key")
  const prefix = secret.slice(0, VISIBLE_PREFIX_LENGTH)
  await runBatch(db, [
    db.insert(apiKeys).values({
      id,
      orgId: input.orgId,
      name: input.name,
      prefix,
      keyHash: await sha256Hex(secret),
      role: input.role,
      createdBy: actor.type === "user" ? actor.id : null,
      createdAt: nowIso(input.now),
    }),
    auditInsert(
      db,
      input.orgId,
      actor,
      { action: "api_key.created", subjectType: "api_key", subjectId: id, after: { name: input.name, role: input.role, prefix } },
      input.now,
    ),
  ])
  return { id, secret, prefix }
}

/** Revokes a key at once (Bearer requests with it answer 401). False when absent, another organisation's or already revoked. */
export async function revokeApiKey(db: Db, actor: Actor, orgId: string, id: string, now: Date): Promise<boolean> {
  const key = await findApiKey(db, orgId, id)
  if (!key || key.revokedAt) return false
  await runBatch(db, [
    db
      .update(apiKeys)
      .set({ revokedAt: nowIso(now) })
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt))),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "api_key.revoked", subjectType: "api_key", subjectId: id, before: { name: key.name, role: key.role, prefix: key.prefix } },
      now,
    ),
  ])
  return true
}
