// The CFO console's KPI definitions: what each tile means and the formula the code computes it with. One module, so
// every tile's (i) shows the same words, and a test checks each tile has one and that the numbers in it are the code's.
import { BAND_SHARE, BAND_Z } from "./cash-forecast"
import { COUNTBACK_MONTHS, DSO_WINDOW_DAYS } from "./dso"

/** An invoice is "at risk" when it is likely to pass this many days past due unpaid (the 90+ aging bucket). */
export const AT_RISK_DAYS = 90
/** The cash-collected windows shown on the console, in days. */
export const CASH_WINDOWS = [30, 90, 365] as const
/** Months of the promise adherence and at-risk trends on their tiles (each month ends on today's day of the month). */
export const TREND_MONTHS = 6
/** Weeks of the console's forecast tile and chart. */
export const CONSOLE_FORECAST_WEEKS = 13

export const kpiKeys = ["open_ar", "dso", "best_dso", "cash_collected", "promise_adherence", "at_risk", "forecast"] as const
export type KpiKey = (typeof kpiKeys)[number]

export type KpiDefinition = { label: string; definition: string; formula: string }

export const kpiDefinitions: Record<KpiKey, KpiDefinition> = {
  open_ar: {
    label: "Open A/R",
    definition: "The unpaid balance of every open invoice in the base currency, disputed ones included; void and paid invoices excluded.",
    formula: "sum(balance) over open invoices",
  },
  dso: {
    label: "DSO (countback)",
    definition: `Days sales outstanding, countback method: open A/R is matched against the most recent credit sales, month by month back from today (each month runs from the same day of the month before). A month whose sales the A/R fully covers counts all its days; the month where the A/R runs out counts the covered share of its days. Sales are the invoices issued in the base currency, void excluded; at most ${COUNTBACK_MONTHS} months back.`,
    formula:
      "newest month first: while A/R left >= the month's sales, add its days and subtract its sales; then add A/R left / that month's sales x its days; round to whole days",
  },
  best_dso: {
    label: "Best possible DSO",
    definition:
      "The countback DSO if every overdue invoice were paid today: only balances not yet due are matched against the recent months' sales. The gap to DSO is the days that collections can still win.",
    formula: "countback DSO of the current (not yet due) A/R",
  },
  cash_collected: {
    label: "Cash collected",
    definition: `Payments received in the base currency over the last ${CASH_WINDOWS.join(", ")} days, net of refunds; reversed payments excluded. The trend compares the last 30 days with the 30 before.`,
    formula: "sum(amount - refunded) of payments received in the window, status not reversed",
  },
  promise_adherence: {
    label: "Promise adherence",
    definition: `Of the promises to pay that came due in the last ${DSO_WINDOW_DAYS} days, the share the payer kept. Open and cancelled promises count neither way. The trend line shows the same share for the promises due in each of the last ${TREND_MONTHS} months (each month ending on today's day of the month).`,
    formula: "kept / (kept + broken)",
  },
  at_risk: {
    label: "At-risk rate",
    definition: `The share of open A/R likely to reach ${AT_RISK_DAYS}+ days past due: balances already there count in full, the others by the chance (from how this organisation's payers have paid, open invoices included) that they are still unpaid more than ${AT_RISK_DAYS} days after their due date. The trend line replays the same figure at the end of each of the last ${TREND_MONTHS - 1} months (fitted on what was paid by then, each invoice then open at its full amount), then today's.`,
    formula: `(balance over ${AT_RISK_DAYS} days late + sum(balance x P(unpaid past ${AT_RISK_DAYS} days late | unpaid today))) / open A/R`,
  },
  forecast: {
    label: `Cash forecast · ${CONSOLE_FORECAST_WEEKS} weeks`,
    definition: `Expected cash in over the next ${CONSOLE_FORECAST_WEEKS} weeks from the open invoices: each payer's payment history, open promises and plan instalments (at the promise keep rate). The band is ${Math.round(100 * BAND_SHARE)}% (expected +/- ${BAND_Z} standard deviations, widened by the backtest). New invoices not yet issued are not included. The backtest replays the forecast from ${CONSOLE_FORECAST_WEEKS} weeks ago.`,
    formula: "sum over open invoices of balance x P(paid in the week); MAPE = mean(|actual - expected| / actual) over past weeks",
  },
}
