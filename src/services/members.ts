// Users & Roles: invitations (hashed link, 7 days), accepting them, role changes and removals, audited in one batch.
import { and, eq, gt, isNull, sql } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import {
  type Stmt,
  controllerCount,
  findInvitation,
  findInvitationByTokenHash,
  findMember,
  findMemberByEmail,
  findUserByEmail,
  pendingInvitations,
  runBatch,
} from "../db/people"
import { invitations, memberships, sessions, users } from "../db/schema"
import { planUsage } from "../db/billing"
import { normaliseEmail } from "../domain/email-domains"
import { limitRefusal, withinLimit } from "../domain/plan-tiers"
import { type Role, roleLabels } from "../domain/roles"
import { emailTransport } from "./email"
import { type Actor, auditInsert } from "./audit"
import { invitationEmail } from "./auth-emails"
import { randomToken, sha256Hex } from "./crypto"
import { openSession } from "./sessions"

export const INVITATION_DAYS = 7

export const LAST_CONTROLLER_MESSAGE = "An organisation needs at least one Controller. Make someone else Controller first."

/**
 * A batch statement that fails (and so rolls the whole batch back) when the organisation would be left without a
 * Controller. The friendly check runs before the batch; this one closes the race between two Controllers
 * demoting each other at the same moment. json('...') on non-JSON text raises an error inside SQLite.
 */
export function lastControllerGuard(db: Db, orgId: string): Stmt {
  return db
    .select({ guard: sql`case when count(*) = 0 then json('last controller') end` })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "controller")))
}

const isLastControllerError = (err: unknown) => String((err as Error)?.message ?? err).includes("malformed JSON")

export type InviteResult = { ok: true; invitationId: string } | { ok: false; field: "email" | "role"; message: string }

/** Invites an address with a role. A pending invitation to the same address is replaced by the new one. */
export async function inviteMember(
  env: Env,
  db: Db,
  actor: Actor,
  input: { orgId: string; orgName: string; inviterName: string; email: string; role: Role; now: Date; plan?: string },
): Promise<InviteResult> {
  const email = normaliseEmail(input.email)
  if (await findMemberByEmail(db, input.orgId, email))
    return { ok: false, field: "email", message: `${email} is already a member. Change their role in the table instead.` }
  if (input.plan !== undefined) {
    // A new invitation to an address already invited replaces it, so it takes no extra seat.
    const { users: seats } = await planUsage(db, input.orgId, nowIso(input.now))
    const replacing = (await pendingInvitations(db, input.orgId, nowIso(input.now))).some((i) => i.email === email)
    if (!replacing && !withinLimit(input.plan, "users", seats))
      return { ok: false, field: "email", message: limitRefusal(input.plan, "users", seats) }
  }
  const token = randomToken(32)
  const id = newId("inv")
  const now = nowIso(input.now)
  const expiresAt = nowIso(new Date(input.now.getTime() + INVITATION_DAYS * 86_400_000))
  await runBatch(db, [
    db
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.orgId, input.orgId),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      ),
    db.insert(invitations).values({
      id,
      orgId: input.orgId,
      email,
      role: input.role,
      tokenHash: await sha256Hex(token),
      invitedBy: actor.id,
      expiresAt,
      createdAt: now,
    }),
    auditInsert(
      db,
      input.orgId,
      actor,
      { action: "invitation.created", subjectType: "invitation", subjectId: id, after: { email, role: input.role, expires_at: expiresAt } },
      input.now,
    ),
  ])
  const url = `${env.APP_URL.replace(/\/$/, "")}/invitations/${encodeURIComponent(token)}`
  await emailTransport(env, db).send({
    to: email,
    orgId: input.orgId,
    ...invitationEmail(url, input.orgName, input.inviterName, roleLabels[input.role]),
  })
  return { ok: true, invitationId: id }
}

/** Revokes a pending invitation; false when it is not this organisation's or no longer pending. */
export async function revokeInvitation(db: Db, actor: Actor, orgId: string, invitationId: string, now: Date): Promise<boolean> {
  const inv = await findInvitation(db, orgId, invitationId)
  if (!inv || inv.acceptedAt || inv.revokedAt) return false
  await runBatch(db, [
    db
      .update(invitations)
      .set({ revokedAt: nowIso(now) })
      .where(
        and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId), isNull(invitations.revokedAt), isNull(invitations.acceptedAt)),
      ),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "invitation.revoked", subjectType: "invitation", subjectId: invitationId, before: { email: inv.email, role: inv.role } },
      now,
    ),
  ])
  return true
}

export type InvitationView =
  | { state: "invalid" | "expired" | "revoked" | "accepted" }
  | { state: "pending"; email: string; role: string; orgName: string; invitedByName: string | null; expiresAt: string }

