// Sign-in pages: the email form (with one-click demo roles in development), "check your email", and the link page.
import { type Role, roleLabels, roles } from "../../../domain/roles"
import type { LinkCheck } from "../../../services/auth"
import { CsrfField, Flash } from "../components/ui"
import { BareLayout, BareNotice } from "../layout"

export function SignInPage({
  csrf,
  next,
  devSignIn,
  error,
  email,
}: {
  csrf: string
  next: string | null
  devSignIn: boolean
  error?: string
  email?: string
}) {
  return (
    <BareLayout title="Sign in">
      <div class="card narrow">
        <h1>Sign in</h1>
        <p class="muted">We email you a link that signs you in. No password to remember.</p>
        {error && <Flash kind="bad">{error}</Flash>}
        <form method="post" action="/sign-in">
          <CsrfField token={csrf} />
          {next && <input type="hidden" name="next" value={next} />}
          <div class="field">
            <label for="email">Work email</label>
            <input
              type="email"
              id="email"
              name="email"
              required
              autocomplete="email"
              value={email ?? ""}
              aria-invalid={error ? "true" : undefined}
              placeholder="you@company.com"
            />
          </div>
          <button class="btn btn-primary btn-block" type="submit">
            Email me a sign-in link
          </button>
        </form>
        <p class="small muted auth-alt">
          New to Plixo? <a href="/sign-up">Create your organisation's workspace</a>
        </p>
      </div>
      {devSignIn && <DemoSignIn csrf={csrf} />}
    </BareLayout>
  )
}

function DemoSignIn({ csrf }: { csrf: string }) {
  return (
    <div class="card narrow dev-card">
      <h2>Demo sign-in</h2>
      <p class="small muted">
        Development only: sign in to <strong>Acme Demo</strong> as any role in one click. Emails the app sends are in the{" "}
        <a href="/dev/mail">dev mailbox</a>.
      </p>
      <form method="post" action="/sign-in/dev" class="role-grid">
        <CsrfField token={csrf} />
        {roles.map((role: Role) => (
          <button class="btn" type="submit" name="role" value={role}>
            {roleLabels[role]}
          </button>
        ))}
      </form>
      <form method="post" action="/sign-in/dev" class="dev-second-org">
        <CsrfField token={csrf} />
        <input type="hidden" name="org" value="globex" />
        <button class="btn btn-quiet btn-small" type="submit" name="role" value="controller">
          Controller of Globex Demo (second organisation) →
        </button>
      </form>
      <form method="post" action="/sign-in/dev" class="dev-second-org">
        <CsrfField token={csrf} />
        <input type="hidden" name="org" value="fresh" />
        <button class="btn btn-quiet btn-small" type="submit" name="role" value="controller">
          Controller of Fresh Start Co (empty, from npm run dev -- --fresh) →
        </button>
      </form>
    </div>
  )
}

export function CheckEmailPage({ email, what }: { email: string; what: "sign_in" | "sign_up" }) {
  return (
    <BareLayout title="Check your email">
      <div class="card narrow">
        <h1>Check your email</h1>
        <p>
          {what === "sign_in"
            ? `If ${email} belongs to a Plixo account, a sign-in link is on its way.`
            : `We sent a link to ${email}. Open it to create your workspace.`}
        </p>
        <p class="muted small">
          The link works once and expires in 15 minutes. Nothing arrived? Check your spam folder, or ask your Controller to invite you.
        </p>
        <p>
          <a href="/sign-in">Back to sign-in</a>
        </p>
      </div>
    </BareLayout>
  )
}

const linkProblems = {
  invalid: ["This link is not valid", "The link is incomplete or was never issued. Request a new one."],
  used: ["This link was already used", "Each sign-in link works once. Request a new one to sign in again."],
  expired: ["This link has expired", "Sign-in links last 15 minutes. Request a new one."],
  no_membership: [
    "No organisation to sign in to",
    "Your account is no longer a member of any organisation. Ask a Controller to invite you.",
  ],
} as const

export function LinkProblemPage({ reason }: { reason: keyof typeof linkProblems }) {
  const [title, text] = linkProblems[reason]
  return (
    <BareNotice
      title={title}
      text={text}
      action={
        <a class="btn btn-primary" href="/sign-in">
          Get a new sign-in link
        </a>
      }
    />
  )
}

/** The link's landing page: nothing happens until the person presses Continue (mail scanners prefetch links). */
export function VerifyPage({
  csrf,
  token,
  check,
}: {
  csrf: string
  token: string
  check: Extract<LinkCheck, { state: "sign_in" | "sign_up" }>
}) {
  const choose = check.state === "sign_in" && check.orgs.length > 1
  return (
    <BareLayout title="Continue to Plixo">
      <div class="card narrow">
        <h1>{check.state === "sign_up" ? "Create your workspace" : "Continue to Plixo"}</h1>
        <p class="muted">
          {check.state === "sign_up"
            ? `Confirm to create the workspace for ${check.orgName} as ${check.email}.`
            : `Signing in as ${check.email}.`}
        </p>
        <form method="post" action="/sign-in/verify">
          <CsrfField token={csrf} />
          <input type="hidden" name="token" value={token} />
          {choose && check.state === "sign_in" && (
            <fieldset class="org-choice">
              <legend>Choose an organisation</legend>
              {check.orgs.map((o, i) => (
                <label class="choice">
                  <input type="radio" name="org_id" value={o.orgId} checked={i === 0} /> {o.orgName}
                  <span class="muted small"> · {roleLabels[o.role as Role] ?? o.role}</span>
                </label>
              ))}
            </fieldset>
          )}
          <button class="btn btn-primary btn-block" type="submit">
            {check.state === "sign_up" ? "Create workspace" : "Continue"}
          </button>
        </form>
      </div>
    </BareLayout>
  )
}
