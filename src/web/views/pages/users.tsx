// Admin -> Users & Roles: members with role change and removal, invitations (with the personal-mail warning).
import { type Role, roleLabels, roles } from "../../../domain/roles"
import type { Member } from "../../env"
import { Badge, CsrfField, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"
import { formatAgo, formatDay } from "./people-format"

export type MemberRowData = {
  userId: string
  email: string
  name: string | null
  role: string
  joinedAt: string
  lastSignInAt: string | null
}
export type InvitationRowData = {
  id: string
  email: string
  role: string
  createdAt: string
  expiresAt: string
  invitedByName: string | null
}
export type InviteForm = { email: string; role: string; error?: { field: "email" | "role"; message: string }; personalWarning?: boolean }

const label = (role: string) => roleLabels[role as Role] ?? role

export function RoleSelect({ name, value, id }: { name: string; value: string; id?: string }) {
  return (
    <select name={name} id={id} aria-label="Role">
      {roles.map((r) => (
        <option value={r} selected={r === value}>
          {roleLabels[r]}
        </option>
      ))}
    </select>
  )
}

/** One member row; the role form swaps this row in place with htmx and posts normally without JS. */
export function MemberRow({
  m,
  csrf,
  isSelf,
  now,
  error,
  saved,
}: {
  m: MemberRowData
  csrf: string
  isSelf: boolean
  now: Date
  error?: string
  saved?: boolean
}) {
  return (
    <tr id={`member-${m.userId}`}>
      <td>
        <strong>{m.name ?? m.email}</strong> {isSelf && <Badge tone="info">You</Badge>}
        <div class="muted small">{m.email}</div>
      </td>
      <td>
        <form
          method="post"
          action={`/admin/users/${m.userId}/role`}
          class="role-form"
          hx-post={`/admin/users/${m.userId}/role`}
          hx-target={`#member-${m.userId}`}
          hx-swap="outerHTML"
        >
          <CsrfField token={csrf} />
          <RoleSelect name="role" value={m.role} />
          <button class="btn btn-small" type="submit">
            Save
          </button>
          {saved && (
            <span class="saved small" role="status">
              Saved
            </span>
          )}
        </form>
        {error && (
          <div class="error-text" role="alert">
            {error}
          </div>
        )}
      </td>
      <td class="num">{formatDay(m.joinedAt)}</td>
      <td>{formatAgo(m.lastSignInAt, now)}</td>
      <td class="right">
        <form method="post" action={`/admin/users/${m.userId}/remove`} class="inline">
          <CsrfField token={csrf} />
          <button
            class="btn btn-small btn-danger"
            type="submit"
            data-confirm={`Remove ${m.name ?? m.email} from this organisation? Their sessions end at once.`}
          >
            Remove
          </button>
        </form>
      </td>
    </tr>
  )
}

export function UsersPage(props: {
  member: Member
  members: MemberRowData[]
  invitations: InvitationRowData[]
  now: Date
  notice?: string | null
  refusal?: string | null
  invite?: InviteForm
}) {
  const { member, members, invitations, now } = props
  const invite = props.invite ?? { email: "", role: "operator" }
  const controllers = members.filter((m) => m.role === "controller").length
  return (
    <Layout title="Users & Roles" member={member} active="/admin/users">
      <PageHeader
        title="Users & Roles"
        subtitle={`${members.length} ${members.length === 1 ? "member" : "members"} · ${controllers} ${controllers === 1 ? "Controller" : "Controllers"}. Roles decide what each person may see and do.`}
      />
      {props.notice && <Flash kind="good">{props.notice}</Flash>}
      {props.refusal && <Flash kind="bad">{props.refusal}</Flash>}
      <div class="table-wrap members-table">
        <table>
          <thead>
            <tr>
              <th>Member</th>
              <th>Role</th>
              <th class="num">Joined</th>
              <th>Last sign-in</th>
              <th class="right" aria-label="Actions"></th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow m={m} csrf={member.csrfToken} isSelf={m.userId === member.userId} now={now} />
            ))}
          </tbody>
        </table>
      </div>

      <div class="grid grid-2 people-grid">
        <section class="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite a colleague</h2>
          <p class="muted small">They get an email with a link valid for 7 days. Accepting it makes them a member with this role.</p>
          <form method="post" action="/admin/users/invite">
            <CsrfField token={member.csrfToken} />
            <div class="field">
              <label for="invite-email">Work email</label>
              <input
                type="email"
                id="invite-email"
                name="email"
                required
                value={invite.email}
                aria-invalid={invite.error?.field === "email" ? "true" : undefined}
                placeholder="colleague@company.com"
              />
              {invite.error?.field === "email" && <div class="error-text">{invite.error.message}</div>}
            </div>
            {invite.personalWarning && (
              <div class="flash flash-warn" role="alert">
                <strong>{invite.email} is a personal mailbox.</strong> Access tied to a private address does not end when the person leaves
                the company. Prefer their work email.
                <label class="check">
                  <input type="checkbox" name="confirm_personal" value="yes" /> Invite this personal address anyway
                </label>
              </div>
            )}
            <div class="field">
              <label for="invite-role">Role</label>
              <RoleSelect name="role" value={invite.role} id="invite-role" />
              {invite.error?.field === "role" && <div class="error-text">{invite.error.message}</div>}
            </div>
            <button class="btn btn-primary" type="submit">
              Send invitation
            </button>
          </form>
        </section>

        <section class="card" aria-labelledby="pending-heading">
          <h2 id="pending-heading">Pending invitations</h2>
          {invitations.length === 0 ? (
            <p class="muted">No invitations waiting. Invite a colleague with the form; their invitation shows here until they accept.</p>
          ) : (
            <ul class="plain-list">
              {invitations.map((i) => (
                <li class="pending-item">
                  <div>
                    <strong>{i.email}</strong> <Badge tone="info">{label(i.role)}</Badge>
                    <div class="muted small">
                      Invited by {i.invitedByName ?? "a Controller"} {formatAgo(i.createdAt, now)} · expires {formatDay(i.expiresAt)}
                    </div>
                  </div>
                  <form method="post" action={`/admin/invitations/${i.id}/revoke`}>
                    <CsrfField token={member.csrfToken} />
                    <button class="btn btn-small btn-danger" type="submit">
                      Revoke
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Layout>
  )
}
