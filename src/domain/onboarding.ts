// The Quick Start's five steps as a checklist, each ticked from the organisation's real state, and what "live in
// Shadow Mode" means: a segment running a published cadence has drafted outreach for review.

export type OnboardingFacts = {
  members: number
  pendingInvitations: number
  stripeConnected: boolean
  stripeTestReceived: boolean
  customersImported: boolean
  invoicesImported: boolean
  /** 0..1: customers with a valid contact email. */
  contactCoverage: number
  publishedCadences: number
  publishedWithQuietHours: number
  publishedWithThresholds: number
  /** Whether the plan lets the organisation set approval thresholds (Starter: one approver for everything). */
  thresholdsOnPlan: boolean
  shadowSegments: number
  autopilotSegments: number
  drafts: number
  /** Outreach ever produced by a segment (any status): a segment has run. */
  segmentOutreach: number
  greenStreakDays: number
}

export type OnboardingStep = {
  key: "organisation" | "stripe" | "import" | "policy" | "shadow"
  title: string
  done: boolean
  detail: string
  href: string
  action: string
}

export const COVERAGE_NEEDED = 0.95
export const GREEN_DAYS_FOR_AUTOPILOT = 3

const pct = (n: number) => `${Math.floor(n * 1000) / 10}%`
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function onboardingSteps(f: OnboardingFacts): OnboardingStep[] {
  const teammates = f.members > 1 || f.pendingInvitations > 0
  const imported = f.customersImported && f.invoicesImported
  const policyDone = f.publishedWithQuietHours > 0 && (!f.thresholdsOnPlan || f.publishedWithThresholds > 0)
  return [
    {
      key: "organisation",
      title: "Create your organisation and invite teammates",
      done: teammates,
      detail: teammates
        ? `${plural(f.members, "member")}${f.pendingInvitations ? `, ${plural(f.pendingInvitations, "invitation")} pending` : ""}.`
        : "Invite your A/R Manager, Operators and Billing Admin with the least role each needs, using work addresses.",
      href: "/admin/users",
      action: "Invite teammates",
    },
    {
      key: "stripe",
      title: "Connect Stripe and receive the test event",
      done: f.stripeConnected && f.stripeTestReceived,
      detail: !f.stripeConnected
        ? "Connect your Stripe account: payments keep settling in your own balance, Plixo only reads them."
        : f.stripeTestReceived
          ? "Stripe is active and the test webhook was received."
          : "Stripe is connected; send the test event so Plixo can confirm payments and stop chasing settled invoices.",
      href: "/admin/connectors",
      action: f.stripeConnected ? "Send the test event" : "Connect Stripe",
    },
    {
      key: "import",
      title: "Import customers and invoices (95% contact coverage)",
      done: imported && f.contactCoverage >= COVERAGE_NEEDED,
      detail: !f.customersImported
        ? "Upload your customer CSV first (templates on the import page), then your open invoices."
        : !f.invoicesImported
          ? `Customers are in (${pct(f.contactCoverage)} with a contact email); now import your invoices.`
          : f.contactCoverage >= COVERAGE_NEEDED
            ? `Customers and invoices imported; ${pct(f.contactCoverage)} of customers have a contact email.`
            : `Contact coverage is ${pct(f.contactCoverage)}; add the missing contact emails (re-import the customer CSV) to reach 95%.`,
      href: "/admin/connectors/import",
      action: "Import CSV",
    },
    {
      key: "policy",
      title: "Publish your first cadence with quiet hours" + (f.thresholdsOnPlan ? " and approval thresholds" : ""),
      done: policyDone,
      detail:
        f.publishedCadences === 0
          ? "Create a cadence from a tone preset (Formal, Neutral or Confident), set business hours and caps, then publish it."
          : f.publishedWithQuietHours === 0
            ? "Your published cadence has no quiet hours: make a new draft with quiet hours so nothing goes out at night."
            : f.thresholdsOnPlan && f.publishedWithThresholds === 0
              ? "Set the approval threshold for credits and payment plans in a new draft, then publish it."
              : `${plural(f.publishedCadences, "cadence")} published with quiet hours${f.thresholdsOnPlan ? " and approval thresholds" : ""}.`,
      href: "/admin/policies",
      action: f.publishedCadences === 0 ? "Create a cadence" : "Open policies",
    },
    {
      key: "shadow",
      title: "Start a segment in Shadow Mode",
      done: f.shadowSegments > 0 && f.drafts + f.segmentOutreach > 0,
      detail:
        f.shadowSegments === 0
          ? "Create a segment, assign the published cadence and publish it in Shadow Mode: every message waits in the queue for review."
          : f.drafts + f.segmentOutreach === 0
            ? "The segment is in Shadow Mode; drafts appear at the next Autopilot tick (every 5 minutes)."
            : `${plural(f.drafts, "draft")} waiting in the queue for review. Autopilot for one low-risk segment once Data-Ready is green ${GREEN_DAYS_FOR_AUTOPILOT} days in a row (now ${f.greenStreakDays}) and bounces stay under 2%.`,
      href: f.shadowSegments > 0 && f.drafts > 0 ? "/work/queue" : "/admin/segments",
      action: f.shadowSegments > 0 && f.drafts > 0 ? "Review drafts" : "Open segments",
    },
  ]
}

/** Live: a segment (Shadow or Autopilot) has produced outreach. The checklist disappears from then on. */
export function isLive(f: OnboardingFacts): boolean {
  return f.shadowSegments + f.autopilotSegments > 0 && f.drafts + f.segmentOutreach > 0
}
