// The segment editor's fields (a form or a query string) -> the segment schema's input.
import { parseAmount } from "../../../domain/money"
import { segmentFiltersSchema, type Filters } from "../../../domain/segment-rules"
import type { SegmentPatch } from "../../../services/segments"
import { badRequest, zodDetails } from "../../errors"

type Form = Record<string, string | File | (string | File)[]>

const str = (f: Form, k: string) => (typeof f[k] === "string" ? (f[k] as string).trim() : "")
const list = (f: Form, k: string) => ([] as unknown[]).concat(f[k] ?? []).filter((x): x is string => typeof x === "string" && x !== "")
const int = (f: Form, k: string) => (str(f, k) === "" ? null : /^\d+$/.test(str(f, k)) ? Number(str(f, k)) : NaN)

/** Filters from form fields; money typed in major units of `currency`. Throws 400 naming the field. */
export function filtersFromForm(f: Form, currency: string): Filters {
  const money = (k: string) => {
    const s = str(f, k)
    if (!s) return null
    const v = parseAmount(s, currency)
    if (v === null || v < 0)
      throw badRequest(`${k === "min_balance" ? "Minimum" : "Maximum"} balance is not an amount`, [{ field: k, message: "not an amount" }])
    return v
  }
  const raw = {
    aging_buckets: list(f, "aging_buckets"),
    min_balance_minor: money("min_balance"),
    max_balance_minor: money("max_balance"),
    currencies: list(f, "currencies"),
    industries: list(f, "industries"),
    regions: list(f, "regions"),
    min_score: int(f, "min_score"),
    max_score: int(f, "max_score"),
  }
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)))
  const r = segmentFiltersSchema.safeParse(cleaned)
  if (!r.success) throw badRequest("The filters are not valid", zodDetails(r.error.issues))
  return r.data
}

/** The whole segment from the editor form. */
export function segmentFromForm(f: Form, currency: string, canOverride: boolean): SegmentPatch {
  const [cadenceId, version] = str(f, "cadence").split("@")
  const cap = int(f, "send_cap_per_day")
  const qs = str(f, "quiet_start")
  const qe = str(f, "quiet_end")
  const out: SegmentPatch = {
    name: str(f, "name"),
    priority: int(f, "priority") ?? 100,
    filters: filtersFromForm(f, currency),
    cadence_id: cadenceId || null,
    cadence_version: version ? Number(version) : null,
    mode: str(f, "mode") === "autopilot" ? "autopilot" : "shadow",
    status: (["draft", "active", "paused"].includes(str(f, "status")) ? str(f, "status") : "draft") as "draft",
    send_cap_per_day: cap !== null && Number.isNaN(cap) ? undefined : cap,
    quiet_hours_override: qs || qe ? { start: qs, end: qe } : null,
    notes: str(f, "notes") || null,
  }
  if (canOverride && str(f, "override_reason")) out.override_reason = str(f, "override_reason")
  return out
}

/** The filters as a query string (for the preview's CSV link). */
export function filtersQuery(f: Filters, toMajor: (minor: number) => string): string {
  const q = new URLSearchParams()
  for (const b of f.aging_buckets ?? []) q.append("aging_buckets", b)
  if (f.min_balance_minor != null) q.set("min_balance", toMajor(f.min_balance_minor))
  if (f.max_balance_minor != null) q.set("max_balance", toMajor(f.max_balance_minor))
  for (const c of f.currencies ?? []) q.append("currencies", c)
  for (const i of f.industries ?? []) q.append("industries", i)
  for (const r of f.regions ?? []) q.append("regions", r)
  if (f.min_score != null) q.set("min_score", String(f.min_score))
  if (f.max_score != null) q.set("max_score", String(f.max_score))
  return q.toString()
}
