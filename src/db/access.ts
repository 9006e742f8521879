// Queries behind authentication: sessions and API keys resolved to a member of one organisation.
import { and, eq, gt, isNull } from "drizzle-orm"
import type { Db } from "./client"
import { apiKeys, memberships, organisations, sessions, users } from "./schema"

/** A live session (not revoked, not expired) with its user, membership and organisation. */
export async function findLiveSession(db: Db, sessionId: string, now: string) {
  const rows = await db
    .select({
      session: sessions,
      user: { id: users.id, email: users.email, name: users.name },
      role: memberships.role,
      org: { id: organisations.id, name: organisations.name, planTier: organisations.planTier, trialEndsAt: organisations.trialEndsAt },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.orgId, sessions.orgId), eq(memberships.userId, sessions.userId)))
    .innerJoin(organisations, eq(organisations.id, sessions.orgId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1)
  return rows[0] ?? null
}

/** An unrevoked API key by the SHA-256 of its secret, with its organisation. */
export async function findApiKeyByHash(db: Db, keyHash: string) {
  const rows = await db
    .select({
      key: apiKeys,
      org: { id: organisations.id, name: organisations.name, planTier: organisations.planTier, trialEndsAt: organisations.trialEndsAt },
    })
    .from(apiKeys)
    .innerJoin(organisations, eq(organisations.id, apiKeys.orgId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1)
  return rows[0] ?? null
}
