// The cadence editor: steps with merge tags, guardrails, live preview against a real invoice, publish to segments.
import { mergeTagHelp, mergeTagNames } from "../../../domain/merge-tags"
import { toDecimalString } from "../../../domain/money"
import { toneLabels, tones } from "../../../domain/cadence-presets"
import { planIncludes, planLabel } from "../../../domain/plan-tiers"
import { can, roleLabels, type Role } from "../../../domain/roles"
import { CsrfField, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"
import { EditorAside, type EditorProps } from "./cadence-editor-aside"
import { PlanNote, StatusBadge } from "./cadence-list"

const approverChoices: Role[] = ["controller", "ar_manager", "cfo", "legal"]

export function CadenceEditorPage(p: EditorProps) {
  const editable = p.status === "draft" && can(p.member.role, "draft_policy")
  const base = `/admin/policies/${p.cadenceId}/versions/${p.version}`
  const money = (minor: number | null | undefined) => (minor == null ? "" : toDecimalString(minor, p.currency))
  const hasApprovalSettings =
    p.policy.approval_threshold_minor != null ||
    p.policy.high_approval_threshold_minor != null ||
    (p.policy.approver_roles?.length ?? 0) > 0
  const thresholdsAllowed = planIncludes(p.member.planTier, "approval_thresholds") && can(p.member.role, "publish_policy")
  const fieldError = (name: string) => p.errors?.filter((e) => e.field === name || e.field?.startsWith(`${name}.`)).map((e) => e.message)
  const steps = [
    ...p.policy.steps,
    ...(editable ? [{ offset_days: "" as unknown as number, subject: "", body: "", channel: "email" as const }] : []),
  ]
  const others = p.versions.filter((v) => v.version !== p.version)
  return (
    <Layout title={`${p.policy.name} v${p.version}`} member={p.member} active="/admin/policies">
      <PageHeader
        title={`${p.policy.name} · v${p.version}`}
        subtitle={
          <>
            <StatusBadge status={p.status} /> {toneLabels[p.policy.tone]} tone.{" "}
            {p.status === "published"
              ? "Published versions never change: make a new draft to edit."
              : "A draft: nothing is sent from it until it is published."}
          </>
        }
        actions={
          <>
            <a class="btn btn-quiet" href="/admin/policies">
              All cadences
            </a>
            {others.length > 0 && (
              <a class="btn btn-quiet" href={`/admin/policies/${p.cadenceId}/diff?a=${others[0].version}&b=${p.version}`}>
                Compare versions
              </a>
            )}
            {planIncludes(p.member.planTier, "policy_as_code") && (
              <a class="btn btn-quiet" href={`${base}/export`}>
                Export JSON
              </a>
            )}
          </>
        }
      />
      {p.notice && <Flash kind="good">{p.notice}</Flash>}
      {p.message && (
        <Flash kind="bad">
          {p.message}
          {p.errors?.length ? (
            <ul>
              {p.errors.map((e) => (
                <li>
                  {e.field}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Flash>
      )}
      <PlanNote plan={p.member.planTier} />
      {p.status !== "draft" && can(p.member.role, "draft_policy") && (
        <form method="post" action={`/admin/policies/${p.cadenceId}/versions`} class="card row">
          <CsrfField token={p.member.csrfToken} />
          <input type="hidden" name="from" value={String(p.version)} />
          <span>Edit by starting a new draft from v{p.version}.</span>
          <button class="btn btn-primary" type="submit">
            New draft from v{p.version}
          </button>
        </form>
      )}
      <div class="grid grid-2 editor-grid">
        <form
          method="post"
          action={base}
          class="stack"
          id="cadence-form"
          hx-post={`${base}/preview`}
          hx-trigger="input changed delay:400ms, change"
          hx-target="#preview"
          hx-swap="outerHTML"
        >
          <CsrfField token={p.member.csrfToken} />
          <fieldset class="card" disabled={!editable}>
            <legend>Cadence</legend>
            <div class="grid grid-2">
              <div class="field">
                <label for="e-name">Name</label>
                <input type="text" id="e-name" name="name" value={p.policy.name} required />
              </div>
              <div class="field">
                <label for="e-tone">Tone</label>
                <select id="e-tone" name="tone">
                  {tones.map((t) => (
                    <option value={t} selected={t === p.policy.tone}>
                      {toneLabels[t]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>
          <fieldset class="card" disabled={!editable}>
            <legend>Steps</legend>
            <p class="hint">
              Day offsets count from the due date (negative = before it). Merge tags:{" "}
              {mergeTagNames.map((t) => (
                <code title={mergeTagHelp[t]}>{`{${t}}`} </code>
              ))}
            </p>
            {steps.map((s, i) => (
              <div class="step-edit">
                <div class="row">
                  <div class="field step-offset">
                    <label for={`s-off-${i}`}>Day</label>
                    <input
                      id={`s-off-${i}`}
                      name="step_offset"
                      type="number"
                      min={-30}
                      max={180}
                      value={String(s.offset_days)}
                      placeholder={i === steps.length - 1 && editable ? "new" : ""}
                    />
                  </div>
                  <div class="field grow">
                    <label for={`s-sub-${i}`}>Subject (email)</label>
                    <input type="text" id={`s-sub-${i}`} name="step_subject" value={s.subject} maxlength={200} />
                  </div>
                </div>
                <div class="field">
                  <label for={`s-body-${i}`}>Body</label>
                  <textarea id={`s-body-${i}`} name="step_body" rows={7}>
                    {s.body}
                  </textarea>
                </div>
                <div class="field">
                  <label for={`s-att-${i}`}>Attachment</label>
                  <select id={`s-att-${i}`} name="step_attach">
                    <option value="none" selected={!("attach_statement" in s && s.attach_statement)}>
                      None
                    </option>
                    <option value="statement" selected={"attach_statement" in s && s.attach_statement}>
                      Attach the latest statement (PDF)
                    </option>
                  </select>
                </div>
                {fieldError(`steps.${i}`)?.map((m) => (
                  <p class="error-text">{m}</p>
                ))}
              </div>
            ))}
            {editable && <p class="hint">Fill the last, empty step to add one; clear a step's day, subject and body to remove it.</p>}
          </fieldset>
          <fieldset class="card" disabled={!editable}>
            <legend>Guardrails</legend>
            <div class="grid grid-3">
              <div class="field">
                <label for="g-qs">Quiet hours from</label>
                <input id="g-qs" name="quiet_start" type="time" value={p.policy.quiet_hours?.start ?? ""} />
              </div>
              <div class="field">
                <label for="g-qe">until</label>
                <input id="g-qe" name="quiet_end" type="time" value={p.policy.quiet_hours?.end ?? ""} />
                <p class="hint">In the payer's time zone.</p>
              </div>
              <div class="field">
                <label>
                  <input type="checkbox" name="business_days_only" checked={p.policy.business_days_only} /> Business days only
                </label>
              </div>
              <div class="field">
                <label for="g-max">Max sends per day</label>
                <input id="g-max" name="max_sends_per_day" type="number" min={1} value={p.policy.max_sends_per_day?.toString() ?? ""} />
              </div>
              <div class="field">
                <label for="g-touch">Max touches per contact per week</label>
                <input
                  id="g-touch"
                  name="max_touches_per_contact_week"
                  type="number"
                  min={1}
                  value={p.policy.max_touches_per_contact_week?.toString() ?? ""}
                />
              </div>
              <div class="field">
                <label for="g-esc">Escalate to an Operator after (days)</label>
                <input id="g-esc" name="escalate_after_days" type="number" min={1} value={String(p.policy.escalate_after_days)} />
              </div>
              <div class="field">
                <label for="g-disc">Discount cap (%)</label>
                <input
                  id="g-disc"
                  name="discount_cap_percent"
                  type="number"
                  min={0}
                  max={100}
                  value={p.policy.discount_cap_percent?.toString() ?? ""}
                />
              </div>
              <div class="field">
                <label for="g-credit">Credit cap ({p.currency})</label>
                <input type="text" id="g-credit" name="credit_cap" inputmode="decimal" value={money(p.policy.credit_cap_minor)} />
              </div>
              <div class="field">
                <label for="g-prom">Longest promise (days)</label>
                <input id="g-prom" name="promise_max_days" type="number" min={1} value={String(p.policy.promise_max_days)} />
              </div>
              <div class="field">
                <label for="g-plan">Most plan instalments</label>
                <input id="g-plan" name="plan_max_instalments" type="number" min={1} value={String(p.policy.plan_max_instalments)} />
              </div>
            </div>
          </fieldset>
          {editable && !thresholdsAllowed && (
            // Disabled fields are not submitted: carry the read-only approval settings over unchanged.
            <>
              <input type="hidden" name="approval_threshold" value={money(p.policy.approval_threshold_minor)} />
              <input type="hidden" name="high_approval_threshold" value={money(p.policy.high_approval_threshold_minor)} />
              {(p.policy.approver_roles ?? []).map((r) => (
                <input type="hidden" name="approver_roles" value={r} />
              ))}
            </>
          )}
          <fieldset class="card" disabled={!editable || !thresholdsAllowed}>
            <legend>Approvals</legend>
            {!planIncludes(p.member.planTier, "approval_thresholds") ? (
              hasApprovalSettings ? (
                <p class="flash flash-warn">
                  Read-only on the {planLabel(p.member.planTier)} plan: these approval settings stay in force and are carried into new
                  drafts. Nothing was deleted; <a href="/admin/billing">upgrade</a> to change them.
                </p>
              ) : (
                <p class="muted">
                  Approval thresholds and dual sign-off need the Growth plan or above; this organisation is on{" "}
                  {planLabel(p.member.planTier)}. Every request needs one approver. <a href="/admin/billing">See plans</a>
                </p>
              )
            ) : !can(p.member.role, "publish_policy") ? (
              <p class="muted">Only a Controller sets approval thresholds.</p>
            ) : null}
            <div class="grid grid-2">
              <div class="field">
                <label for="a-th">Needs approval from ({p.currency})</label>
                <input
                  type="text"
                  id="a-th"
                  name="approval_threshold"
                  inputmode="decimal"
                  value={money(p.policy.approval_threshold_minor)}
                />
                <p class="hint">Below it, discounts, credits and plans are granted by policy.</p>
              </div>
              <div class="field">
                <label for="a-high">Two approvers from ({p.currency})</label>
                <input
                  type="text"
                  id="a-high"
                  name="high_approval_threshold"
                  inputmode="decimal"
                  value={money(p.policy.high_approval_threshold_minor)}
                />
                <p class="hint">Dual sign-off: two different approvers, neither the requester.</p>
              </div>
            </div>
            <div class="field">
              <span>Approver roles</span>
              <div class="row">
                {approverChoices.map((r) => (
                  <label>
                    <input type="checkbox" name="approver_roles" value={r} checked={(p.policy.approver_roles ?? []).includes(r)} />{" "}
                    {roleLabels[r]}
                  </label>
                ))}
              </div>
              <p class="hint">None ticked: Controller, A/R Manager and CFO. A/R Managers approve only below the dual sign-off amount.</p>
            </div>
          </fieldset>
          {editable && (
            <div class="row">
              <button class="btn btn-primary" type="submit">
                Save draft
              </button>
            </div>
          )}
        </form>
        <EditorAside {...p} base={base} />
      </div>
    </Layout>
  )
}
