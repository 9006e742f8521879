// Side-by-side comparison of two versions of a cadence: guardrails and every step, changes highlighted.
import type { PolicyInput } from "../../../domain/policy-schema"
import type { Member } from "../../env"
import { PageHeader } from "../components/ui"
import { Layout } from "../layout"

type Side = { version: number; status: string; policy: PolicyInput }

const fields: [keyof PolicyInput, string][] = [
  ["tone", "Tone"],
  ["quiet_hours", "Quiet hours"],
  ["business_days_only", "Business days only"],
  ["max_sends_per_day", "Max sends per day"],
  ["max_touches_per_contact_week", "Max touches per contact per week"],
  ["escalate_after_days", "Escalate after (days)"],
  ["discount_cap_percent", "Discount cap (%)"],
  ["credit_cap_minor", "Credit cap (minor units)"],
  ["approval_threshold_minor", "Approval threshold (minor units)"],
  ["high_approval_threshold_minor", "Dual sign-off threshold (minor units)"],
  ["approver_roles", "Approver roles"],
  ["promise_max_days", "Longest promise (days)"],
  ["plan_max_instalments", "Most plan instalments"],
]

const show = (v: unknown) =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0)
    ? "—"
    : typeof v === "object" && v && "start" in v
      ? `${(v as { start: string }).start}–${(v as unknown as { end: string }).end}`
      : String(v)

export function CadenceDiffPage({
  member,
  cadenceId,
  name,
  a,
  b,
  versions,
}: {
  member: Member
  cadenceId: string
  name: string
  a: Side
  b: Side
  versions: number[]
}) {
  const offsets = [...new Set([...a.policy.steps, ...b.policy.steps].map((s) => s.offset_days))].sort((x, y) => x - y)
  const step = (side: Side, day: number) => side.policy.steps.find((s) => s.offset_days === day)
  return (
    <Layout title={`${name}: v${a.version} ↔ v${b.version}`} member={member} active="/admin/policies">
      <PageHeader
        title={`${name}: compare versions`}
        subtitle="Changed rows are highlighted."
        actions={
          <a class="btn btn-quiet" href={`/admin/policies/${cadenceId}/versions/${b.version}`}>
            Back to v{b.version}
          </a>
        }
      />
      <form method="get" class="filters card">
        {(["a", "b"] as const).map((k) => (
          <div class="field">
            <label for={`d-${k}`}>{k === "a" ? "Left" : "Right"}</label>
            <select id={`d-${k}`} name={k}>
              {versions.map((v) => (
                <option value={String(v)} selected={v === (k === "a" ? a.version : b.version)}>
                  v{v}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button class="btn" type="submit">
          Compare
        </button>
      </form>
      <div class="table-wrap card">
        <table class="diff">
          <thead>
            <tr>
              <th></th>
              <th>
                v{a.version} ({a.status})
              </th>
              <th>
                v{b.version} ({b.status})
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map(([k, label]) => {
              const changed = show(a.policy[k]) !== show(b.policy[k])
              return (
                <tr class={changed ? "changed" : ""}>
                  <th scope="row">{label}</th>
                  <td>{show(a.policy[k])}</td>
                  <td>{show(b.policy[k])}</td>
                </tr>
              )
            })}
            {offsets.map((day) => {
              const l = step(a, day)
              const r = step(b, day)
              const changed = l?.subject !== r?.subject || l?.body !== r?.body
              return (
                <tr class={changed ? "changed" : ""}>
                  <th scope="row">Day {day}</th>
                  {[l, r].map((s) => (
                    <td>
                      {s ? (
                        <>
                          <strong>{s.subject}</strong>
                          <pre class="prewrap small">{s.body}</pre>
                        </>
                      ) : (
                        <span class="muted">No step</span>
                      )}
                    </td>
                  ))}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  )
}
