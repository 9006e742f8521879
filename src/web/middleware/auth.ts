// Authentication and the route-rule check: session cookie for pages, Bearer API keys for /api/v1.
import type { MiddlewareHandler } from "hono"
import { getCookie } from "hono/cookie"
import { matchedRoutes } from "hono/route"
import { eq } from "drizzle-orm"
import { findApiKeyByHash, findLiveSession } from "../../db/access"
import { apiKeys, sessions } from "../../db/schema"
import { effectiveTier } from "../../domain/plan-tiers"
import { can, isRole } from "../../domain/roles"
import { sha256Hex } from "../../services/crypto"
import { SESSION_COOKIE } from "../../services/sessions"
import { AppError, forbidden } from "../errors"
import type { AppEnv, Member } from "../env"
import { ruleKey, ruleOf, type Rule } from "../route-rules"

/** The rule of the endpoint that answers this request: the first matched route that is not middleware (Hono runs them in order). */
export function matchedRule(c: Parameters<MiddlewareHandler<AppEnv>>[0]): { key: string; rule: Rule | undefined } | null {
  const endpoint = matchedRoutes(c).find((r) => r.method !== "ALL")
  if (!endpoint) return null
  const method = c.req.method === "HEAD" ? "GET" : c.req.method
  const key = ruleKey(method, endpoint.path)
  return { key, rule: ruleOf(key) }
}

async function memberFromApiKey(c: Parameters<MiddlewareHandler<AppEnv>>[0], token: string): Promise<Member | null> {
  const db = c.var.db
  const found = await findApiKeyByHash(db, await sha256Hex(token))
  if (!found || !isRole(found.key.role)) return null
  c.executionCtx.waitUntil(
    db
      .update(apiKeys)
      .set({ lastUsedAt: new Date().toISOString() })
      .where(eq(apiKeys.id, found.key.id))
      .run()
      .catch(() => {}),
  )
  return {
    orgId: found.org.id,
    orgName: found.org.name,
    planTier: effectiveTier(found.org.planTier, found.org.trialEndsAt, new Date()),
    role: found.key.role,
    userId: null,
    email: null,
    label: `API key ${found.key.name} (${found.key.prefix}…)`,
    via: "api_key",
    sessionId: null,
    apiKeyId: found.key.id,
    csrfToken: "",
  }
}

async function memberFromSession(c: Parameters<MiddlewareHandler<AppEnv>>[0], cookie: string): Promise<Member | null> {
  const db = c.var.db
  const now = new Date()
  const found = await findLiveSession(db, await sha256Hex(cookie), now.toISOString())
  if (!found || !isRole(found.role)) return null
  const last = found.session.lastSeenAt ? Date.parse(found.session.lastSeenAt) : 0
  if (now.getTime() - last > 5 * 60_000) {
    c.executionCtx.waitUntil(
      db
        .update(sessions)
        .set({ lastSeenAt: now.toISOString() })
        .where(eq(sessions.id, found.session.id))
        .run()
        .catch(() => {}),
    )
  }
  return {
    orgId: found.org.id,
    orgName: found.org.name,
    planTier: effectiveTier(found.org.planTier, found.org.trialEndsAt, new Date()),
    role: found.role,
    userId: found.user.id,
    email: found.user.email,
    label: found.user.name ?? found.user.email,
    via: "session",
    sessionId: found.session.id,
    apiKeyId: null,
    csrfToken: found.session.csrfSecret,
  }
}

/**
 * Resolves the principal and enforces the route's rule. A route without a rule is refused (fail closed).
 * Pages redirect to sign-in; the API answers 401/403 in its error format.
 */
export const authenticate = (): MiddlewareHandler<AppEnv> =>
  async function authenticate(c, next) {
    const matched = matchedRule(c)
    if (!matched) return next() // nothing routed: the 404 handler answers
    const { key, rule } = matched
    if (!rule) throw new AppError(403, "forbidden", `No access rule for ${key}`)
    const isApi = c.req.path.startsWith("/api/")
    let member: Member | null = null
    if (isApi) {
      const header = c.req.header("Authorization") ?? ""
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
      if (token) member = await memberFromApiKey(c, token)
      if (!member && rule !== "public")
        throw new AppError(401, "unauthorized", token ? "Invalid or revoked API key" : "Missing Authorization: Bearer <api key>")
    } else {
      const cookie = getCookie(c, SESSION_COOKIE)
      if (cookie) member = await memberFromSession(c, cookie)
      if (!member && rule !== "public") {
        if (c.req.method === "GET") {
          const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search ?? ""))
          return c.redirect(`/sign-in?next=${next}`, 302)
        }
        throw new AppError(401, "unauthorized", "Your session has ended. Sign in again.")
      }
    }
    if (member) {
      c.set("member", member)
      c.set("actor", {
        type: member.via === "api_key" ? "api_key" : "user",
        id: member.userId ?? member.apiKeyId,
        label: member.label,
        role: member.role,
      })
    }
    if (rule !== "public" && rule !== "signed_in" && !can(member!.role, rule)) throw forbidden()
    return next()
  }
