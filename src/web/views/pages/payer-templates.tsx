// Admin -> Payer emails: every outcome email the payer receives, its wording (edited or default), an editor and a preview.
import {
  outcomeKinds,
  outcomeLabels,
  outcomeTagHelp,
  outcomeTagNames,
  outcomeWhen,
  type OutcomeKind,
  type OutcomeTemplate,
} from "../../../domain/payer-templates"
import type { Member } from "../../env"
import { Badge, CsrfField, DataTable, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"

export type TemplateRow = { kind: OutcomeKind; edited: { by: string | null; at: string } | null }

type Props = {
  member: Member
  rows: TemplateRow[]
  selected: OutcomeKind
  template: OutcomeTemplate
  preview: { subject: string; text: string }
  notice?: string | null
  errors?: Record<string, string>
}

export function TemplatePreview({ preview }: { preview: { subject: string; text: string } }) {
  return (
    <div id="template-preview" class="template-preview" aria-live="polite">
      <p class="small muted">Preview with sample values</p>
      <p>
        <strong>Subject:</strong> {preview.subject}
      </p>
      <pre class="email-text">{preview.text}</pre>
    </div>
  )
}

export function PayerTemplatesPage({ member, rows, selected, template, preview, notice, errors = {} }: Props) {
  const current = rows.find((r) => r.kind === selected)
  const action = `/admin/templates/${selected}`
  return (
    <Layout title="Payer emails" member={member} active="/admin/templates">
      <PageHeader
        title="Payer emails"
        subtitle="What the payer is told when something is decided: plans, disputes, credits and payments. Reminder wording lives in each cadence."
      />
      {notice && <Flash kind="good">{notice}</Flash>}
      {Object.keys(errors).length > 0 && <Flash kind="bad">Nothing was saved. Correct the fields marked below.</Flash>}
      <section class="card">
        <DataTable columns={["Email", "Sent when", "Wording", ""]} label="Outcome emails">
          {outcomeKinds.map((kind) => {
            const row = rows.find((r) => r.kind === kind)
            return (
              <tr aria-current={kind === selected ? "true" : undefined}>
                <td>{outcomeLabels[kind]}</td>
                <td class="small">{outcomeWhen[kind]}</td>
                <td>{row?.edited ? <Badge tone="info">Edited</Badge> : <Badge>Default</Badge>}</td>
                <td class="right">
                  <a href={`/admin/templates?kind=${kind}`}>{kind === selected ? "Editing" : "Edit"}</a>
                </td>
              </tr>
            )
          })}
        </DataTable>
      </section>
      <section class="card template-editor" aria-labelledby="editor-heading">
        <h2 id="editor-heading">{outcomeLabels[selected]}</h2>
        <p class="muted small">
          {outcomeWhen[selected]}{" "}
          {current?.edited
            ? `Edited by ${current.edited.by ?? "someone"} on ${current.edited.at.slice(0, 10)}.`
            : "This is the default wording."}
        </p>
        <div class="template-columns">
          <form method="post" action={action} class="settings-form">
            <CsrfField token={member.csrfToken} />
            <div class="field">
              <label for="tpl-subject">Subject</label>
              <input
                type="text"
                id="tpl-subject"
                name="subject"
                maxlength={200}
                value={template.subject}
                aria-invalid={errors.subject ? "true" : undefined}
              />
              {errors.subject && <div class="error-text">{errors.subject}</div>}
            </div>
            <div class="field">
              <label for="tpl-body">Body</label>
              <textarea id="tpl-body" name="body" rows={12} maxlength={5000} aria-invalid={errors.body ? "true" : undefined}>
                {template.body}
              </textarea>
              {errors.body && <div class="error-text">{errors.body}</div>}
            </div>
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                Save
              </button>
              <button
                type="button"
                class="btn"
                hx-post={`${action}/preview`}
                hx-include="closest form"
                hx-target="#template-preview"
                hx-swap="outerHTML"
              >
                Preview
              </button>
              {current?.edited && (
                <button type="submit" class="btn" formaction={`${action}/reset`}>
                  Restore the default
                </button>
              )}
            </div>
            <details class="small">
              <summary>Merge tags</summary>
              <ul>
                {outcomeTagNames.map((t) => (
                  <li>
                    <code>{`{${t}}`}</code> {outcomeTagHelp[t]}
                  </li>
                ))}
              </ul>
            </details>
          </form>
          <TemplatePreview preview={preview} />
        </div>
      </section>
    </Layout>
  )
}
