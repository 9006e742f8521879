// Development mailbox pages: every email the app "sent", newest first, and one message with its links.
import { Head } from "../layout"
import { Badge, EmptyState, DataTable } from "../components/ui"
import { formatUtc } from "./people-format"

export type DevMailRow = {
  id: string
  to: string
  from: string | null
  subject: string
  text: string
  html: string | null
  headers: Record<string, string>
  sentAt: string
  outreachId: string | null
  attachments: { filename: string; contentType: string; base64: string }[] | null
}

/** The size in bytes of base64 content (4 characters carry 3 bytes, less the padding). */
export function base64Size(b64: string): number {
  const clean = b64.replace(/\s+/g, "")
  return Math.floor((clean.length * 3) / 4) - (clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0)
}

/** "12.3 KB" / "845 B": what a mail client shows beside an attachment. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export const attachmentUrl = (mailId: string, index: number) => `/dev/mail/${mailId}/attachments/${index}`

function DevShell({ title, children }: { title: string; children?: unknown }) {
  return (
    <html lang="en">
      <Head title={title} />
      <body class="dev-body">
        <header class="topbar">
          <a class="brand" href="/sign-in">
            <span class="brand-mark" aria-hidden="true">
              P
            </span>{" "}
            Plixo
          </a>
          <span class="org-name">Development mailbox</span>
          <div class="topbar-right">
            <a class="link-quiet" href="/dev/mail.json">
              JSON
            </a>
            <a class="link-quiet" href="/sign-in">
              Sign-in
            </a>
          </div>
        </header>
        <main class="content dev-main">{children as never}</main>
      </body>
    </html>
  )
}

export function DevMailListPage({ messages, to }: { messages: DevMailRow[]; to: string | null }) {
  return (
    <DevShell title="Dev mailbox">
      <div class="page-header">
        <div>
          <h1>Dev mailbox</h1>
          <p class="subtitle">In development Plixo stores emails here instead of sending them. Newest first.</p>
        </div>
        <form method="get" action="/dev/mail" class="filters">
          <div class="field">
            <label for="to">Recipient</label>
            <input type="search" id="to" name="to" value={to ?? ""} placeholder="name@company.com" />
          </div>
          <button class="btn" type="submit">
            Filter
          </button>
        </form>
      </div>
      {messages.length === 0 ? (
        <EmptyState title="No emails yet">Request a sign-in link or invite a colleague; the email shows up here.</EmptyState>
      ) : (
        <DataTable columns={["Sent", "To", "Subject", "Kind", "Attachments"]}>
          {messages.map((m) => (
            <tr>
              <td class="num">{formatUtc(m.sentAt)}</td>
              <td>{m.to}</td>
              <td>
                <a href={`/dev/mail/${m.id}`}>{m.subject}</a>
              </td>
              <td>{m.outreachId ? <Badge tone="info">Reminder</Badge> : <Badge>Account</Badge>}</td>
              <td>
                {(m.attachments ?? []).map((a, i) => (
                  <a class="attachment-chip" href={attachmentUrl(m.id, i)} download={a.filename}>
                    {a.filename}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </DevShell>
  )
}

/** http(s) links in the text part, so a sign-in or invitation link is one click away. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])]
}

export function DevMailMessagePage({ m }: { m: DevMailRow }) {
  const links = linksIn(m.text)
  return (
    <DevShell title={m.subject}>
      <p>
        <a href="/dev/mail">← All emails</a>
      </p>
      <section class="card">
        <h1>{m.subject}</h1>
        <dl class="facts">
          <dt>To</dt>
          <dd>{m.to}</dd>
          <dt>From</dt>
          <dd>{m.from ?? "—"}</dd>
          <dt>Sent</dt>
          <dd>{formatUtc(m.sentAt)}</dd>
          {Object.entries(m.headers).map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd class="mono small">{v}</dd>
            </>
          ))}
        </dl>
      </section>
      {(m.attachments?.length ?? 0) > 0 && (
        <section class="card" aria-labelledby="attachments-title">
          <h2 id="attachments-title">Attachments</h2>
          <DataTable columns={["File", "Type", { label: "Size", align: "num" }, ""]}>
            {m.attachments!.map((a, i) => (
              <tr>
                <td>{a.filename}</td>
                <td class="mono small">{a.contentType}</td>
                <td class="num">{sizeLabel(base64Size(a.base64))}</td>
                <td>
                  <a href={attachmentUrl(m.id, i)} download={a.filename}>
                    Download
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
      {links.length > 0 && (
        <section class="card">
          <h2>Links in this email</h2>
          <ul class="plain-list">
            {links.map((l) => (
              <li>
                <a href={l} class="mono small break">
                  {l}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card">
        <h2>Text</h2>
        <pre class="mail-text">{m.text}</pre>
        {m.html && (
          <p>
            <a href={`/dev/mail/${m.id}/html`} target="_blank" rel="noopener">
              Open the HTML version
            </a>
          </p>
        )}
      </section>
    </DevShell>
  )
}
