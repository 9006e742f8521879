// The Disputes workspace's (i) definitions: what each SLA tile and metric means and how domain/dispute-metrics.ts
// computes it. One module, so the page shows the words the code computes with; a test checks both.
import { METRICS_WINDOW_DAYS } from "./dispute-metrics"
import type { KpiDefinition } from "./kpi-definitions"

export const disputeMetricKeys = [
  "active",
  "at_risk",
  "breached",
  "due_today",
  "first_response",
  "open_by_reason",
  "credits_issued",
  "resolved_within_sla",
  "reopen_rate",
] as const
export type DisputeMetricKey = (typeof disputeMetricKeys)[number]

const activeList = "open, investigating, waiting on payer, escalated to Legal, credit awaiting approval"

export const disputeMetricDefinitions: Record<DisputeMetricKey, KpiDefinition> = {
  active: {
    label: "Active",
    definition: `Disputes not yet resolved or rejected (${activeList}). Paused: waiting on the payer where the reason's rule stops the clock.`,
    formula: "count(status in active statuses); paused = active with a paused SLA",
  },
  at_risk: {
    label: "At risk (under 24 h)",
    definition:
      "Active disputes whose SLA clock is running and whose answer is due within the next 24 hours. A paused clock is never at risk.",
    formula: "count(active, clock running, now <= SLA due < now + 24 h)",
  },
  breached: {
    label: "Breached",
    definition: "Active disputes whose SLA clock is running and whose answer due time has passed.",
    formula: "count(active, clock running, SLA due < now)",
  },
  due_today: {
    label: "Due today",
    definition: "Active disputes with a running clock, not yet breached, due before midnight in the organisation's time zone.",
    formula: "count(active, clock running, now <= SLA due < end of today in the organisation's zone)",
  },
  first_response: {
    label: "Median first response",
    definition: `Hours from filing to finance's first status change or reply, over the disputes filed in the last ${METRICS_WINDOW_DAYS} days that have had one.`,
    formula: `median(first response - filed) in hours, filed in the last ${METRICS_WINDOW_DAYS} days, one decimal`,
  },
  open_by_reason: {
    label: "Open by reason",
    definition: `Active disputes per reason (the bar), and the median days from filing to close (resolved or rejected) of the disputes of that reason closed in the last ${METRICS_WINDOW_DAYS} days.`,
    formula: `count(active) per reason; median(closed - filed) in days per reason, closed in the last ${METRICS_WINDOW_DAYS} days`,
  },
  credits_issued: {
    label: "Credits issued",
    definition:
      "Credits on disputes resolved this calendar month (and last month), in the organisation's zone; base currency only, credits in other currencies are left out.",
    formula: "sum(credit) of disputes resolved in the month, base currency",
  },
  resolved_within_sla: {
    label: "Resolved within SLA",
    definition: `Of the disputes closed (resolved or rejected) in the last ${METRICS_WINDOW_DAYS} days, the share closed at or before their SLA due time.`,
    formula: `count(closed <= SLA due) / count(closed), closed in the last ${METRICS_WINDOW_DAYS} days`,
  },
  reopen_rate: {
    label: "Reopen rate",
    definition: `Of the disputes closed in the last ${METRICS_WINDOW_DAYS} days, the share that had been reopened at least once.`,
    formula: `count(reopened at least once) / count(closed), closed in the last ${METRICS_WINDOW_DAYS} days`,
  },
}
