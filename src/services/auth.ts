// Magic-link sign-in and sign-up: single-use hashed tokens (15 minutes), mailed through the email transport.
import { and, eq, gt, isNull } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { findSignInToken, findUserByEmail, organisationsOfUser, runBatch } from "../db/people"
import { memberships, organisations, signInTokens, users } from "../db/schema"
import { normaliseEmail } from "../domain/email-domains"
import { TRIAL_TIER, trialEndsAtFor } from "../domain/plan-tiers"
import { emailTransport } from "./email"
import { type Actor, auditInsert } from "./audit"
import { signInEmail, signUpEmail } from "./auth-emails"
import { newPartnerCode, referralCreditStatements } from "./referrals"
import { randomToken, sha256Hex } from "./crypto"
import { openSession, signInMember } from "./sessions"

export const SIGN_IN_TOKEN_MINUTES = 15

// Tabs, newlines and other controls are stripped by browsers and backslashes read as slashes, so `/\t/evil.example`
// or `/\\evil.example` would become `//evil.example`: refuse them, raw or percent-encoded.
const unsafeChars = /[\u0000-\u001f\u007f\\]/

/**
 * The path to go to after sign-in, or null: only a path that starts with a single `/` and, parsed with
 * `new URL(next, appUrl)`, keeps the app's origin. Returns the parsed path (never the raw text).
 */
export function safeNext(next: string | null | undefined, appUrl: string): string | null {
  if (typeof next !== "string" || next.length === 0 || next.length > 500) return null
  if (!next.startsWith("/") || next.startsWith("//") || unsafeChars.test(next)) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(next)
  } catch {
    return null
  }
  if (decoded.startsWith("//") || unsafeChars.test(decoded)) return null
  const base = new URL(appUrl)
  const url = new URL(next, base)
  const path = url.pathname + url.search + url.hash
  if (url.origin !== base.origin || !path.startsWith("/") || path.startsWith("//")) return null
  return path
}

async function issueToken(db: Db, input: { email: string; purpose: "sign_in" | "sign_up"; payload: Record<string, string>; now: Date }) {
  const token = randomToken(32)
  await db
    .insert(signInTokens)
    .values({
      tokenHash: await sha256Hex(token),
      email: input.email,
      purpose: input.purpose,
      payload: input.payload,
      createdAt: nowIso(input.now),
      expiresAt: nowIso(new Date(input.now.getTime() + SIGN_IN_TOKEN_MINUTES * 60_000)),
    })
    .run()
  return token
}

const verifyUrl = (env: Env, token: string) => `${env.APP_URL.replace(/\/$/, "")}/sign-in/verify?token=${encodeURIComponent(token)}`

/**
 * Mails a sign-in link when the address belongs to a member of some organisation. The caller answers the same
 * way either way, so the form cannot be used to find out who has an account.
 */
export async function requestSignIn(env: Env, db: Db, input: { email: string; next: string | null; now: Date }): Promise<void> {
  const email = normaliseEmail(input.email)
  const user = await findUserByEmail(db, email)
  if (!user) return
  const orgs = await organisationsOfUser(db, user.id)
  if (orgs.length === 0) return
  const next = safeNext(input.next, env.APP_URL)
  const token = await issueToken(db, { email, purpose: "sign_in", payload: next ? { next } : {}, now: input.now })
  await emailTransport(env, db).send({ to: email, ...signInEmail(verifyUrl(env, token)) })
}

export type SignUpInput = { orgName: string; name: string; email: string; referralCode: string | null }

/** Mails the confirmation link of a sign-up; the organisation is created only when the link is used. */
export async function requestSignUp(env: Env, db: Db, input: SignUpInput & { now: Date }): Promise<void> {
  const email = normaliseEmail(input.email)
  const payload: Record<string, string> = { orgName: input.orgName, name: input.name }
  if (input.referralCode) payload.referralCode = input.referralCode
  const token = await issueToken(db, { email, purpose: "sign_up", payload, now: input.now })
  await emailTransport(env, db).send({ to: email, ...signUpEmail(verifyUrl(env, token), input.orgName, input.name) })
}

export type LinkCheck =
  | { state: "invalid" | "used" | "expired" }
  | { state: "sign_in"; email: string; orgs: { orgId: string; orgName: string; role: string }[] }
  | { state: "sign_up"; email: string; orgName: string }

/** What a link would do, without using it (the GET page shows a "Continue" button so mail scanners cannot burn it). */
export async function checkLink(db: Db, token: string, now: Date): Promise<LinkCheck> {
  const row = token ? await findSignInToken(db, await sha256Hex(token)) : null
  if (!row) return { state: "invalid" }
  if (row.usedAt) return { state: "used" }
  if (row.expiresAt <= nowIso(now)) return { state: "expired" }
  if (row.purpose === "sign_up") return { state: "sign_up", email: row.email, orgName: row.payload?.orgName ?? "" }
  const user = await findUserByEmail(db, row.email)
  const orgs = user ? await organisationsOfUser(db, user.id) : []
  return { state: "sign_in", email: row.email, orgs }
}

export type LinkResult =
  | { ok: false; reason: "invalid" | "used" | "expired" | "no_membership" }
  | { ok: true; cookie: string; expiresAt: Date; redirectTo: string }

