// Admin -> API keys: create (secret shown once), list by prefix, revoke.
import { type Role, roleLabels } from "../../../domain/roles"
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"
import { formatAgo, formatDay } from "./people-format"
import { RoleSelect } from "./users"

export type ApiKeyRow = {
  id: string
  name: string
  prefix: string
  role: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
  createdByName: string | null
}
export type KeyForm = { name: string; role: string; error?: string }

export function ApiKeysPage(props: {
  member: Member
  keys: ApiKeyRow[]
  now: Date
  created?: { name: string; secret: string } | null
  notice?: string | null
  form?: KeyForm
}) {
  const { member, keys, now } = props
  const form = props.form ?? { name: "", role: "cfo" }
  const live = keys.filter((k) => !k.revokedAt).length
  return (
    <Layout title="API keys" member={member} active="/admin/api-keys">
      <PageHeader
        title="API keys"
        subtitle={`Keys let your scripts and integrations use the Plixo API (${live} active). Each key acts with the role you give it.`}
      />
      <p class="muted small">
        Every endpoint, field and error is in the <a href="/api/v1/docs">API reference</a> (
        <a href="/api/v1/openapi.json">OpenAPI document</a>).
      </p>
      {props.notice && <Flash kind="good">{props.notice}</Flash>}
      {props.created && (
        <section class="card secret-card" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Copy the key "{props.created.name}" now</h2>
          <p>This is the only time Plixo shows it. Store it in your secrets manager; Plixo keeps only a fingerprint.</p>
          <div class="secret-row">
            <code class="secret" id="new-secret">
              {props.created.secret}
            </code>
            <button class="btn btn-primary" type="button" data-copy={props.created.secret}>
              Copy
            </button>
          </div>
          <p class="muted small">
            Use it as <code>Authorization: Bearer &lt;key&gt;</code> on <code>/api/v1</code>.
          </p>
        </section>
      )}
      <section class="card" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">Create a key</h2>
        <form method="post" action="/admin/api-keys" class="key-form">
          <CsrfField token={member.csrfToken} />
          <div class="field">
            <label for="key-name">Name</label>
            <input
              type="text"
              id="key-name"
              name="name"
              required
              maxlength={80}
              value={form.name}
              placeholder="e.g. ERP nightly export"
              aria-invalid={form.error ? "true" : undefined}
            />
            {form.error ? (
              <div class="error-text">{form.error}</div>
            ) : (
              <div class="hint">Say what uses it, so you know what breaks if you revoke it.</div>
            )}
          </div>
          <div class="field">
            <label for="key-role">Role</label>
            <RoleSelect name="role" value={form.role} id="key-role" />
            <div class="hint">Least privilege: a reporting script needs CFO (read-only), not Controller.</div>
          </div>
          <button class="btn btn-primary" type="submit">
            Create key
          </button>
        </form>
      </section>
      <div class="table-wrap">
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">Create a key with the form to connect a script or integration to Plixo.</EmptyState>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Role</th>
                <th class="num">Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th class="right" aria-label="Actions"></th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr class={k.revokedAt ? "row-muted" : ""}>
                  <td>
                    <strong>{k.name}</strong>
                    {k.createdByName && <div class="muted small">by {k.createdByName}</div>}
                  </td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{roleLabels[k.role as Role] ?? k.role}</td>
                  <td class="num">{formatDay(k.createdAt)}</td>
                  <td>{formatAgo(k.lastUsedAt, now)}</td>
                  <td>{k.revokedAt ? <Badge tone="bad">Revoked {formatDay(k.revokedAt)}</Badge> : <Badge tone="good">Active</Badge>}</td>
                  <td class="right">
                    {!k.revokedAt && (
                      <form method="post" action={`/admin/api-keys/${k.id}/revoke`} class="inline">
                        <CsrfField token={member.csrfToken} />
                        <button
                          class="btn btn-small btn-danger"
                          type="submit"
                          data-confirm={`Revoke "${k.name}"? Requests with it fail at once.`}
                        >
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Layout>
  )
}
