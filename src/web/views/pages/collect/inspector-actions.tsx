// The inspector's in-place actions: log a promise (with its channel), propose a plan, open a dispute, the payer
// link (copy or email), approve or reject the invoice's draft, the account's owner, a Sales nudge, a note.
// Each is a plain form (works without JavaScript) that htmx posts in place, swapping the inspector.
import { disputeReasonLabels, frequencyLabels, PLAN_ABSOLUTE_MAX } from "../../../../domain/portal-rules"
import { addDays } from "../../../../domain/dates"
import { CsrfField } from "../../components/ui"

export type Can = { outreach: boolean; notes: boolean; propose: boolean; disputes: boolean }
export type Owner = { userId: string; label: string }
type Base = { invoiceId: string; csrf: string }

/** htmx attributes: post the form and swap the inspector it sits in. */
const inPlace = (action: string) => ({
  method: "post" as const,
  action,
  "hx-post": action,
  "hx-target": "#inspector",
  "hx-swap": "innerHTML",
})
const path = (invoiceId: string, action: string) => `/work/queue/invoices/${invoiceId}/${action}`

export function PromiseForm({
  invoiceId,
  csrf,
  today,
  suggested,
  balance,
  formKey,
}: Base & { today: string; suggested: string | null; balance: string; formKey: string }) {
  return (
    <form class="inspector-block inline-form" {...inPlace(path(invoiceId, "promise"))}>
      <h3>{suggested ? "Log the promise from the reply" : "Log a promise"}</h3>
      <CsrfField token={csrf} />
      <input type="hidden" name="form_key" value={formKey} />
      <label>
        Date <input type="date" name="promised_date" required value={suggested ?? ""} min={today} />
      </label>
      <label>
        Amount <input type="text" name="amount" inputmode="decimal" value={balance} />
      </label>
      <label>
        Heard by{" "}
        <select name="channel">
          <option value="email" selected={suggested !== null}>
            Email reply
          </option>
          <option value="phone" selected={suggested === null}>
            Call
          </option>
          <option value="meeting">Meeting</option>
          <option value="portal">Portal</option>
          <option value="other">Other</option>
        </select>
      </label>
      <button type="submit" class="btn btn-primary" data-confirm-promise>
        {suggested ? `Confirm ${suggested}` : "Log promise"}
      </button>
    </form>
  )
}

