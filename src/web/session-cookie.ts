// The session cookie on responses, and the CSRF token a form must echo (session secret or anonymous cookie).
import { deleteCookie, setCookie } from "hono/cookie"
import { SESSION_COOKIE, sessionCookieOptions } from "../services/sessions"
import type { AppContext } from "./env"

export function setSessionCookie(c: AppContext, cookie: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, cookie, sessionCookieOptions(c.env.APP_URL, expiresAt))
}

export function clearSessionCookie(c: AppContext) {
  deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(c.env.APP_URL))
}

/** The token a form on this page must carry: the session's secret when signed in, else the double-submit cookie. */
export function formCsrf(c: AppContext): string {
  const member = c.var.member
  return member?.via === "session" ? member.csrfToken : c.var.anonCsrf
}

/** A form field as a trimmed string ("" when absent or a file). */
export async function formString(c: AppContext, name: string): Promise<string> {
  const body = await c.req.parseBody()
  const value = body[name]
  return typeof value === "string" ? value.trim() : ""
}

export const isDevelopment = (c: AppContext) => c.env.APP_ENV === "development"
