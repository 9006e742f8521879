// The cadence editor's form fields -> the policy schema's input (money typed in major units of the base currency).
import { parseAmount } from "../../../domain/money"

type Form = Record<string, string | File | (string | File)[]>

const str = (f: Form, k: string) => {
  const v = f[k]
  return typeof v === "string" ? v.trim() : ""
}
const list = (f: Form, k: string) => {
  const v = f[k] ?? f[`${k}[]`]
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (typeof x === "string" ? x : ""))
}
const int = (f: Form, k: string) => (str(f, k) === "" ? null : /^-?\d+$/.test(str(f, k)) ? Number(str(f, k)) : str(f, k))
const money = (f: Form, k: string, currency: string) => {
  const s = str(f, k)
  if (s === "") return null
  return parseAmount(s, currency) ?? s
}

/** Builds the JSON the schema validates; invalid numbers stay strings so the schema names the field. */
export function policyFromForm(f: Form, currency: string) {
  const offsets = list(f, "step_offset")
  const subjects = list(f, "step_subject")
  const bodies = list(f, "step_body")
  const attach = list(f, "step_attach")
  const steps = offsets
    .map((o, i) => ({
      offset_days: /^-?\d+$/.test(o.trim()) ? Number(o.trim()) : o,
      channel: "email",
      subject: subjects[i] ?? "",
      body: bodies[i] ?? "",
      attach_statement: attach[i] === "statement",
    }))
    .filter((s) => !(s.offset_days === "" && !s.subject.trim() && !s.body.trim()))
  const quietStart = str(f, "quiet_start")
  const quietEnd = str(f, "quiet_end")
  return {
    name: str(f, "name"),
    tone: str(f, "tone"),
    steps,
    quiet_hours: quietStart || quietEnd ? { start: quietStart, end: quietEnd } : null,
    business_days_only: str(f, "business_days_only") === "on",
    max_sends_per_day: int(f, "max_sends_per_day"),
    max_touches_per_contact_week: int(f, "max_touches_per_contact_week"),
    escalate_after_days: int(f, "escalate_after_days") ?? 21,
    discount_cap_percent: int(f, "discount_cap_percent"),
    credit_cap_minor: money(f, "credit_cap", currency),
    approval_threshold_minor: money(f, "approval_threshold", currency),
    high_approval_threshold_minor: money(f, "high_approval_threshold", currency),
    approver_roles: list(f, "approver_roles").filter(Boolean),
    promise_max_days: int(f, "promise_max_days") ?? 30,
    plan_max_instalments: int(f, "plan_max_instalments") ?? 6,
  }
}

/** Steps only, for the live preview (unknown tags are reported there, not refused). */
export function stepsFromForm(f: Form) {
  const offsets = list(f, "step_offset")
  const subjects = list(f, "step_subject")
  const bodies = list(f, "step_body")
  const attach = list(f, "step_attach")
  return offsets
    .map((o, i) => ({
      offset_days: Number(o) || 0,
      subject: subjects[i] ?? "",
      body: bodies[i] ?? "",
      attach_statement: attach[i] === "statement",
    }))
    .filter((s) => s.subject.trim() || s.body.trim())
}
