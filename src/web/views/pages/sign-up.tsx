// Sign-up form: organisation name as in the ERP, your name, work email, optional partner referral code.
import { CsrfField, Flash } from "../components/ui"
import { BareLayout } from "../layout"

export type SignUpValues = { org_name: string; name: string; email: string; referral_code: string }
export type FieldErrors = Partial<Record<keyof SignUpValues | "confirm_personal", string>>

export function SignUpPage({
  csrf,
  values,
  errors,
  personalWarning,
}: {
  csrf: string
  values: SignUpValues
  errors: FieldErrors
  personalWarning: boolean
}) {
  const field = (name: keyof SignUpValues, label: string, type: string, hint?: string, required = true) => (
    <div class="field">
      <label for={name}>{label}</label>
      <input
        type={type}
        id={name}
        name={name}
        value={values[name]}
        required={required}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={`${name}-hint`}
      />
      {errors[name] ? (
        <div class="error-text" id={`${name}-hint`}>
          {errors[name]}
        </div>
      ) : hint ? (
        <div class="hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  )
  return (
    <BareLayout title="Create your workspace">
      <div class="card narrow">
        <h1>Create your workspace</h1>
        <p class="muted">You become the first Controller and can invite your team afterwards.</p>
        {Object.keys(errors).length > 0 && !personalWarning && <Flash kind="bad">Please correct the fields marked below.</Flash>}
        <form method="post" action="/sign-up">
          <CsrfField token={csrf} />
          {field(
            "org_name",
            "Organisation name",
            "text",
            "Exactly as in your ERP, so invoices and reminders match what your customers know.",
          )}
          {field("name", "Your name", "text")}
          {field("email", "Work email", "email", "We send a confirmation link to this address.")}
          {personalWarning && (
            <div class="flash flash-warn" role="alert">
              <strong>{values.email} looks like a personal mailbox.</strong> Use your work email so your colleagues recognise you and access
              ends when you leave the company.
              <label class="check">
                <input type="checkbox" name="confirm_personal" value="yes" /> I understand; use this address anyway.
              </label>
            </div>
          )}
          {field("referral_code", "Partner referral code (optional)", "text", "If a Plixo partner referred you.", false)}
          <button class="btn btn-primary btn-block" type="submit">
            Email me a confirmation link
          </button>
        </form>
        <p class="small muted auth-alt">
          Already using Plixo? <a href="/sign-in">Sign in</a>
        </p>
      </div>
    </BareLayout>
  )
}
