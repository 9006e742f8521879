// Admin -> Connectors: the QuickBooks Online and NetSuite cards (connect, sync now, disconnect, what the last sync
// did) and the health table of every connector (last sync, rows changed, errors, credential expiry).
import type { ConnectorSummary } from "../../../services/connectors"
import type { Member } from "../../env"
import { Badge, CsrfField, type Tone } from "../components/ui"

export const statusTone: Record<ConnectorSummary["status"], Tone> = { green: "good", amber: "warn", red: "bad", disconnected: "neutral" }
const statusWord: Record<ConnectorSummary["status"], string> = { green: "Green", amber: "Amber", red: "Red", disconnected: "Not connected" }
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never")

function Post({
  action,
  label,
  member,
  primary = false,
  disabled = false,
}: {
  action: string
  label: string
  member: Member
  primary?: boolean
  disabled?: boolean
}) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={member.csrfToken} />
      <button class={`btn ${primary ? "btn-primary" : ""}`} type="submit" disabled={disabled}>
        {label}
      </button>
    </form>
  )
}

function LastSync({ s }: { s: ConnectorSummary }) {
  const c = s.connector!
  return (
    <dl class="facts">
      <dt>{s.kind === "quickbooks" ? "Company (realm) ID" : "Account ID"}</dt>
      <dd>
        <code>{c.accountId}</code>
      </dd>
      <dt>Last sync</dt>
      <dd>
        {when(c.lastSyncAt)}
        {c.lastSyncAt && ` · ${c.rowsChangedLastSync ?? 0} row${c.rowsChangedLastSync === 1 ? "" : "s"} changed`}
      </dd>
      <dt>Rows refused</dt>
      <dd>
        {c.lastSyncErrors > 0 ? (
          <a href={`/admin/connectors/import/${((c.config?.import_ids as string[] | undefined) ?? [])[0] ?? ""}`}>
            {c.lastSyncErrors} (see the import's errors)
          </a>
        ) : (
          "none"
        )}
      </dd>
      <dt>Next sync</dt>
      <dd>{c.status === "revoked" ? "after you reconnect" : c.nextSyncAt ? when(c.nextSyncAt) : "not scheduled"}</dd>
      <dt>Credentials valid until</dt>
      <dd>{c.credentialExpiresAt ? c.credentialExpiresAt.slice(0, 10) : "no expiry set"}</dd>
      {c.lastError && (
        <>
          <dt>Last error</dt>
          <dd class="text-bad">
            {c.lastError} ({when(c.lastErrorAt)})
          </dd>
        </>
      )}
    </dl>
  )
}

function Banner({ s, member, action }: { s: ConnectorSummary; member: Member; action: string }) {
  if (!s.health.banner) return null
  return (
    <div class={`banner ${s.status === "red" ? "banner-bad" : "banner-warn"}`} role="status">
      {s.health.banner}
      <Post action={action} label={`Reconnect ${s.label}`} member={member} />
    </div>
  )
}

const connected = (s: ConnectorSummary) => !!s.connector?.secret && s.connector.status !== "disconnected"

export function QuickbooksCard({ s, member, configured }: { s: ConnectorSummary; member: Member; configured: boolean }) {
  return (
    <section class="card" aria-labelledby="qbo-title">
      <div class="card-head">
        <h2 id="qbo-title">QuickBooks Online</h2>
        <Badge tone={statusTone[s.status]}>{statusWord[s.status]}</Badge>
      </div>
      <p class="muted small">
        Read-only: customers, invoices and payments every 15 minutes (Change Data Capture). Plixo never writes to QuickBooks.
      </p>
      {s.kind === "quickbooks" && <Banner s={s} member={member} action="/admin/connectors/quickbooks/connect" />}
      {connected(s) ? <LastSync s={s} /> : <p>Sign in with Intuit as a QuickBooks admin to let Plixo read your receivables.</p>}
      {!configured && (
        <p class="flash flash-info">
          Set <code>QUICKBOOKS_CLIENT_ID</code>, <code>QUICKBOOKS_CLIENT_SECRET</code> and <code>CONNECTOR_ENCRYPTION_KEY</code> to enable
          this connector.
        </p>
      )}
      <div class="row">
        <Post
          action="/admin/connectors/quickbooks/connect"
          label={connected(s) ? "Reconnect" : "Connect QuickBooks"}
          member={member}
          primary={!connected(s)}
          disabled={!configured}
        />
        {connected(s) && <Post action="/admin/connectors/quickbooks/sync" label="Sync now" member={member} />}
        {connected(s) && <Post action="/admin/connectors/quickbooks/disconnect" label="Disconnect" member={member} />}
      </div>
    </section>
  )
}

export function NetsuiteCard({ s, member, demo }: { s: ConnectorSummary; member: Member; demo: Record<string, string> | null }) {
  return (
    <section class="card" aria-labelledby="ns-title">
      <div class="card-head">
        <h2 id="ns-title">NetSuite</h2>
        <Badge tone={statusTone[s.status]}>{statusWord[s.status]}</Badge>
      </div>
      <p class="muted small">
        Read-only through SuiteQL with token-based authentication (TBA): customers, open invoices and customer payments, every 15 minutes.
      </p>
      {s.health.banner && (
        <div class={`banner ${s.status === "red" ? "banner-bad" : "banner-warn"}`} role="status">
          {s.health.banner} Enter a new access token below.
        </div>
      )}
      {connected(s) && <LastSync s={s} />}
      {connected(s) && (
        <div class="row">
          <Post action="/admin/connectors/netsuite/sync" label="Sync now" member={member} />
          <Post action="/admin/connectors/netsuite/disconnect" label="Disconnect" member={member} />
        </div>
      )}
      <details open={!connected(s) || s.status === "red"}>
        <summary>{connected(s) ? "Replace the credentials" : "Connect NetSuite"}</summary>
        <p class="muted small">
          In NetSuite: an integration record with Token-Based Authentication (consumer key and secret), and an access token for a role that
          may view customers and transactions. The secrets are stored encrypted and never shown again.
        </p>
        {demo && <p class="flash flash-info">Development: the local NetSuite fake accepts the demo credentials filled in below.</p>}
        <form method="post" action="/admin/connectors/netsuite/connect" class="stack">
          <CsrfField token={member.csrfToken} />
          {(
            [
              ["account_id", "Account ID", "text"],
              ["consumer_key", "Consumer key", "text"],
              ["consumer_secret", "Consumer secret", "password"],
              ["token_id", "Token ID", "text"],
              ["token_secret", "Token secret", "password"],
            ] as const
          ).map(([name, text, type]) => (
            <label>
              {text}
              <input name={name} type={type} required autocomplete="off" value={demo?.[name] ?? ""} />
            </label>
          ))}
          <label>
            Token expires on (optional)
            <input name="expires_on" type="date" value={demo?.expires_on ?? ""} />
          </label>
          <button class="btn btn-primary" type="submit">
            Check and connect
          </button>
        </form>
      </details>
    </section>
  )
}

export function ConnectorHealthTable({ rows }: { rows: ConnectorSummary[] }) {
  return (
    <section class="card" aria-labelledby="health-title">
      <h2 id="health-title">Connector health</h2>
      <table class="table">
        <thead>
          <tr>
            <th>Connector</th>
            <th>Status</th>
            <th>Last sync</th>
            <th class="num">Rows changed</th>
            <th class="num">Rows refused</th>
            <th>Credentials expire</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{r.label}</td>
              <td>
                <Badge tone={statusTone[r.status]}>{statusWord[r.status]}</Badge>
              </td>
              <td>{when(r.lastSyncAt)}</td>
              <td class="num">{r.rowsChangedLastSync ?? "–"}</td>
              <td class="num">{r.status === "disconnected" ? "–" : r.errors}</td>
              <td>
                {r.expiresAt
                  ? `${r.expiresAt.slice(0, 10)}${r.health.daysToExpiry !== null && r.health.daysToExpiry <= 14 ? ` (in ${r.health.daysToExpiry} d)` : ""}`
                  : "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
