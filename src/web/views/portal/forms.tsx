// Portal forms: promise to pay, payment plan, dispute. Plain POST forms that htmx upgrades to in-place swaps.
import type { Child } from "hono/jsx"
import { disputeReasonLabels, frequencyLabels, EVIDENCE_MAX_BYTES } from "../../../domain/portal-rules"
import { formatMoney, toDecimalString } from "../../../domain/money"
import { randomToken } from "../../../services/crypto"

export type FormState = { errors?: Record<string, string>; values?: Record<string, string>; done?: string }
type Inv = { id: string; number: string; currency: string; balanceMinor: number }

function Hidden({ csrf }: { csrf: string }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="_form" value={randomToken(16)} />
    </>
  )
}

function FieldError({ errors, name }: { errors?: Record<string, string>; name: string }) {
  const e = errors?.[name]
  return e ? (
    <p class="error-text" id={`${name}-error`}>
      {e}
    </p>
  ) : null
}

function Section({ id, title, done, children }: { id: string; title: string; done?: string; children?: Child }) {
  return (
    <section class="card p-card" id={id}>
      <h2>{title}</h2>
      {done ? (
        <>
          <div class="flash flash-good" role="status">
            {done}
          </div>
          <p>
            <a href="/p/home">Back to your invoices</a>
          </p>
        </>
      ) : (
        children
      )}
    </section>
  )
}

const formError = (errors?: Record<string, string>) =>
  errors?._form ? (
    <div class="flash flash-bad" role="alert">
      {errors._form}
    </div>
  ) : null

export function PromiseForm({
  inv,
  csrf,
  today,
  maxDate,
  state = {},
}: {
  inv: Inv
  csrf: string
  today: string
  maxDate: string
  state?: FormState
}) {
  const v = state.values ?? {}
  return (
    <Section id="promise" title="Promise to pay" done={state.done}>
      {formError(state.errors)}
      <form
        method="post"
        action={`/p/invoices/${inv.id}/promise`}
        hx-post={`/p/invoices/${inv.id}/promise`}
        hx-target="#promise"
        hx-swap="outerHTML"
        hx-disabled-elt="find button"
      >
        <Hidden csrf={csrf} />
        <div class="p-fields">
          <div class="field">
            <label for="promised_date">Pay by</label>
            <input
              type="date"
              id="promised_date"
              name="promised_date"
              min={today}
              max={maxDate}
              value={v.promised_date ?? ""}
              required
              aria-invalid={state.errors?.promised_date ? "true" : undefined}
            />
            <FieldError errors={state.errors} name="promised_date" />
          </div>
          <div class="field">
            <label for="amount">Amount ({inv.currency})</label>
            <input
              type="text"
              inputmode="decimal"
              id="amount"
              name="amount"
              value={v.amount ?? toDecimalString(inv.balanceMinor, inv.currency)}
              required
              aria-invalid={state.errors?.amount ? "true" : undefined}
            />
            <FieldError errors={state.errors} name="amount" />
          </div>
        </div>
        <p class="hint">Any date up to {maxDate}. We pause reminders until then and send you a confirmation.</p>
        <button class="btn btn-primary" type="submit">
          Promise to pay
        </button>
      </form>
    </Section>
  )
}

export function PlanForm({ inv, csrf, maxInstalments, state = {} }: { inv: Inv; csrf: string; maxInstalments: number; state?: FormState }) {
  const v = state.values ?? {}
  return (
    <Section id="plan" title="Pay in instalments" done={state.done}>
      {formError(state.errors)}
      <form
        method="post"
        action={`/p/invoices/${inv.id}/plan`}
        hx-post={`/p/invoices/${inv.id}/plan`}
        hx-target="#plan"
        hx-swap="outerHTML"
        hx-disabled-elt="find button"
      >
        <Hidden csrf={csrf} />
        <div class="p-fields">
          <div class="field">
            <label for="count">Instalments</label>
            <input
              type="number"
              id="count"
              name="count"
              min="2"
              max="24"
              value={v.count ?? "3"}
              required
              aria-invalid={state.errors?.count ? "true" : undefined}
            />
            <FieldError errors={state.errors} name="count" />
          </div>
          <div class="field">
            <label for="frequency">How often</label>
            <select id="frequency" name="frequency">
              {Object.entries(frequencyLabels).map(([value, label]) => (
                <option value={value} selected={(v.frequency ?? "monthly") === value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="first_date">First payment</label>
            <input
              type="date"
              id="first_date"
              name="first_date"
              value={v.first_date ?? ""}
              required
              aria-invalid={state.errors?.first_date ? "true" : undefined}
            />
            <FieldError errors={state.errors} name="first_date" />
          </div>
        </div>
        <p class="hint">
          Up to {maxInstalments} instalments of the {formatMoney(inv.balanceMinor, inv.currency)} balance start at once; a longer plan is
          reviewed by our team.
        </p>
        <button class="btn" type="submit">
          Propose plan
        </button>
      </form>
    </Section>
  )
}

export function DisputeForm({ inv, csrf, state = {} }: { inv: Inv; csrf: string; state?: FormState }) {
  const v = state.values ?? {}
  return (
    <Section id="dispute" title="Something wrong with this invoice?" done={state.done}>
      {formError(state.errors)}
      <form
        method="post"
        action={`/p/invoices/${inv.id}/dispute`}
        enctype="multipart/form-data"
        hx-post={`/p/invoices/${inv.id}/dispute`}
        hx-encoding="multipart/form-data"
        hx-target="#dispute"
        hx-swap="outerHTML"
        hx-disabled-elt="find button"
      >
        <Hidden csrf={csrf} />
        <div class="field">
          <label for="reason">Reason</label>
          <select id="reason" name="reason" required aria-invalid={state.errors?.reason ? "true" : undefined}>
            <option value="">Choose…</option>
            {Object.entries(disputeReasonLabels).map(([value, label]) => (
              <option value={value} selected={v.reason === value}>
                {label}
              </option>
            ))}
          </select>
          <FieldError errors={state.errors} name="reason" />
        </div>
        <div class="field">
          <label for="message">What should we know?</label>
          <textarea id="message" name="message" maxlength={4000}>
            {v.message ?? ""}
          </textarea>
          <FieldError errors={state.errors} name="message" />
        </div>
        <div class="field">
          <label for="evidence">Evidence (optional)</label>
          <input
            type="file"
            id="evidence"
            name="evidence"
            accept=".pdf,.png,.jpg,.jpeg,.csv,application/pdf,image/png,image/jpeg,text/csv"
            data-max-bytes={String(EVIDENCE_MAX_BYTES)}
            aria-invalid={state.errors?.evidence ? "true" : undefined}
          />
          <p class="hint">PDF, PNG, JPEG or CSV, up to 10 MB.</p>
          <FieldError errors={state.errors} name="evidence" />
        </div>
        <p class="hint">Reminders for this invoice stop while we look into it.</p>
        <button class="btn" type="submit">
          Send dispute
        </button>
      </form>
    </Section>
  )
}