/**
 * Uses a link once: `used_at` is set by a single conditional UPDATE (unused and unexpired), so two clicks racing
 * each other cannot both succeed. Then opens the session (sign-in) or creates the organisation (sign-up).
 */
export async function useLink(
  db: Db,
  token: string,
  input: { orgId: string | null; userAgent: string | null; appUrl: string; now: Date },
): Promise<LinkResult> {
  const tokenHash = await sha256Hex(token)
  const now = nowIso(input.now)
  const [claimed] = await db
    .update(signInTokens)
    .set({ usedAt: now })
    .where(and(eq(signInTokens.tokenHash, tokenHash), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)))
    .returning()
  if (!claimed) {
    const row = await findSignInToken(db, tokenHash)
    return { ok: false, reason: !row ? "invalid" : row.usedAt ? "used" : "expired" }
  }
  if (claimed.purpose === "sign_up") return completeSignUp(db, claimed.email, claimed.payload ?? {}, input)
  if (claimed.purpose !== "sign_in") return { ok: false, reason: "invalid" }

  const user = await findUserByEmail(db, claimed.email)
  const orgs = user ? await organisationsOfUser(db, user.id) : []
  if (!user || orgs.length === 0) return { ok: false, reason: "no_membership" }
  const org = orgs.find((o) => o.orgId === input.orgId) ?? orgs[0]!
  const session = await signInMember(db, {
    orgId: org.orgId,
    userId: user.id,
    email: user.email,
    userAgent: input.userAgent,
    method: "email_link",
    now: input.now,
  })
  return {
    ok: true,
    cookie: session.cookie,
    expiresAt: session.expiresAt,
    redirectTo: safeNext(claimed.payload?.next, input.appUrl) ?? "/admin/overview",
  }
}

/** Organisation + user (unless the address already has one) + Controller membership + session + audit: one batch. */
async function completeSignUp(
  db: Db,
  email: string,
  payload: Record<string, string>,
  input: { userAgent: string | null; now: Date },
): Promise<LinkResult> {
  const orgName = payload.orgName?.trim()
  const name = payload.name?.trim() || null
  if (!orgName) return { ok: false, reason: "invalid" }
  const existing = await findUserByEmail(db, email)
  const userId = existing?.id ?? newId("usr")
  const orgId = newId("org")
  const now = nowIso(input.now)
  const actor: Actor = { type: "user", id: userId, label: name ?? email, role: "controller" }
  const session = await openSession(db, { orgId, userId, userAgent: input.userAgent, now: input.now })
  // The 14-day Growth trial starts with the organisation; a partner whose code was given is credited in the same batch.
  const referralCode = payload.referralCode?.trim().toUpperCase() || null
  const trialEndsAt = trialEndsAtFor(input.now)
  const credit = await referralCreditStatements(db, { id: orgId, name: orgName, referralCode }, actor, input.now)
  await runBatch(db, [
    db
      .insert(organisations)
      .values({ id: orgId, name: orgName, referralCode, trialEndsAt, partnerCode: newPartnerCode(orgName), createdAt: now }),
    ...(existing ? [] : [db.insert(users).values({ id: userId, email, name, createdAt: now })]),
    db.insert(memberships).values({ orgId, userId, role: "controller", createdAt: now }),
    ...session.statements,
    auditInsert(
      db,
      orgId,
      actor,
      { action: "org.created", subjectType: "organisation", subjectId: orgId, after: { name: orgName, referral_code: referralCode } },
      input.now,
    ),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "user.signed_up", subjectType: "user", subjectId: userId, after: { email, role: "controller" } },
      input.now,
    ),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "billing.trial_started",
        subjectType: "organisation",
        subjectId: orgId,
        after: { tier: TRIAL_TIER, trial_ends_at: trialEndsAt },
      },
      input.now,
    ),
    ...credit,
  ])
  return { ok: true, cookie: session.cookie, expiresAt: session.expiresAt, redirectTo: "/admin/overview" }
}

/** Development one-click sign-in as a seeded demo user (the route exists only when APP_ENV=development). */
export async function signInDemoUser(db: Db, input: { email: string; orgId: string; userAgent: string | null; now: Date }) {
  const user = await findUserByEmail(db, input.email)
  if (!user) return null
  const orgs = await organisationsOfUser(db, user.id)
  const org = orgs.find((o) => o.orgId === input.orgId)
  if (!org) return null
  return signInMember(db, {
    orgId: org.orgId,
    userId: user.id,
    email: user.email,
    userAgent: input.userAgent,
    method: "dev",
    now: input.now,
  })
}

/** The Controller `npm run dev -- --fresh` seeds for every fresh organisation (src/cli/seed/60-billing.mjs). */
export const freshControllerEmail = "controller@fresh-start.example"

/** The newest fresh organisation of the dev Controller, or null (development sign-in only). */
export async function newestFreshOrg(db: Db): Promise<string | null> {
  const user = await findUserByEmail(db, freshControllerEmail)
  if (!user) return null
  const orgs = await organisationsOfUser(db, user.id)
  return (
    orgs
      .map((o) => o.orgId)
      .sort()
      .pop() ?? null
  )
}
