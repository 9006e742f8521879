// Server-side sessions: the browser holds a random cookie, D1 holds only its SHA-256, revocation is immediate.
import { and, eq, isNull, ne } from "drizzle-orm"
import type { Db } from "../db/client"
import { nowIso } from "../db/ids"
import { type Stmt, findLiveSessionOfUser, runBatch } from "../db/people"
import { sessions, users } from "../db/schema"
import { type Actor, auditInsert } from "./audit"
import { randomToken, sha256Hex } from "./crypto"

export const SESSION_COOKIE = "plx_session"
export const SESSION_DAYS = 30

/** Cookie attributes: HttpOnly, SameSite=Lax, Path=/, Secure when the app is served over https. */
export function sessionCookieOptions(appUrl: string | undefined, expiresAt?: Date) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: (appUrl ?? "").startsWith("https://"),
    ...(expiresAt ? { expires: expiresAt } : {}),
  }
}

export type NewSession = { cookie: string; sessionId: string; expiresAt: Date; statements: Stmt[] }

/**
 * The statements that open a session for a member (to run in the caller's batch with its audit entry):
 * the session row and the user's last sign-in time. The cookie value is returned, never stored.
 */
export async function openSession(
  db: Db,
  input: { orgId: string; userId: string; userAgent: string | null; now: Date },
): Promise<NewSession> {
  const cookie = randomToken(32)
  const sessionId = await sha256Hex(cookie)
  const expiresAt = new Date(input.now.getTime() + SESSION_DAYS * 86_400_000)
  const statements: Stmt[] = [
    db.insert(sessions).values({
      id: sessionId,
      orgId: input.orgId,
      userId: input.userId,
      createdAt: nowIso(input.now),
      expiresAt: nowIso(expiresAt),
      lastSeenAt: nowIso(input.now),
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      csrfSecret: randomToken(24),
    }),
    db
      .update(users)
      .set({ lastSignInAt: nowIso(input.now) })
      .where(eq(users.id, input.userId)),
  ]
  return { cookie, sessionId, expiresAt, statements }
}

/** Signs a member in: session + audit `user.signed_in` in one batch. */
export async function signInMember(
  db: Db,
  input: { orgId: string; userId: string; email: string; userAgent: string | null; method: string; now: Date },
) {
  const session = await openSession(db, input)
  const actor: Actor = { type: "user", id: input.userId, label: input.email }
  await runBatch(db, [
    ...session.statements,
    auditInsert(
      db,
      input.orgId,
      actor,
      { action: "user.signed_in", subjectType: "user", subjectId: input.userId, after: { method: input.method } },
      input.now,
    ),
  ])
  return session
}

/** Revokes one of the person's own live sessions (sign-out or "revoke" on the sessions page). Null if absent. */
export async function revokeOwnSession(
  db: Db,
  actor: Actor,
  userId: string,
  sessionId: string,
  action: "session.revoked" | "user.signed_out",
  now: Date,
) {
  const found = await findLiveSessionOfUser(db, userId, sessionId, nowIso(now))
  if (!found) return null
  await runBatch(db, [
    db
      .update(sessions)
      .set({ revokedAt: nowIso(now) })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt))),
    auditInsert(db, found.orgId, actor, { action, subjectType: "session", subjectId: sessionId.slice(0, 12) }, now),
  ])
  return found
}

/** "Sign out everywhere else": every live session of the person except the current one. Returns how many. */
export async function revokeOtherSessions(
  db: Db,
  actor: Actor,
  orgId: string,
  userId: string,
  currentSessionId: string,
  now: Date,
): Promise<number> {
  const [result] = await runBatch(db, [
    db
      .update(sessions)
      .set({ revokedAt: nowIso(now) })
      .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId), isNull(sessions.revokedAt))),
    auditInsert(db, orgId, actor, { action: "session.revoked_others", subjectType: "user", subjectId: userId }, now),
  ])
  return (result as { meta?: { changes?: number } })?.meta?.changes ?? 0
}
