// Account -> Sessions: every browser signed in as you, with revoke per session and "sign out everywhere else".
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, PageHeader, DataTable } from "../components/ui"
import { Layout } from "../layout"
import { describeUserAgent, formatAgo, formatDay, formatUtc } from "./people-format"

export type SessionRow = {
  id: string
  orgName: string
  createdAt: string
  lastSeenAt: string | null
  expiresAt: string
  userAgent: string | null
}

export function SessionsPage({
  member,
  sessions,
  now,
  notice,
}: {
  member: Member
  sessions: SessionRow[]
  now: Date
  notice: string | null
}) {
  const others = sessions.filter((s) => s.id !== member.sessionId).length
  return (
    <Layout title="Your sessions" member={member} active="/account/sessions">
      <PageHeader
        title="Your sessions"
        subtitle="Browsers signed in as you. Revoke any you do not recognise: it is signed out at once."
        actions={
          others > 0 ? (
            <form method="post" action="/account/sessions/revoke-others">
              <CsrfField token={member.csrfToken} />
              <button class="btn btn-danger" type="submit" data-confirm="Sign out every other browser signed in as you?">
                Sign out everywhere else
              </button>
            </form>
          ) : undefined
        }
      />
      {notice && <Flash kind="good">{notice}</Flash>}
      {sessions.length === 0 ? (
        <EmptyState title="No live sessions">Sign in again to start one.</EmptyState>
      ) : (
        <DataTable
          columns={[
            "Device",
            "Organisation",
            { label: "Signed in", align: "num" },
            "Last seen",
            { label: "Expires", align: "num" },
            { label: "", align: "right" },
          ]}
        >
          {sessions.map((s) => {
            const current = s.id === member.sessionId
            return (
              <tr>
                <td>
                  <strong>{describeUserAgent(s.userAgent)}</strong> {current && <Badge tone="good">This device</Badge>}
                  <div class="muted small ua" title={s.userAgent ?? ""}>
                    {s.userAgent ?? "No user agent reported"}
                  </div>
                </td>
                <td>{s.orgName}</td>
                <td class="num">{formatUtc(s.createdAt)}</td>
                <td>{current ? "Now" : formatAgo(s.lastSeenAt ?? s.createdAt, now)}</td>
                <td class="num">{formatDay(s.expiresAt)}</td>
                <td class="right">
                  {current ? (
                    <form method="post" action="/sign-out" class="inline">
                      <CsrfField token={member.csrfToken} />
                      <button class="btn btn-small" type="submit">
                        Sign out
                      </button>
                    </form>
                  ) : (
                    <form method="post" action={`/account/sessions/${s.id}/revoke`} class="inline">
                      <CsrfField token={member.csrfToken} />
                      <button class="btn btn-small btn-danger" type="submit">
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            )
          })}
        </DataTable>
      )}
    </Layout>
  )
}
