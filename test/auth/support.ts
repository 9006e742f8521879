// Helpers for the auth tests: anonymous form posts with the double-submit CSRF cookie, the dev mailbox, cookies.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test"
import { env } from "cloudflare:workers"
import { desc, eq } from "drizzle-orm"
import { auditLog, devMail, sessions } from "../../src/db/schema"
import { sha256Hex } from "../../src/services/crypto"
import { createApp } from "../../src/web/app"
import { call, db } from "../helpers"

export const ANON_CSRF = "anon-csrf-token-for-tests"

/** A form POST from a browser that is not signed in (or signed in with `session`), carrying the CSRF token unless told not to. */
export function postForm(
  path: string,
  form: Record<string, string>,
  opts: { csrf?: boolean; session?: { cookie: string; csrf: string }; headers?: Record<string, string> } = {},
) {
  const body = new URLSearchParams(form)
  const cookies = [`plx_csrf=${ANON_CSRF}`]
  if (opts.session) cookies.push(`plx_session=${opts.session.cookie}`)
  if (opts.csrf !== false) body.set("_csrf", opts.session ? opts.session.csrf : ANON_CSRF)
  return call(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.join("; "), ...opts.headers },
    body: body.toString(),
  })
}

/** A GET with a session cookie. */
export function getWith(path: string, sessionCookie: string) {
  return call(path, { headers: { Cookie: `plx_session=${sessionCookie}` } })
}

/** The newest email the dev mailbox stored for an address. */
export async function latestMailTo(to: string) {
  const rows = await db().select().from(devMail).where(eq(devMail.to, to)).orderBy(desc(devMail.seq)).limit(1)
  return rows[0] ?? null
}

export async function mailCountTo(to: string) {
  return (await db().select({ id: devMail.id }).from(devMail).where(eq(devMail.to, to))).length
}

/** The first link in an email's text that contains `path`, as a path + query on this app. */
export function linkIn(text: string, path: string): string {
  const url = text.match(/https?:\/\/[^\s]+/g)?.find((u) => u.includes(path))
  if (!url) throw new Error(`no ${path} link in: ${text}`)
  const u = new URL(url)
  return u.pathname + u.search
}

/** The plx_session cookie a response sets, with the session's CSRF secret (as a signed-in browser would hold). */
export async function sessionFrom(res: Response): Promise<{ cookie: string; csrf: string; header: string }> {
  const header = res.headers.getSetCookie().find((c) => c.startsWith("plx_session="))
  if (!header) throw new Error(`no session cookie (status ${res.status})`)
  const cookie = header.split(";")[0]!.slice("plx_session=".length)
  const row = (
    await db()
      .select()
      .from(sessions)
      .where(eq(sessions.id, await sha256Hex(cookie)))
  )[0]
  if (!row) throw new Error("session cookie has no session row")
  return { cookie, csrf: row.csrfSecret, header }
}

export async function auditActions(orgId: string): Promise<string[]> {
  return (await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId))).map((r) => r.action)
}

/** The Worker's app with APP_ENV=development, for the development-only routes (tests run with APP_ENV=test). */
export async function callAsDevelopment(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext()
  const res = await createApp().fetch(
    new Request(`http://localhost:8787${path}`, { redirect: "manual", ...init }),
    { ...env, APP_ENV: "development" },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}
