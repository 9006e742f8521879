// The invitation landing page: who invited you to which organisation with what role, and the accept button.
import { type Role, roleLabels } from "../../../domain/roles"
import type { InvitationView } from "../../../services/members"
import { CsrfField } from "../components/ui"
import { BareLayout, BareNotice } from "../layout"
import { formatDay } from "./people-format"

const problems = {
  invalid: [
    "This invitation link is not valid",
    "The link is incomplete or was never issued. Ask the person who invited you to send a new invitation.",
  ],
  expired: ["This invitation has expired", "Invitations are valid for 7 days. Ask the person who invited you to send a new one."],
  revoked: ["This invitation was withdrawn", "A Controller revoked it. Ask them for a new invitation if you still need access."],
  accepted: ["This invitation was already accepted", "Sign in with your email address to continue."],
} as const

export function InvitationProblemPage({ state }: { state: keyof typeof problems }) {
  const [title, text] = problems[state]
  return (
    <BareNotice
      title={title}
      text={text}
      action={
        <a class="btn" href="/sign-in">
          Go to sign-in
        </a>
      }
    />
  )
}

export function InvitationPage({
  csrf,
  token,
  invitation,
  knownUser,
}: {
  csrf: string
  token: string
  invitation: Extract<InvitationView, { state: "pending" }>
  knownUser: boolean
}) {
  const role = roleLabels[invitation.role as Role] ?? invitation.role
  return (
    <BareLayout title={`Join ${invitation.orgName}`}>
      <div class="card narrow">
        <h1>Join {invitation.orgName}</h1>
        <p>
          {invitation.invitedByName ?? "A Controller"} invited <strong>{invitation.email}</strong> to {invitation.orgName} on Plixo as{" "}
          <strong>{role}</strong>.
        </p>
        <form method="post" action={`/invitations/${encodeURIComponent(token)}`}>
          <CsrfField token={csrf} />
          {!knownUser && (
            <div class="field">
              <label for="name">Your name</label>
              <input type="text" id="name" name="name" autocomplete="name" maxlength={120} />
              <div class="hint">Shown to your colleagues and in the audit log.</div>
            </div>
          )}
          <button class="btn btn-primary btn-block" type="submit">
            Accept and sign in
          </button>
        </form>
        <p class="small muted auth-alt">This invitation expires on {formatDay(invitation.expiresAt)}.</p>
      </div>
    </BareLayout>
  )
}