/** What an invitation link offers, without using it. */
export async function viewInvitation(db: Db, token: string, now: Date): Promise<InvitationView> {
  const found = token ? await findInvitationByTokenHash(db, await sha256Hex(token)) : null
  if (!found) return { state: "invalid" }
  const inv = found.invitation
  if (inv.revokedAt) return { state: "revoked" }
  if (inv.acceptedAt) return { state: "accepted" }
  if (inv.expiresAt <= nowIso(now)) return { state: "expired" }
  return {
    state: "pending",
    email: inv.email,
    role: inv.role,
    orgName: found.orgName,
    invitedByName: found.invitedByName,
    expiresAt: inv.expiresAt,
  }
}

export type AcceptResult =
  | { ok: false; reason: "invalid" | "expired" | "revoked" | "accepted" }
  | { ok: true; cookie: string; expiresAt: Date; orgId: string }

/** Accepts an invitation once (conditional UPDATE), then user (if new) + membership + session + audit in one batch. */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name: string | null; userAgent: string | null; now: Date },
): Promise<AcceptResult> {
  const tokenHash = await sha256Hex(token)
  const now = nowIso(input.now)
  const [inv] = await db
    .update(invitations)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning()
  if (!inv) {
    const view = await viewInvitation(db, token, input.now)
    return { ok: false, reason: view.state === "pending" ? "invalid" : view.state }
  }
  const existing = await findUserByEmail(db, inv.email)
  const userId = existing?.id ?? newId("usr")
  const name = existing?.name ?? (input.name?.trim() || null)
  const actor: Actor = { type: "user", id: userId, label: name ?? inv.email, role: inv.role }
  const session = await openSession(db, { orgId: inv.orgId, userId, userAgent: input.userAgent, now: input.now })
  await runBatch(db, [
    ...(existing ? [] : [db.insert(users).values({ id: userId, email: inv.email, name, createdAt: now })]),
    db.insert(memberships).values({ orgId: inv.orgId, userId, role: inv.role, createdAt: now }).onConflictDoNothing(),
    ...session.statements,
    auditInsert(
      db,
      inv.orgId,
      actor,
      {
        action: "invitation.accepted",
        subjectType: "invitation",
        subjectId: inv.id,
        after: { user_id: userId, email: inv.email, role: inv.role },
      },
      input.now,
    ),
  ])
  return { ok: true, cookie: session.cookie, expiresAt: session.expiresAt, orgId: inv.orgId }
}

export type MemberChange = { ok: true } | { ok: false; reason: "not_found" } | { ok: false; reason: "last_controller"; message: string }

/** Changes a member's role; the last Controller cannot be demoted. */
export async function changeRole(db: Db, actor: Actor, orgId: string, userId: string, role: Role, now: Date): Promise<MemberChange> {
  const member = await findMember(db, orgId, userId)
  if (!member) return { ok: false, reason: "not_found" }
  if (member.role === role) return { ok: true }
  if (member.role === "controller" && (await controllerCount(db, orgId)) <= 1)
    return { ok: false, reason: "last_controller", message: LAST_CONTROLLER_MESSAGE }
  try {
    await runBatch(db, [
      db
        .update(memberships)
        .set({ role })
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))),
      lastControllerGuard(db, orgId),
      auditInsert(
        db,
        orgId,
        actor,
        { action: "member.role_changed", subjectType: "user", subjectId: userId, before: { role: member.role }, after: { role } },
        now,
      ),
    ])
  } catch (err) {
    if (isLastControllerError(err)) return { ok: false, reason: "last_controller", message: LAST_CONTROLLER_MESSAGE }
    throw err
  }
  return { ok: true }
}

/** Removes a member from the organisation and ends their sessions in it; the last Controller cannot be removed. */
export async function removeMember(db: Db, actor: Actor, orgId: string, userId: string, now: Date): Promise<MemberChange> {
  const member = await findMember(db, orgId, userId)
  if (!member) return { ok: false, reason: "not_found" }
  if (member.role === "controller" && (await controllerCount(db, orgId)) <= 1)
    return { ok: false, reason: "last_controller", message: LAST_CONTROLLER_MESSAGE }
  try {
    await runBatch(db, [
      db.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))),
      lastControllerGuard(db, orgId),
      db
        .update(sessions)
        .set({ revokedAt: nowIso(now) })
        .where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId), isNull(sessions.revokedAt))),
      auditInsert(
        db,
        orgId,
        actor,
        { action: "member.removed", subjectType: "user", subjectId: userId, before: { email: member.email, role: member.role } },
        now,
      ),
    ])
  } catch (err) {
    if (isLastControllerError(err)) return { ok: false, reason: "last_controller", message: LAST_CONTROLLER_MESSAGE }
    throw err
  }
  return { ok: true }
}
