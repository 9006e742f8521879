// Queries about people and access: users, memberships, invitations, sessions, sign-in tokens, API keys, dev mail.
import { and, asc, count, desc, eq, gt, isNull, sql } from "drizzle-orm"
import type { BatchItem } from "drizzle-orm/batch"
import type { Db } from "./client"
import { apiKeys, devMail, invitations, memberships, organisations, sessions, signInTokens, users } from "./schema"

/** One statement of a `db.batch([...])`. */
export type Stmt = BatchItem<"sqlite">

/** Runs statements as one D1 batch (one round trip, one transaction: all or nothing). */
export async function runBatch(db: Db, statements: Stmt[]) {
  if (statements.length === 0) return []
  return db.batch(statements as [Stmt, ...Stmt[]])
}

export async function findUserByEmail(db: Db, email: string) {
  const rows = await db.select().from(users).where(eq(users.email, email)).limit(1)
  return rows[0] ?? null
}

/** The organisations a user belongs to, oldest membership first (the default choice at sign-in). */
export function organisationsOfUser(db: Db, userId: string) {
  return db
    .select({ orgId: organisations.id, orgName: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(organisations.name))
}

export async function findOrganisation(db: Db, orgId: string) {
  const rows = await db.select().from(organisations).where(eq(organisations.id, orgId)).limit(1)
  return rows[0] ?? null
}

/** Members of one organisation with their user record, Controllers first, then by name. */
export function membersOfOrg(db: Db, orgId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(sql`case when ${memberships.role} = 'controller' then 0 else 1 end`, asc(sql`coalesce(${users.name}, ${users.email})`))
}

/** One member of the organisation, or null (also for a user of another organisation). */
export async function findMember(db: Db, orgId: string, userId: string) {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1)
  return rows[0] ?? null
}

export async function findMemberByEmail(db: Db, orgId: string, email: string) {
  const rows = await db
    .select({ userId: users.id, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(users.email, email)))
    .limit(1)
  return rows[0] ?? null
}

export async function controllerCount(db: Db, orgId: string): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "controller")))
  return rows[0]?.n ?? 0
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export function pendingInvitations(db: Db, orgId: string, now: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      invitedByName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt))
}

export async function findInvitation(db: Db, orgId: string, id: string) {
  const rows = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)))
    .limit(1)
  return rows[0] ?? null
}

/** An invitation by the SHA-256 of its link token, with the organisation and the inviter's name. */
export async function findInvitationByTokenHash(db: Db, tokenHash: string) {
  const rows = await db
    .select({
      invitation: invitations,
      orgName: organisations.name,
      invitedByName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1)
  return rows[0] ?? null
}

export async function findSignInToken(db: Db, tokenHash: string) {
  const rows = await db.select().from(signInTokens).where(eq(signInTokens.tokenHash, tokenHash)).limit(1)
  return rows[0] ?? null
}

/** A person's live sessions (all their organisations), most recently used first. */
export function liveSessionsOfUser(db: Db, userId: string, now: string) {
  return db
    .select({
      id: sessions.id,
      orgId: sessions.orgId,
      orgName: organisations.name,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .innerJoin(organisations, eq(organisations.id, sessions.orgId))
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`))
}

export async function findLiveSessionOfUser(db: Db, userId: string, sessionId: string, now: string) {
  const rows = await db
    .select({ id: sessions.id, orgId: sessions.orgId })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1)
  return rows[0] ?? null
}

/** API keys of one organisation (never the hash), live ones first, newest first. */
export function apiKeysOfOrg(db: Db, orgId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(sql`case when ${apiKeys.revokedAt} is null then 0 else 1 end`, desc(apiKeys.createdAt))
}

export async function findApiKey(db: Db, orgId: string, id: string) {
  const rows = await db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, role: apiKeys.role, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id)))
    .limit(1)
  return rows[0] ?? null
}

/** The development mailbox, newest first; optionally only mail to one address. */
export function devMailMessages(db: Db, opts: { to?: string; limit: number }) {
  return db
    .select()
    .from(devMail)
    .where(opts.to ? eq(devMail.to, opts.to) : undefined)
    .orderBy(desc(devMail.seq), desc(devMail.sentAt))
    .limit(opts.limit)
}

export async function findDevMail(db: Db, id: string) {
  const rows = await db.select().from(devMail).where(eq(devMail.id, id)).limit(1)
  return rows[0] ?? null
}
