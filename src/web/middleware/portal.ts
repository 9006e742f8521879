// The payer portal's own access: a short-lived, path-scoped session cookie bound to one link, a CSRF token
// derived from it, privacy headers on every response, and the Workers Rate Limiting binding.
import { hmacHex } from "../../domain/hmac"
import type { MiddlewareHandler } from "hono"
import { getCookie, setCookie } from "hono/cookie"
import { safeEqual } from "../../services/crypto"
import type { AppEnv } from "../env"
import { renderPortalRefusal } from "../views/portal/refusal"

export const PORTAL_COOKIE = "plx_portal"
export const PORTAL_BOOKMARK_COOKIE = "plx_portal_bm"
export const PORTAL_SESSION_MINUTES = 60
/** 10 MB of evidence plus room for the form's other fields. */
export const MAX_PORTAL_BODY_BYTES = 10 * 1024 * 1024 + 64 * 1024

export type PortalSession = { linkId: string; orgId: string; customerId: string; expiresAt: number; csrf: string }
export type PortalEnv = {
  Bindings: AppEnv["Bindings"]
  Variables: AppEnv["Variables"] & { portal: PortalSession; portalCookie: PortalSession | null }
}

const secret = (env: Env) => `portal-session|${env.SESSION_SECRET || env.PORTAL_SIGNING_KEY}`

const idPart = /^[A-Za-z0-9_]{1,64}$/

/** The signed cookie value: link id, organisation, customer and expiry, with an HMAC over them. */
export async function sealPortalSession(
  env: Env,
  s: { linkId: string; orgId: string; customerId: string },
  now: Date,
): Promise<{ value: string; maxAge: number }> {
  const maxAge = PORTAL_SESSION_MINUTES * 60
  const exp = Math.floor(now.getTime() / 1000) + maxAge
  const body = `${s.linkId}.${s.orgId}.${s.customerId}.${exp}`
  return { value: `${body}.${await hmacHex(secret(env), body)}`, maxAge }
}

/** The session of a cookie value, or null when it is altered, malformed or past its expiry. */
export async function openPortalSession(env: Env, value: string | undefined, now: Date): Promise<PortalSession | null> {
  if (!value || value.length > 400) return null
  const parts = value.split(".")
  if (parts.length !== 5) return null
  const [linkId, orgId, customerId, expText, sig] = parts
  if (![linkId, orgId, customerId].every((p) => idPart.test(p)) || !/^\d{1,12}$/.test(expText)) return null
  const body = `${linkId}.${orgId}.${customerId}.${expText}`
  if (!safeEqual(sig, await hmacHex(secret(env), body))) return null
  const expiresAt = Number(expText) * 1000
  if (expiresAt <= now.getTime()) return null
  return { linkId, orgId, customerId, expiresAt, csrf: (await hmacHex(secret(env), `csrf|${sig}`)).slice(0, 40) }
}

/** The request's portal session, opened once however many middlewares ask. */
async function sessionOf(c: Parameters<MiddlewareHandler<PortalEnv>>[0]): Promise<PortalSession | null> {
  const known = c.get("portalCookie")
  if (known !== undefined) return known
  const opened = await openPortalSession(c.env, getCookie(c, PORTAL_COOKIE), new Date())
  c.set("portalCookie", opened)
  return opened
}

export function setPortalCookie(c: Parameters<MiddlewareHandler<PortalEnv>>[0], name: string, value: string, maxAge: number) {
  setCookie(c, name, value, { path: "/p", httpOnly: true, sameSite: "Lax", secure: c.env.APP_URL.startsWith("https://"), maxAge })
}

// The app's policy, plus the organisation's logo from any https origin.
const portalCsp =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

/** No referrer, no indexing, no caching of payer data: on every /p response, refusals included. */
export const portalHeaders = (): MiddlewareHandler<PortalEnv> =>
  async function portalHeaders(c, next) {
    await next()
    c.res.headers.set("Referrer-Policy", "no-referrer")
    c.res.headers.set("X-Robots-Tag", "noindex, nofollow")
    c.res.headers.set("Cache-Control", "no-store, private")
    c.res.headers.set("Content-Security-Policy", portalCsp)
  }

export type Limiter = { limit(options: { key: string }): Promise<{ success: boolean }> }

/**
 * Rate limit through the PORTAL_LIMITER binding (Workers Rate Limiting), keyed by the session's link
 * when there is one, else by client IP. `limiterOf` is injectable for tests.
 */
export const portalRateLimit = (limiterOf: (env: Env) => Limiter | undefined = (env) => env.PORTAL_LIMITER): MiddlewareHandler<PortalEnv> =>
  async function portalRateLimit(c, next) {
    const limiter = limiterOf(c.env)
    if (limiter) {
      const session = await sessionOf(c)
      const key = session
        ? `link:${session.linkId}`
        : `ip:${c.req.header("CF-Connecting-IP") ?? c.req.header("X-Forwarded-For")?.split(",")[0].trim() ?? "unknown"}`
      const { success } = await limiter.limit({ key })
      // `npm run bench -- portal` measures the limiter's cost but not its refusals (development only).
      const benchmarking = c.env.APP_ENV === "development" && (c.env as { PLIXO_BENCH?: string }).PLIXO_BENCH === "1"
      if (!success && !benchmarking) {
        c.header("Retry-After", "60")
        return c.html(renderPortalRefusal(429, "Too many requests", "Please wait a minute and try again."), 429)
      }
    }
    await next()
  }

/** Requires a live portal session; refuses with the same page whatever is wrong, revealing nothing. */
export const requirePortalSession = (): MiddlewareHandler<PortalEnv> =>
  async function requirePortalSession(c, next) {
    const session = await sessionOf(c)
    if (!session)
      return c.html(
        renderPortalRefusal(
          401,
          "This page needs your payment link",
          "Open the link from your latest email again. Links are personal and expire for your security.",
        ),
        401,
      )
    c.set("portal", session)
    if (c.req.method === "POST") {
      if (Number(c.req.header("Content-Length") ?? 0) > MAX_PORTAL_BODY_BYTES) {
        return c.html(renderPortalRefusal(413, "The file is too large", "Attach a PDF, PNG, JPEG or CSV file of 10 MB or less."), 413)
      }
      const origin = c.req.header("Origin")
      const given = c.req.header("X-CSRF-Token") ?? (await formField(c, "_csrf"))
      const sameOrigin = !origin || origin === new URL(c.req.url).origin || origin === new URL(c.env.APP_URL).origin
      if (!sameOrigin || !given || !safeEqual(given, session.csrf)) {
        return c.html(renderPortalRefusal(403, "This form has expired", "Go back, reload the page and try again."), 403)
      }
    }
    await next()
  }

async function formField(c: Parameters<MiddlewareHandler<PortalEnv>>[0], name: string): Promise<string> {
  const type = c.req.header("Content-Type") ?? ""
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) return ""
  const body = await c.req.parseBody({ all: true })
  const value = body[name]
  return typeof value === "string" ? value : ""
}
