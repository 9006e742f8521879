// CSRF: every state-changing form and htmx request echoes a token. Signed-in requests use the session's
// secret; forms before sign-in use a double-submit cookie. API (Bearer), webhooks (signed) and the portal
// (its own per-link token) are outside this middleware.
import type { MiddlewareHandler } from "hono"
import { getCookie, setCookie } from "hono/cookie"
import { randomToken, safeEqual } from "../../services/crypto"
import { AppError } from "../errors"
import type { AppEnv } from "../env"

export const CSRF_COOKIE = "plx_csrf"
export const CSRF_FIELD = "_csrf"
export const CSRF_HEADER = "X-CSRF-Token"

// /u/: one-click unsubscribe (RFC 8058) is POSTed by mail clients; its signed token authorises it.
const exempt = (path: string) =>
  path.startsWith("/api/") || path.startsWith("/webhooks/") || path.startsWith("/p/") || path === "/p" || path.startsWith("/u/")

async function submittedToken(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string> {
  const header = c.req.header(CSRF_HEADER)
  if (header) return header
  const type = c.req.header("Content-Type") ?? ""
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const body = await c.req.parseBody({ all: true })
    const value = body[CSRF_FIELD]
    return typeof value === "string" ? value : ""
  }
  return ""
}

export const csrf = (): MiddlewareHandler<AppEnv> =>
  async function csrf(c, next) {
    let anon = getCookie(c, CSRF_COOKIE)
    if (!anon) {
      anon = randomToken(18)
      setCookie(c, CSRF_COOKIE, anon, { path: "/", httpOnly: true, sameSite: "Lax", secure: c.env.APP_URL?.startsWith("https://") })
    }
    c.set("anonCsrf", anon)
    const method = c.req.method
    if (method === "GET" || method === "HEAD" || method === "OPTIONS" || exempt(c.req.path)) return next()

    const origin = c.req.header("Origin")
    if (origin && origin !== new URL(c.req.url).origin && origin !== new URL(c.env.APP_URL).origin) {
      throw new AppError(403, "forbidden", "Cross-site request refused")
    }
    const expected = c.var.member?.via === "session" ? c.var.member.csrfToken : getCookie(c, CSRF_COOKIE)
    const given = await submittedToken(c)
    if (!expected || !given || !safeEqual(given, expected)) {
      throw new AppError(403, "forbidden", "This form has expired or did not come from Plixo (CSRF check). Reload the page and try again.")
    }
    return next()
  }
