// The review queue: drafts grouped by segment and customer, operator tasks, payer replies and failed deliveries.
import type { draftsForReview, failedOutreach, openTasks, recentReplies } from "../../../../db/outreach-queries"
import type { Child } from "hono/jsx"
import type { Member } from "../../../env"
import { can } from "../../../../domain/roles"
import { Layout } from "../../layout"
import { Badge, CsrfField, EmptyState, Flash, MoneyText, PageHeader, DataTable } from "../../components/ui"

type Drafts = Awaited<ReturnType<typeof draftsForReview>>
type Props = {
  member: Member
  workspace?: Child
  canAct: boolean
  drafts: Drafts
  draftTotal: number
  /** What the subtitle says: drafts, the open invoices they sit on (the Drafts card's count), and those on closed invoices. */
  draftCounts?: { n: number; openInvoices: number; onClosed: number }
  tasks: Awaited<ReturnType<typeof openTasks>>
  replies: Awaited<ReturnType<typeof recentReplies>>
  failed: Awaited<ReturnType<typeof failedOutreach>>
  flash: { kind: "good" | "warn" | "bad"; text: string } | null
}

const when = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "")

/** Drafts by segment, then by customer, in the order the query returned them. */
function grouped(drafts: Drafts) {
  const segments = new Map<string, { name: string; customers: Map<string, { name: string; rows: Drafts }> }>()
  for (const d of drafts) {
    const segKey = d.segmentId ?? "none"
    let seg = segments.get(segKey)
    if (!seg) segments.set(segKey, (seg = { name: d.segmentName ?? "Not in a segment (manual or earlier policy)", customers: new Map() }))
    let cus = seg.customers.get(d.customerId)
    if (!cus) seg.customers.set(d.customerId, (cus = { name: d.customerName, rows: [] }))
    cus.rows.push(d)
  }
  return [...segments.values()]
}

/** "83 drafts waiting for review, on 79 open invoices (2 on invoices already paid or closed)": each figure says what it counts. */
export function draftsSubtitle(total: number, counts?: Props["draftCounts"]): string {
  const drafts = `${total.toLocaleString("en-US")} draft${total === 1 ? "" : "s"} waiting for review`
  if (!counts || (counts.openInvoices === counts.n && counts.onClosed === 0)) return drafts
  const closed = counts.onClosed ? ` (${counts.onClosed.toLocaleString("en-US")} on invoices already paid or closed)` : ""
  return `${drafts}, on ${counts.openInvoices.toLocaleString("en-US")} open invoice${counts.openInvoices === 1 ? "" : "s"}${closed}`
}

