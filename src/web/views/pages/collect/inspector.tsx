// The inspector of one invoice beside the worklist: facts, recommendation, the send rule's answer, the actions a
// role may take in place (inspector-actions.tsx), and the timeline. htmx swaps it; it also renders in the full page.
import type { Child } from "hono/jsx"
import { mergeValuesFor, renderText } from "../../../../domain/merge-tags"
import { riskBand, riskBandLabels } from "../../../../domain/risk-score"
import { actionLabels } from "../../../../domain/worklist"
import type { inspectInvoice } from "../../../../services/inspector"
import type { Member } from "../../../env"
import { Badge, Flash, MoneyText } from "../../components/ui"
import {
  type Can,
  DisputeForm,
  DraftBlock,
  NoteForm,
  NudgeForm,
  type Owner,
  OwnerForm,
  PayerLinkBlock,
  PlanForm,
  PromiseForm,
} from "./inspector-actions"
import { ExpectedText, riskTone } from "./workspace"

export type Inspected = Awaited<ReturnType<typeof inspectInvoice>>
export type FlashMessage = { kind: "good" | "warn" | "bad"; text: string }

function when(iso: string) {
  return iso.length > 10 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso
}

function TimelineItem({ e, render }: { e: Inspected["timeline"][number]; render: (text: string) => string }): Child {
  const text =
    e.kind === "outreach"
      ? `${e.outreach_kind === "reminder" ? "Reminder" : e.outreach_kind === "nudge" ? "Nudge" : "Email"} ${String(e.status)}: ${render(String(e.subject))}`
      : e.kind === "reply"
        ? `Reply from ${String(e.from ?? "the payer")}`
        : e.kind === "promise"
          ? `Promise (${String(e.status)}) to pay by ${String(e.promised_date)}${e.channel ? `, heard by ${String(e.channel)}` : ""}`
          : e.kind === "plan"
            ? `Payment plan (${String(e.status)}): ${String(e.instalments)} ${String(e.frequency)} instalments from ${String(e.first_date)}`
            : e.kind === "payment"
              ? `Payment received (${String(e.method)})`
              : e.kind === "dispute"
                ? `Dispute (${String(e.status)}): ${String(e.reason)}`
                : `Note: ${String(e.body)}`
  return (
    <li class={`timeline-item timeline-${e.kind}`}>
      <span class="muted small">{when(e.at)}</span> {text}
      {e.kind === "payment" && typeof e.amount_minor === "number" ? (
        <>
          {" "}
          <MoneyText minor={e.amount_minor} currency={String(e.currency)} />
        </>
      ) : null}
      {e.kind === "reply" && e.text ? <blockquote class="reply-text">{String(e.text)}</blockquote> : null}
    </li>
  )
}

