// Sign-in by emailed link, sign-up, demo sign-in (development only) and sign-out.
import { Hono } from "hono"
import { isRole } from "../../domain/roles"
import { isPersonalEmail, looksLikeEmail } from "../../domain/email-domains"
import {
  checkLink,
  freshControllerEmail,
  newestFreshOrg,
  requestSignIn,
  requestSignUp,
  safeNext,
  signInDemoUser,
  useLink,
} from "../../services/auth"
import { revokeOwnSession } from "../../services/sessions"
import { isKnownPartnerCode } from "../../services/referrals"
import type { AppContext, AppEnv } from "../env"
import { clearSessionCookie, formCsrf, formString, isDevelopment, setSessionCookie } from "../session-cookie"
import { renderErrorPage } from "../views/error-page"
import { CheckEmailPage, LinkProblemPage, SignInPage, VerifyPage } from "../views/pages/sign-in"
import { type FieldErrors, type SignUpValues, SignUpPage } from "../views/pages/sign-up"

const html = (c: AppContext, page: unknown, status: 200 | 400 | 404 | 410 | 422 | 429 = 200) =>
  c.html(`<!doctype html>${String(page)}`, status)

/** Demo users of the seed: `<role>@acme-demo.example` in Acme Demo, `controller@globex-demo.example` in Globex Demo. */
const demoOrgs = {
  acme: { orgId: "org_acme_demo", domain: "acme-demo.example" },
  globex: { orgId: "org_globex_demo", domain: "globex-demo.example" },
} as const

const linkStatus = { invalid: 400, used: 410, expired: 410, no_membership: 422 } as const