export function QueuePage({ member, workspace, canAct, drafts, draftTotal, draftCounts, tasks, replies, failed, flash }: Props) {
  return (
    <Layout title="Collections queue" member={member} active="/work/queue">
      <PageHeader
        title="Collections queue"
        subtitle={`${draftsSubtitle(draftTotal, draftCounts)} · ${tasks.length} open task${tasks.length === 1 ? "" : "s"}`}
      />
      {flash && <Flash kind={flash.kind}>{flash.text}</Flash>}
      {workspace}
      <section class="card" id="drafts">
        <h2>Drafts to review</h2>
        {drafts.length === 0 ? (
          <EmptyState
            title="Nothing to review"
            action={
              can(member.role, "segments") ? (
                <a class="btn" href="/admin/segments">
                  Set up a segment in Shadow Mode
                </a>
              ) : undefined
            }
          >
            Segments in Shadow Mode put their reminders here before anything is sent. The next Autopilot tick runs within five minutes.
          </EmptyState>
        ) : (
          <form method="post" action="/work/queue/approve">
            <CsrfField token={member.csrfToken} />
            {grouped(drafts).map((seg) => (
              <div class="queue-segment">
                <h3>{seg.name}</h3>
                {[...seg.customers.values()].map((cus) => (
                  <div class="table-wrap queue-customer">
                    <table>
                      <caption class="queue-caption">{cus.name}</caption>
                      <thead>
                        <tr>
                          {canAct && (
                            <th scope="col">
                              <span class="sr-only">Select</span>
                            </th>
                          )}
                          <th scope="col">Invoice</th>
                          <th scope="col">Subject</th>
                          <th scope="col" class="num">
                            Balance
                          </th>
                          <th scope="col">Due</th>
                          <th scope="col">To</th>
                          <th scope="col"></th>
                        </tr>
                      </thead>
                      <tbody>
                        {cus.rows.map((d) => (
                          <tr>
                            {canAct && (
                              <td>
                                <input type="checkbox" name="ids" value={d.id} aria-label={`Select the draft for ${d.invoiceNumber}`} />
                              </td>
                            )}
                            <td>
                              <a href={`/work/invoices/${d.invoiceId}`}>{d.invoiceNumber}</a>
                            </td>
                            <td>{d.subject}</td>
                            <td class="num">
                              <MoneyText minor={d.balanceMinor} currency={d.currency} />
                            </td>
                            <td class="num">{d.dueDate}</td>
                            <td>{d.toEmail}</td>
                            <td>
                              <a class="btn" href={`/work/queue/${d.id}`}>
                                Review
                              </a>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ))}
              </div>
            ))}
            {canAct && (
              <div class="page-actions">
                <button class="btn btn-primary" type="submit">
                  Approve selected
                </button>
                <span class="muted">Approved drafts are sent at the payer's next business hour, within the send caps.</span>
              </div>
            )}
            {draftTotal > drafts.length && (
              <p class="muted">
                Showing the first {drafts.length} of {draftTotal.toLocaleString("en-US")} drafts.
              </p>
            )}
          </form>
        )}
      </section>

      <section class="card">
        <h2>Operator tasks</h2>
        {tasks.length === 0 ? (
          <p class="muted">No open tasks. Invoices with no answer after the cadence's escalation delay appear here.</p>
        ) : (
          <DataTable columns={["Task", "Customer", "Invoice", "Since", ""]}>
            {tasks.map((t) => (
              <tr>
                <td>
                  {t.task.title} <Badge tone="warn">{t.task.kind.replace("_", " ")}</Badge>
                </td>
                <td>{t.customerName ?? ""}</td>
                <td>{t.task.invoiceId ? <a href={`/work/invoices/${t.task.invoiceId}`}>{t.invoiceNumber ?? t.task.invoiceId}</a> : ""}</td>
                <td class="num">{when(t.task.createdAt)}</td>
                <td>
                  {canAct && (
                    <form method="post" action={`/work/tasks/${t.task.id}/done`} class="inline">
                      <CsrfField token={member.csrfToken} />
                      <button class="btn" type="submit">
                        Mark done
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <div class="grid grid-2">
        <section class="card">
          <h2>Replies from payers</h2>
          {replies.length === 0 ? (
            <p class="muted">No replies in the last 14 days.</p>
          ) : (
            <ul class="reply-list">
              {replies.map((r) => (
                <li>
                  <strong>{r.event.email}</strong> on{" "}
                  {r.event.invoiceId ? <a href={`/work/invoices/${r.event.invoiceId}`}>{r.invoiceNumber}</a> : "an invoice"}{" "}
                  <span class="muted">{when(r.event.createdAt)}</span>
                  <div class="reply-snippet">{(r.event.detail ?? "").slice(0, 240)}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card">
          <h2>Failed deliveries</h2>
          {failed.length === 0 ? (
            <p class="muted">Every queued reminder was delivered or is on its way.</p>
          ) : (
            <DataTable columns={["To", "Why", "When"]}>
              {failed.map((f) => (
                <tr>
                  <td>
                    <a href={`/work/queue/${f.id}`}>{f.toEmail}</a>
                  </td>
                  <td>{f.reason}</td>
                  <td class="num">{when(f.updatedAt)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      </div>
    </Layout>
  )
}