export function InspectorPanel({
  x,
  member,
  can,
  today,
  owners = [],
  flash,
  link,
}: {
  x: Inspected
  member: Member
  can: Can
  today: string
  owners?: Owner[]
  flash?: FlashMessage | null
  link?: { url: string; expiresAt: string }
}) {
  const { invoice, customer, contacts } = x.detail
  const row = x.row
  const score = row?.riskScore ?? null
  const waitingReply = x.timeline.find((t) => t.kind === "reply" && t.waiting)
  const named = (waitingReply?.suggested_promise_date as string | null | undefined) ?? null
  const suggested = named && named >= today ? named : null
  const open = invoice.status === "open" && invoice.balanceMinor > 0
  const base = { invoiceId: invoice.id, csrf: member.csrfToken }
  const formKey = (what: string) => `${what}:${invoice.id}:${today}:${member.userId ?? "key"}`
  const values = mergeValuesFor({
    orgName: member.orgName,
    customerName: customer!.name,
    invoiceNumber: invoice.invoiceNumber,
    balanceMinor: invoice.balanceMinor,
    currency: invoice.currency,
    dueDate: invoice.dueDate,
    today,
  })
  const drafts = x.detail.outreach
    .filter((o) => o.status === "draft")
    .map((o) => ({ id: o.id, subject: renderText(o.subject, values), reason: o.reason }))
  const contact = contacts.find((k) => k.email)
  const owner = owners.find((o) => o.userId === customer!.ownerId)
  return (
    <section class="card inspector" id="inspector-card" data-invoice-id={invoice.id} aria-label={`Inspector for ${invoice.invoiceNumber}`}>
      {flash && <Flash kind={flash.kind}>{flash.text}</Flash>}
      <div class="card-head">
        <h2>
          <a href={`/work/invoices/${invoice.id}`}>{invoice.invoiceNumber}</a> · {customer!.name}
        </h2>
        {score !== null && <Badge tone={riskTone(score)}>{`${riskBandLabels[riskBand(score)]} · ${score}`}</Badge>}
      </div>
      <dl class="inspector-facts">
        <div>
          <dt>Balance</dt>
          <dd>
            <MoneyText minor={invoice.balanceMinor} currency={invoice.currency} />
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{`${invoice.dueDate} (${x.daysPastDue > 0 ? `${x.daysPastDue} days late` : x.daysPastDue === 0 ? "today" : `in ${-x.daysPastDue} days`})`}</dd>
        </div>
        <div>
          <dt>Expected payment</dt>
          <dd>{row ? <ExpectedText p={row.predicted} long /> : "—"}</dd>
        </div>
        <div>
          <dt>Contact</dt>
          <dd>{contacts[0] ? `${contacts[0].name ?? ""} ${contacts[0].email ?? ""}`.trim() : "No contact on file"}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{owner ? owner.label : customer!.ownerId ? "Someone no longer in the team" : "Nobody yet"}</dd>
        </div>
      </dl>
      {row && (
        <div class="inspector-block">
          <h3>Recommended: {actionLabels[row.action]}</h3>
          <ul class="small">
            {[...row.actionReasons, ...row.reasons].map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="inspector-block">
        <h3>{x.sendRule.may_send_now ? "Plixo may send now" : "Why Plixo will not send now"}</h3>
        {x.sendRule.blockers.length > 0 && (
          <ul class="small">
            {x.sendRule.blockers.map((b) => (
              <li data-blocker={b.code}>{b.message}</li>
            ))}
          </ul>
        )}
        {!x.sendRule.may_send_now && (
          <p class="small muted">
            {x.sendRule.next_send_at
              ? `Next send possible ${when(x.sendRule.next_send_at)} UTC.`
              : "No send is possible until the blocker is cleared."}
          </p>
        )}
      </div>
      {can.outreach && <DraftBlock {...base} drafts={drafts} />}
      {can.outreach && open && (
        <PromiseForm
          {...base}
          today={today}
          suggested={suggested}
          balance={(invoice.balanceMinor / 100).toFixed(2)}
          formKey={formKey("prm")}
        />
      )}
      {can.propose && open && <PlanForm {...base} today={today} formKey={formKey("plan")} />}
      {can.disputes && open && !invoice.disputed && <DisputeForm {...base} formKey={formKey("dsp")} />}
      {can.outreach && <PayerLinkBlock {...base} contact={contact?.email ?? null} link={link} />}
      {can.outreach && owners.length > 0 && <OwnerForm {...base} owners={owners} ownerId={customer!.ownerId} me={member.userId} />}
      {can.notes && !can.outreach && open && <NudgeForm {...base} />}
      {can.notes && <NoteForm {...base} />}
      <div class="inspector-block">
        <h3>Timeline</h3>
        {x.timeline.length === 0 ? (
          <p class="muted small">Nothing has happened on this invoice yet.</p>
        ) : (
          <ol class="timeline">
            {x.timeline.slice(0, 30).map((e) => (
              <TimelineItem e={e} render={(t) => renderText(t, values)} />
            ))}
          </ol>
        )}
      </div>
    </section>
  )
}
