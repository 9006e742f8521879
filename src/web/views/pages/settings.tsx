// Admin -> Settings: the name, sender, reply-to, logo and colour payers see, the From line they make, and the catch-up rule.
import { type CatchUpStart, catchUpStartLabels, catchUpStarts, type OrgSettings, type SenderIdentity } from "../../../domain/org-settings"
import type { Member } from "../../env"
import { CsrfField, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"

export type SettingsForm = Record<"display_name" | "sender_name" | "reply_to" | "brand_colour" | "logo_url" | "catch_up_start", string>

type Props = {
  member: Member
  settings: OrgSettings
  identity: SenderIdentity
  notice?: string | null
  form?: { values: SettingsForm; errors: Record<string, string> }
}

function TextField(props: {
  name: keyof SettingsForm
  label: string
  hint: string
  value: string
  error?: string
  type?: string
  maxlength: number
  placeholder?: string
}) {
  const id = `settings-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        type={props.type ?? "text"}
        id={id}
        name={props.name}
        maxlength={props.maxlength}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={`${id}-hint`}
      />
      <div class={props.error ? "error-text" : "hint"} id={`${id}-hint`}>
        {props.error ?? props.hint}
      </div>
    </div>
  )
}

export function SettingsPage({ member, settings: s, identity, notice, form }: Props) {
  const v: SettingsForm = form?.values ?? {
    display_name: s.displayName ?? "",
    sender_name: s.senderName ?? "",
    reply_to: s.replyTo ?? "",
    brand_colour: s.brandColour ?? "",
    logo_url: s.logoUrl ?? "",
    catch_up_start: s.catchUpStart,
  }
  const e = form?.errors ?? {}
  return (
    <Layout title="Settings" member={member} active="/admin/settings">
      <PageHeader
        title="Settings"
        subtitle="What your customers see: the name, sender, reply address, logo and colour of every email and of the portal."
      />
      {notice && <Flash kind="good">{notice}</Flash>}
      {form && <Flash kind="bad">Nothing was saved. Correct the fields marked below.</Flash>}
      <section class="card" aria-labelledby="from-heading">
        <h2 id="from-heading">Emails are sent as</h2>
        <p>
          <code>{identity.from}</code>
        </p>
        <p class="muted small">
          {identity.ownDomain
            ? `From your verified sending domain ${identity.domain} (SPF and DKIM pass, so DMARC aligns).`
            : `From the shared domain ${identity.domain} with your name shown. Add and verify your own domain under Deliverability to send from it.`}{" "}
          Replies go to Plixo (to stop reminders and record them){identity.replyTo ? ` and to ${identity.replyTo}` : ""}.
        </p>
      </section>
      <form method="post" action="/admin/settings" class="card settings-form">
        <CsrfField token={member.csrfToken} />
        <TextField
          name="display_name"
          label="Name payers see"
          maxlength={120}
          value={v.display_name}
          error={e.display_name}
          placeholder={s.name}
          hint={`In the From line, the {org_name} tag, the portal and the statement. Empty: "${s.name}" as in your ERP.`}
        />
        <TextField
          name="sender_name"
          label="Sender name"
          maxlength={80}
          value={v.sender_name}
          error={e.sender_name}
          placeholder="e.g. Dana Reyes, Accounts Receivable"
          hint="The person or team that signs reminders ({sender_name}). Empty: Accounts Receivable."
        />
        <TextField
          name="reply_to"
          label="Reply-to address"
          type="email"
          maxlength={254}
          value={v.reply_to}
          error={e.reply_to}
          placeholder="ar@example.com"
          hint="Payers' replies reach this mailbox as well as Plixo."
        />
        <TextField
          name="logo_url"
          label="Logo URL"
          type="url"
          maxlength={500}
          value={v.logo_url}
          error={e.logo_url}
          placeholder="https://example.com/logo.png"
          hint="An https:// image, shown at the top of the portal and of emails."
        />
        <div class="field">
          <label for="settings-brand_colour">Brand colour</label>
          <div class="inline">
            <input
              type="text"
              id="settings-brand_colour"
              name="brand_colour"
              maxlength={7}
              value={v.brand_colour}
              placeholder={identity.brandColour}
              pattern="#[0-9a-fA-F]{6}"
              aria-invalid={e.brand_colour ? "true" : undefined}
            />
            <svg class="swatch" width="24" height="24" viewBox="0 0 24 24" aria-label={`Current colour ${identity.brandColour}`}>
              <rect width="24" height="24" rx="4" fill={identity.brandColour} />
            </svg>
          </div>
          <div class={e.brand_colour ? "error-text" : "hint"}>
            {e.brand_colour ?? "#RRGGBB, used for buttons and headings in emails and the portal."}
          </div>
        </div>
        <div class="field">
          <label for="settings-catch_up_start">Invoices already past due when a cadence starts</label>
          <select id="settings-catch_up_start" name="catch_up_start">
            {catchUpStarts.map((k: CatchUpStart) => (
              <option value={k} selected={v.catch_up_start === k}>
                {catchUpStartLabels[k]}
              </option>
            ))}
          </select>
          <div class={e.catch_up_start ? "error-text" : "hint"}>
            {e.catch_up_start ??
              'The first reminder an invoice ever gets. "Due today" goes only on the due date, in the payer\'s time zone.'}
          </div>
        </div>
        <button class="btn btn-primary" type="submit">
          Save settings
        </button>
      </form>
    </Layout>
  )
}