export function PlanForm({ invoiceId, csrf, today, formKey }: Base & { today: string; formKey: string }) {
  return (
    <details class="inspector-block inspector-more" data-action="plan">
      <summary>Set up a payment plan</summary>
      <form class="inline-form" {...inPlace(path(invoiceId, "plan"))}>
        <CsrfField token={csrf} />
        <input type="hidden" name="form_key" value={formKey} />
        <label>
          Instalments <input type="number" name="count" min={2} max={PLAN_ABSOLUTE_MAX} value="3" required />
        </label>
        <label>
          Every{" "}
          <select name="frequency">
            {(Object.keys(frequencyLabels) as (keyof typeof frequencyLabels)[]).map((f) => (
              <option value={f} selected={f === "monthly"}>
                {frequencyLabels[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          First payment <input type="date" name="first_date" required min={today} value={addDays(today, 7)} />
        </label>
        <button type="submit" class="btn">
          Set up plan
        </button>
        <p class="hint">Within the policy's limit it starts at once; beyond it, it goes to approval first.</p>
      </form>
    </details>
  )
}

export function DisputeForm({ invoiceId, csrf, formKey }: Base & { formKey: string }) {
  return (
    <details class="inspector-block inspector-more" data-action="dispute">
      <summary>Open a dispute for the payer</summary>
      <form {...inPlace(path(invoiceId, "dispute"))}>
        <CsrfField token={csrf} />
        <input type="hidden" name="form_key" value={formKey} />
        <label>
          Reason{" "}
          <select name="reason" required>
            {(Object.keys(disputeReasonLabels) as (keyof typeof disputeReasonLabels)[]).map((r) => (
              <option value={r}>{disputeReasonLabels[r]}</option>
            ))}
          </select>
        </label>
        <textarea name="message" rows={2} maxlength={4000} placeholder="What the payer said, e.g. 'billed 40 units, received 32'" />
        <button type="submit" class="btn">
          Open dispute
        </button>
        <p class="hint">Reminders pause for this invoice while the dispute is open.</p>
      </form>
    </details>
  )
}

export function PayerLinkBlock({
  invoiceId,
  csrf,
  contact,
  link,
}: Base & { contact: string | null; link?: { url: string; expiresAt: string } }) {
  return (
    <div class="inspector-block" data-action="payer-link">
      <h3>Payer link</h3>
      {link && (
        <div class="payer-link">
          <input type="text" readonly value={link.url} aria-label="Payer link" id="inspector-payer-link" />
          <button type="button" class="btn" data-copy={link.url}>
            Copy link
          </button>
          <p class="hint">{`Valid until ${link.expiresAt.slice(0, 10)}. Anyone with it sees this customer's open invoices; send it only to them.`}</p>
        </div>
      )}
      <form class="row p-gap" {...inPlace(path(invoiceId, "payer-link"))}>
        <CsrfField token={csrf} />
        <button type="submit" class="btn" name="do" value="copy">
          Create a link to copy
        </button>
        {contact && (
          <button type="submit" class="btn" name="do" value="send">
            Email it to {contact}
          </button>
        )}
      </form>
    </div>
  )
}

export function DraftBlock({ invoiceId, csrf, drafts }: Base & { drafts: { id: string; subject: string; reason: string | null }[] }) {
  // Subjects arrive rendered for this invoice (merge tags filled), as the payer will read them.
  if (drafts.length === 0) return null
  return (
    <div class="inspector-block" data-action="draft">
      <h3>{drafts.length === 1 ? "Draft waiting for review" : `${drafts.length} drafts waiting for review`}</h3>
      {drafts.map((d) => (
        <form class="draft-decision" {...inPlace(path(invoiceId, "draft"))}>
          <CsrfField token={csrf} />
          <input type="hidden" name="outreach_id" value={d.id} />
          <p class="small">
            <a href={`/work/queue/${d.id}`}>{d.subject}</a>
            {d.reason ? <span class="muted"> · {d.reason}</span> : null}
          </p>
          <button type="submit" class="btn btn-primary" name="decision" value="approve" data-approve-draft>
            Approve and send
          </button>
          <button type="submit" class="btn" name="decision" value="reject">
            Reject
          </button>
          <input type="text" name="reason" maxlength={500} placeholder="Reason, if you reject it" aria-label="Reason for rejecting" />
        </form>
      ))}
    </div>
  )
}

export function OwnerForm({ invoiceId, csrf, owners, ownerId, me }: Base & { owners: Owner[]; ownerId: string | null; me: string | null }) {
  const current = owners.find((o) => o.userId === ownerId)
  return (
    <form class="inspector-block inline-form" {...inPlace(path(invoiceId, "owner"))} data-action="owner">
      <h3>Account owner</h3>
      <CsrfField token={csrf} />
      <label>
        <span class="sr-only">Owner</span>
        <select name="owner_id">
          <option value="">Nobody</option>
          {owners.map((o) => (
            <option value={o.userId} selected={o.userId === ownerId}>
              {o.userId === me ? `${o.label}, me` : o.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="btn">
        Save owner
      </button>
      {!current && me && owners.some((o) => o.userId === me) && (
        <button type="submit" class="btn" name="owner_id" value={me}>
          Take this account
        </button>
      )}
    </form>
  )
}

export function NudgeForm({ invoiceId, csrf }: Base) {
  return (
    <form class="inspector-block" {...inPlace(path(invoiceId, "nudge"))} data-action="nudge">
      <h3>Request a safe nudge</h3>
      <CsrfField token={csrf} />
      <textarea name="note" rows={2} maxlength={500} placeholder="For the Operator, e.g. 'they told me the PO is approved'" />
      <button type="submit" class="btn">
        Request nudge
      </button>
      <p class="hint">A friendly reminder lands as a draft for an Operator to review; nothing is sent until they approve it.</p>
    </form>
  )
}

export function NoteForm({ invoiceId, csrf }: Base) {
  return (
    <form class="inspector-block" {...inPlace(path(invoiceId, "note"))}>
      <h3>Add a note</h3>
      <CsrfField token={csrf} />
      <textarea name="body" rows={3} maxlength={4000} required placeholder="Spoke with AP, payment run is Thursday..." />
      <button type="submit" class="btn">
        Save note
      </button>
    </form>
  )
}
