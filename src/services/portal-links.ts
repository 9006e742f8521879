// Payer links: HS256 JWTs (jose) backed by a portal_links row for revocation and last use; key ids allow rotation.
import { and, eq } from "drizzle-orm"
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { customers, portalLinks } from "../db/schema"
import { AppError, notFound } from "../domain/errors"
import { auditInsert, type Actor } from "./audit"

export const PORTAL_AUDIENCE = "portal"
export const MAX_LINK_DAYS = 90
export const DEFAULT_LINK_DAYS = 30

type SigningEnv = Pick<
  Env,
  "APP_URL" | "PORTAL_SIGNING_KEY" | "PORTAL_SIGNING_KEY_ID" | "PORTAL_SIGNING_KEY_PREVIOUS" | "PORTAL_SIGNING_KEY_PREVIOUS_ID"
>

export type PortalClaims = { linkId: string; orgId: string; customerId: string; expiresAt: Date }

/** Why a token was refused: `invalid` covers forged, altered, alg none and wrong audience alike (401); `expired` is 410. */
export type TokenRefusal = "invalid" | "expired"

const encoder = new TextEncoder()

function currentKey(env: SigningEnv): { kid: string; secret: Uint8Array } {
  if (!env.PORTAL_SIGNING_KEY || env.PORTAL_SIGNING_KEY.length < 32) {
    throw new Error("PORTAL_SIGNING_KEY is not set or shorter than 32 characters (see .dev.vars.example)")
  }
  return { kid: env.PORTAL_SIGNING_KEY_ID || "k1", secret: encoder.encode(env.PORTAL_SIGNING_KEY) }
}

/** The secret for a key id: the current key, or the previous one while a rotation is in progress. */
function keyForKid(env: SigningEnv, kid: string | undefined): Uint8Array | null {
  const current = currentKey(env)
  if (kid === current.kid) return current.secret
  if (kid && env.PORTAL_SIGNING_KEY_PREVIOUS && kid === env.PORTAL_SIGNING_KEY_PREVIOUS_ID)
    return encoder.encode(env.PORTAL_SIGNING_KEY_PREVIOUS)
  return null
}

export function issuer(env: Pick<Env, "APP_URL">): string {
  return new URL(env.APP_URL).origin
}

/** Signs a link token: iss APP_URL, aud portal, sub customer, org claim, jti = portal_links.id, exp; header kid. */
export async function signPortalToken(env: SigningEnv, claims: PortalClaims, now: Date = new Date()): Promise<string> {
  const key = currentKey(env)
  return new SignJWT({ org: claims.orgId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: key.kid })
    .setIssuer(issuer(env))
    .setAudience(PORTAL_AUDIENCE)
    .setSubject(claims.customerId)
    .setJti(claims.linkId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(key.secret)
}

/** Verifies signature (HS256 only), issuer, audience and expiry. Never throws for a bad token. */
export async function verifyPortalToken(
  env: SigningEnv,
  token: string,
  now: Date = new Date(),
): Promise<{ ok: true; claims: PortalClaims } | { ok: false; reason: TokenRefusal }> {
  if (token.length > 2048 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) return { ok: false, reason: "invalid" }
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const secret = header.alg === "HS256" ? keyForKid(env, header.kid) : null
        if (!secret) throw new joseErrors.JWSSignatureVerificationFailed()
        return secret
      },
      {
        issuer: issuer(env),
        audience: PORTAL_AUDIENCE,
        algorithms: ["HS256"],
        currentDate: now,
        requiredClaims: ["sub", "jti", "exp", "org"],
      },
    )
    const claims = toClaims(payload)
    return claims ? { ok: true, claims } : { ok: false, reason: "invalid" }
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: "expired" }
    return { ok: false, reason: "invalid" }
  }
}

function toClaims(p: JWTPayload): PortalClaims | null {
  if (typeof p.sub !== "string" || typeof p.jti !== "string" || typeof p.org !== "string" || typeof p.exp !== "number") return null
  return { linkId: p.jti, orgId: p.org, customerId: p.sub, expiresAt: new Date(p.exp * 1000) }
}

/**
 * A new payer link for one customer: the row insert to put in the caller's batch, and its URL.
 * The caller has checked that the customer belongs to the organisation (see createPortalLink).
 */
export async function portalLinkFor(
  env: SigningEnv,
  db: Db,
  input: { orgId: string; customerId: string; createdBy: string | null; expiresInDays?: number },
  now: Date = new Date(),
) {
  const days = Math.min(Math.max(Math.trunc(input.expiresInDays ?? DEFAULT_LINK_DAYS), 1), MAX_LINK_DAYS)
  const id = newId("pl")
  const expiresAt = new Date(now.getTime() + days * 86_400_000)
  const token = await signPortalToken(env, { linkId: id, orgId: input.orgId, customerId: input.customerId, expiresAt }, now)
  const statement = db.insert(portalLinks).values({
    id,
    orgId: input.orgId,
    customerId: input.customerId,
    createdBy: input.createdBy,
    expiresAt: nowIso(expiresAt),
    createdAt: nowIso(now),
  })
  return { statement, id, url: `${issuer(env)}/p/${token}`, expiresAt: nowIso(expiresAt) }
}

/** The `{statement_link}` for a link: the same token, landing on the statement page after the exchange. */
export function statementUrl(url: string): string {
  return `${url}?to=statement`
}

/** Creates a link for a customer of the organisation (404 for another organisation's customer), audited. */
export async function createPortalLink(
  env: Env,
  db: Db,
  orgId: string,
  actor: Actor,
  customerId: string,
  expiresInDays: number | undefined,
  now = new Date(),
) {
  const [customer] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId)))
    .limit(1)
  if (!customer) throw notFound("Customer")
  const link = await portalLinkFor(env, db, { orgId, customerId, createdBy: actor.id, expiresInDays }, now)
  await db.batch([
    link.statement,
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "portal_link.created",
        subjectType: "portal_link",
        subjectId: link.id,
        after: { customer_id: customerId, expires_at: link.expiresAt },
      },
      now,
    ),
  ])
  return link
}

/** Revokes a link of the organisation: from then on it answers 410. Revoking twice changes nothing. */
export async function revokePortalLink(db: Db, orgId: string, actor: Actor, linkId: string, now = new Date()) {
  const [link] = await db
    .select()
    .from(portalLinks)
    .where(and(eq(portalLinks.orgId, orgId), eq(portalLinks.id, linkId)))
    .limit(1)
  if (!link) throw notFound("Portal link")
  if (link.revokedAt) return { id: link.id, revokedAt: link.revokedAt }
  const at = nowIso(now)
  await db.batch([
    db
      .update(portalLinks)
      .set({ revokedAt: at })
      .where(and(eq(portalLinks.orgId, orgId), eq(portalLinks.id, linkId))),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "portal_link.revoked",
        subjectType: "portal_link",
        subjectId: link.id,
        before: { revoked_at: null },
        after: { revoked_at: at },
      },
      now,
    ),
  ])
  return { id: link.id, revokedAt: at }
}

export function assertLinkDays(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_LINK_DAYS) {
    throw new AppError(400, "validation_failed", `expires_in_days must be a whole number from 1 to ${MAX_LINK_DAYS}`, [
      { field: "expires_in_days", message: `1 to ${MAX_LINK_DAYS}` },
    ])
  }
  return value
}