export const authRoutes = new Hono<AppEnv>()
  .get("/sign-in", (c) => {
    const next = safeNext(c.req.query("next"), c.env.APP_URL)
    if (c.var.member) return c.redirect(next ?? "/admin/overview", 302)
    return html(c, <SignInPage csrf={formCsrf(c)} next={next} devSignIn={isDevelopment(c)} />)
  })
  .post("/sign-in", async (c) => {
    const email = await formString(c, "email")
    const next = safeNext(await formString(c, "next"), c.env.APP_URL)
    if (!looksLikeEmail(email)) {
      return html(
        c,
        <SignInPage
          csrf={formCsrf(c)}
          next={next}
          devSignIn={isDevelopment(c)}
          email={email}
          error="Enter your work email address, like name@company.com."
        />,
        400,
      )
    }
    if (!(await linkAllowed(c, email))) {
      return html(
        c,
        <SignInPage
          csrf={formCsrf(c)}
          next={next}
          devSignIn={isDevelopment(c)}
          email={email}
          error="Too many sign-in links for this address. Wait a minute, then use the newest email."
        />,
        429,
      )
    }
    await requestSignIn(c.env, c.var.db, { email, next, now: new Date() })
    return html(c, <CheckEmailPage email={email.toLowerCase()} what="sign_in" />)
  })
  .post("/sign-in/dev", async (c) => {
    if (!isDevelopment(c)) return c.html(renderErrorPage(404, "Page not found", "The page you asked for does not exist."), 404)
    const role = await formString(c, "role")
    const org = await formString(c, "org")
    if (org === "fresh") {
      // The newest empty organisation `npm run dev -- --fresh` seeded (ids sort by the time they were made).
      const fresh = await newestFreshOrg(c.var.db)
      if (!fresh)
        return html(
          c,
          <SignInPage csrf={formCsrf(c)} next={null} devSignIn error='No fresh organisation yet. Start with "npm run dev -- --fresh".' />,
          422,
        )
      const session = await signInDemoUser(c.var.db, {
        email: freshControllerEmail,
        orgId: fresh,
        userAgent: c.req.header("User-Agent") ?? null,
        now: new Date(),
      })
      if (!session)
        return html(c, <SignInPage csrf={formCsrf(c)} next={null} devSignIn error="The fresh organisation has no Controller." />, 422)
      setSessionCookie(c, session.cookie, session.expiresAt)
      return c.redirect("/admin/overview", 303)
    }
    const demo = org === "globex" ? demoOrgs.globex : demoOrgs.acme
    if (!isRole(role)) return html(c, <SignInPage csrf={formCsrf(c)} next={null} devSignIn error="Pick one of the demo roles." />, 400)
    const session = await signInDemoUser(c.var.db, {
      email: `${role}@${demo.domain}`,
      orgId: demo.orgId,
      userAgent: c.req.header("User-Agent") ?? null,
      now: new Date(),
    })
    if (!session)
      return html(
        c,
        <SignInPage
          csrf={formCsrf(c)}
          next={null}
          devSignIn
          error={`No demo user ${role}@${demo.domain} yet. Run "npm run seed" and try again.`}
        />,
        422,
      )
    await endPreviousSession(c)
    setSessionCookie(c, session.cookie, session.expiresAt)
    return c.redirect("/admin/overview", 303)
  })
  .get("/sign-in/verify", async (c) => {
    const token = c.req.query("token") ?? ""
    const check = await checkLink(c.var.db, token, new Date())
    if (check.state !== "sign_in" && check.state !== "sign_up")
      return html(c, <LinkProblemPage reason={check.state} />, linkStatus[check.state])
    if (check.state === "sign_in" && check.orgs.length === 0) return html(c, <LinkProblemPage reason="no_membership" />, 422)
    return html(c, <VerifyPage csrf={formCsrf(c)} token={token} check={check} />)
  })
  .post("/sign-in/verify", async (c) => {
    const token = await formString(c, "token")
    const result = await useLink(c.var.db, token, {
      orgId: (await formString(c, "org_id")) || null,
      userAgent: c.req.header("User-Agent") ?? null,
      appUrl: c.env.APP_URL,
      now: new Date(),
    })
    if (!result.ok) return html(c, <LinkProblemPage reason={result.reason} />, linkStatus[result.reason])
    await endPreviousSession(c)
    setSessionCookie(c, result.cookie, result.expiresAt)
    return c.redirect(result.redirectTo, 303)
  })
  .get("/sign-up", (c) =>
    html(
      c,
      <SignUpPage
        csrf={formCsrf(c)}
        values={{ org_name: "", name: "", email: "", referral_code: "" }}
        errors={{}}
        personalWarning={false}
      />,
    ),
  )
  .post("/sign-up", async (c) => {
    const values: SignUpValues = {
      org_name: (await formString(c, "org_name")).replace(/\s+/g, " "),
      name: (await formString(c, "name")).replace(/\s+/g, " "),
      email: (await formString(c, "email")).toLowerCase(),
      referral_code: await formString(c, "referral_code"),
    }
    const errors = signUpErrors(values)
    if (!errors.referral_code && values.referral_code && !(await isKnownPartnerCode(c.var.db, values.referral_code)))
      errors.referral_code = "No Plixo partner has this referral code. Check it with your partner, or leave it empty."
    if (Object.keys(errors).length > 0)
      return html(c, <SignUpPage csrf={formCsrf(c)} values={values} errors={errors} personalWarning={false} />, 400)
    if (isPersonalEmail(values.email) && (await formString(c, "confirm_personal")) !== "yes") {
      return html(
        c,
        <SignUpPage
          csrf={formCsrf(c)}
          values={values}
          errors={{ email: "This is a personal mailbox. Use your work email, or confirm below." }}
          personalWarning
        />,
        422,
      )
    }
    if (!(await linkAllowed(c, values.email))) {
      return html(
        c,
        <SignUpPage
          csrf={formCsrf(c)}
          values={values}
          errors={{ email: "Too many sign-up links for this address. Wait a minute, then use the newest email." }}
          personalWarning={false}
        />,
        429,
      )
    }
    await requestSignUp(c.env, c.var.db, {
      orgName: values.org_name,
      name: values.name,
      email: values.email,
      referralCode: values.referral_code || null,
      now: new Date(),
    })
    return html(c, <CheckEmailPage email={values.email} what="sign_up" />)
  })
  .post("/sign-out", async (c) => {
    const member = c.var.member
    if (member.sessionId && member.userId)
      await revokeOwnSession(c.var.db, c.var.actor, member.userId, member.sessionId, "user.signed_out", new Date())
    clearSessionCookie(c)
    return c.redirect("/sign-in", 303)
  })

/** Signing in while signed in ends the session this browser held, so one browser never keeps two live sessions. */
async function endPreviousSession(c: AppContext) {
  const member = c.var.member
  if (member?.via === "session" && member.sessionId && member.userId)
    await revokeOwnSession(c.var.db, c.var.actor, member.userId, member.sessionId, "user.signed_out", new Date())
}

/** Field-by-field problems of a sign-up form, in words the person can act on. */
export function signUpErrors(v: SignUpValues): FieldErrors {
  const errors: FieldErrors = {}
  if (v.org_name.length < 2 || v.org_name.length > 120)
    errors.org_name = "Enter your organisation's name as it appears in your ERP (2 to 120 characters)."
  if (v.name.length < 1 || v.name.length > 120) errors.name = "Enter your name."
  if (!looksLikeEmail(v.email)) errors.email = "Enter your work email address, like name@company.com."
  if (v.referral_code && !/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/.test(v.referral_code))
    errors.referral_code = "A referral code is 2 to 40 letters, digits, hyphens or underscores."
  return errors
}

/** At most a few magic-link emails a minute per address (SIGN_IN_LIMITER), so nobody can flood a mailbox. */
async function linkAllowed(c: AppContext, email: string): Promise<boolean> {
  const { success } = await c.env.SIGN_IN_LIMITER.limit({ key: `link:${email.trim().toLowerCase()}` })
  return success
}
