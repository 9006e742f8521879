// One outreach under review: the invoice, the message as the payer will read it, why it was drafted, and the actions.
import type { outreachForReview } from "../../../../db/outreach-queries"
import type { Member } from "../../../env"
import { Layout } from "../../layout"
import { Badge, CsrfField, Flash, MoneyText, PageHeader, type Tone } from "../../components/ui"

type Item = NonNullable<Awaited<ReturnType<typeof outreachForReview>>>
type Props = {
  member: Member
  item: Item
  canAct: boolean
  preview: { subject: string; body: string }
  flash: { kind: "good" | "warn" | "bad"; text: string } | null
}

const statusTone: Record<string, Tone> = {
  draft: "info",
  queued: "info",
  sending: "info",
  sent: "good",
  failed: "bad",
  suppressed: "warn",
  skipped: "neutral",
  rejected: "neutral",
}

export function QueueItemPage({ member, item, canAct, preview, flash }: Props) {
  const o = item.o
  const editable = canAct && o.status === "draft"
  return (
    <Layout title={`Reminder for ${item.invoiceNumber}`} member={member} active="/work/queue">
      <PageHeader
        title={`Reminder for ${item.invoiceNumber}`}
        subtitle={
          <>
            <Badge tone={statusTone[o.status] ?? "neutral"}>{o.status}</Badge> to {o.toEmail ?? "no contact"}
          </>
        }
        actions={
          <a class="btn" href="/work/queue">
            Back to the queue
          </a>
        }
      />
      {flash && <Flash kind={flash.kind}>{flash.text}</Flash>}
      <div class="grid grid-2">
        <section class="card">
          <h2>Invoice</h2>
          <dl class="facts">
            <dt>Customer</dt>
            <dd>{item.customerName}</dd>
            <dt>Invoice</dt>
            <dd>
              <a href={`/work/invoices/${o.invoiceId}`}>{item.invoiceNumber}</a>
              {item.disputed && (
                <>
                  {" "}
                  <Badge tone="warn">disputed</Badge>
                </>
              )}
            </dd>
            <dt>Balance</dt>
            <dd>
              <MoneyText minor={item.balanceMinor} currency={item.currency} /> of{" "}
              <MoneyText minor={item.amountMinor} currency={item.currency} />
            </dd>
            <dt>Issued / due</dt>
            <dd class="num">
              {item.issueDate} / {item.dueDate}
            </dd>
            <dt>Status</dt>
            <dd>{item.invoiceStatus}</dd>
          </dl>
        </section>
        <section class="card">
          <h2>Why it was drafted</h2>
          <p>{o.reason ?? "Written by a person from the queue."}</p>
          <dl class="facts">
            <dt>Segment</dt>
            <dd>
              {item.segmentName ?? "None"}
              {item.segmentMode && (
                <>
                  {" "}
                  <Badge tone={item.segmentMode === "autopilot" ? "good" : "info"}>
                    {item.segmentMode === "autopilot" ? "Autopilot" : "Shadow Mode"}
                  </Badge>
                </>
              )}
            </dd>
            <dt>Step</dt>
            <dd>{o.kind === "reminder" ? (o.stepPosition ?? "not recorded") : o.kind}</dd>
            <dt>Send at</dt>
            <dd class="num">{o.scheduledFor ? o.scheduledFor.slice(0, 16).replace("T", " ") + " UTC" : "next allowed time"}</dd>
            {o.rejectedReason && (
              <>
                <dt>Rejected</dt>
                <dd>{o.rejectedReason}</dd>
              </>
            )}
          </dl>
        </section>
      </div>
      <section class="card">
        <h2>Message as the payer will read it</h2>
        <p class="muted">
          Merge tags are filled with today's figures; the balance is checked again at the moment of sending, and the payment link is created
          then.
        </p>
        <div class="mail-preview">
          <div class="mail-subject">{preview.subject}</div>
          <pre class="mail-body">{preview.body}</pre>
        </div>
      </section>
      {editable && (
        <div class="grid grid-2">
          <section class="card">
            <h2>Edit</h2>
            <form method="post" action={`/work/queue/${o.id}/edit`} class="queue-form">
              <CsrfField token={member.csrfToken} />
              <div class="field">
                <label for="subject">Subject</label>
                <input id="subject" name="subject" value={o.subject} maxlength={200} required />
              </div>
              <div class="field">
                <label for="body">Message</label>
                <textarea id="body" name="body" rows={10} required>
                  {o.bodyText}
                </textarea>
              </div>
              <button class="btn" type="submit">
                Save changes
              </button>
            </form>
          </section>
          <section class="card">
            <h2>Decide</h2>
            <form method="post" action={`/work/queue/${o.id}/approve`} class="stack">
              <CsrfField token={member.csrfToken} />
              <button class="btn btn-primary" type="submit">
                Approve and send
              </button>
            </form>
            <form method="post" action={`/work/queue/${o.id}/reject`} class="stack queue-form">
              <CsrfField token={member.csrfToken} />
              <div class="field">
                <label for="reason">Reason for rejecting</label>
                <input id="reason" name="reason" maxlength={500} required placeholder="Customer called; payment is on its way" />
              </div>
              <button class="btn btn-danger" type="submit">
                Reject
              </button>
            </form>
          </section>
        </div>
      )}
    </Layout>
  )
}
