// Admin -> Plan & billing (Billing Admin, Controller): the plan in force, trial days left, what each tier unlocks,
// upgrade or downgrade through Stripe Billing, the customer portal, and the partner referral code and credit.
import {
  planFeatures,
  planLabel,
  planLimitLabels,
  planTiers,
  plans,
  REFERRAL_CREDIT,
  type PlanFeature,
  type PlanLimit,
  type PlanTier,
} from "../../../domain/plan-tiers"
import type { BillingSummary } from "../../../services/billing"
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, PageHeader } from "../components/ui"
import { Layout } from "../layout"
import { fmtDate, fmtDateTime, money } from "./receivables-parts"

type Credit = { id: string; amountMinor: number; currency: string; reason: string; createdAt: string; referredName: string | null }
type Props = { member: Member; summary: BillingSummary; credits: Credit[]; notice?: string | null; error?: string | null }

const price = (tier: PlanTier) => {
  const p = plans[tier].priceMinor
  return p === null ? "By contract" : p === 0 ? "Free" : `${money(p, "USD")} / month`
}
const limitText = (n: number | null) => (n === null ? "No limit" : n.toLocaleString("en-US"))

function ChangeButton({ member, summary, tier }: { member: Member; summary: BillingSummary; tier: PlanTier }) {
  const current = summary.paidTier === tier && (tier !== "starter" || !summary.onTrial)
  if (current) return <Badge tone="good">Current plan</Badge>
  if (tier === "starter" && !summary.account.billingSubscriptionId)
    return <span class="muted small">{summary.onTrial ? "After the trial, unless you upgrade" : "Current plan"}</span>
  const up = planTiers.indexOf(tier) > planTiers.indexOf(summary.paidTier)
  return (
    <form method="post" action="/admin/billing/change">
      <CsrfField token={member.csrfToken} />
      <input type="hidden" name="tier" value={tier} />
      <button
        class={`btn ${up ? "btn-primary" : "btn-quiet"}`}
        type="submit"
        data-confirm={
          up ? undefined : `Move to ${planLabel(tier)}? Nothing is deleted: what is above ${planLabel(tier)} becomes read-only.`
        }
      >
        {up ? `Upgrade to ${planLabel(tier)}` : `Downgrade to ${planLabel(tier)}`}
      </button>
    </form>
  )
}

export function BillingPage({ member, summary: s, credits, notice, error }: Props) {
  const trialEnd = s.account.trialEndsAt
  return (
    <Layout title="Plan & billing" member={member} active="/admin/billing">
      <PageHeader
        title="Plan & billing"
        subtitle={`${member.orgName}'s Plixo subscription. Payments for it go to Plixo through Stripe Billing; your customers' payments keep settling in your own Stripe account.`}
        actions={
          s.account.billingCustomerId ? (
            <form method="post" action="/admin/billing/portal">
              <CsrfField token={member.csrfToken} />
              <button class="btn" type="submit">
                Payment method and invoices
              </button>
            </form>
          ) : undefined
        }
      />
      {notice && <Flash kind="good">{notice}</Flash>}
      {error && <Flash kind="bad">{error}</Flash>}
      <div class="grid grid-3 kpi-tiles">
        <div class="kpi">
          <div class="kpi-label">Plan in force</div>
          <div class="kpi-value">{planLabel(s.tier)}</div>
          <div class="kpi-note">
            {s.onTrial
              ? `Trial: ${s.trialDaysLeft} day${s.trialDaysLeft === 1 ? "" : "s"} left, ends ${fmtDateTime(trialEnd)}. Then ${planLabel(s.paidTier)} unless you upgrade.`
              : s.account.billingStatus
                ? `Subscription ${s.account.billingStatus.replace("_", " ")}`
                : trialEnd
                  ? `Trial ended ${fmtDate(trialEnd.slice(0, 10))}`
                  : "No subscription"}
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">In use</div>
          <div class="kpi-value kpi-value-sm">
            {s.usage.segments} of {limitText(s.limits.segments)} segments
          </div>
          <div class="kpi-note">
            {s.usage.users} of {limitText(s.limits.users)} users (members and pending invitations); up to{" "}
            {limitText(s.limits.sends_per_day)} emails a day
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Referral credit</div>
          <div class="kpi-value">{money(s.referralCreditMinor, "USD")}</div>
          <div class="kpi-note">Earned when an organisation you referred starts its trial; applied to your Plixo invoices.</div>
        </div>
      </div>
      {s.account.billingStatus === "past_due" && (
        <Flash kind="bad">
          Stripe could not collect the last Plixo invoice. Update the payment method to keep the {planLabel(s.paidTier)} plan.
        </Flash>
      )}

      <section class="card">
        <h2>What each plan unlocks</h2>
        <div class="table-wrap">
          <table class="plan-table">
            <thead>
              <tr>
                <th scope="col">
                  <span class="sr-only">Feature or limit</span>
                </th>
                {planTiers.map((t) => (
                  <th scope="col" class={t === s.tier ? "plan-current" : ""}>
                    {planLabel(t)}
                    <div class="muted small">{price(t)}</div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Cadences, segments in Shadow Mode and Autopilot, payer portal</th>
                {planTiers.map((t) => (
                  <td class={t === s.tier ? "plan-current" : ""}>✓</td>
                ))}
              </tr>
              {(Object.keys(planFeatures) as PlanFeature[]).map((f) => (
                <tr>
                  <th scope="row">{planFeatures[f]}</th>
                  {planTiers.map((t) => (
                    <td class={t === s.tier ? "plan-current" : ""}>{plans[t].features[f] ? "✓" : <span class="muted">—</span>}</td>
                  ))}
                </tr>
              ))}
              {(Object.keys(planLimitLabels) as PlanLimit[]).map((l) => (
                <tr>
                  <th scope="row">{planLimitLabels[l]}</th>
                  {planTiers.map((t) => (
                    <td class={`num ${t === s.tier ? "plan-current" : ""}`}>{limitText(plans[t].limits[l])}</td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">
                  <span class="sr-only">Change plan</span>
                </th>
                {planTiers.map((t) => (
                  <td class={t === s.tier ? "plan-current" : ""}>
                    <ChangeButton member={member} summary={s} tier={t} />
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
        <p class="muted small">
          Upgrades open Stripe Checkout; the days left in a trial carry over, so nothing is charged before it would have ended. Plan changes
          and cancellation of an existing subscription go through Stripe's customer portal. The plan changes when Stripe confirms it. A
          downgrade never deletes data: segments, users and approval settings above the plan stay, read-only.
        </p>
      </section>

      <section class="card">
        <h2>Refer a company</h2>
        {s.account.partnerCode ? (
          <p class="row">
            Your partner code: <code class="partner-code">{s.account.partnerCode}</code>
            <button class="btn btn-quiet" type="button" data-copy={s.account.partnerCode}>
              Copy
            </button>
            <span class="muted small">
              Each organisation that signs up with it and starts its trial credits {money(REFERRAL_CREDIT.minor, REFERRAL_CREDIT.currency)}{" "}
              to this account.
            </span>
          </p>
        ) : (
          <p class="muted">This organisation has no partner code yet.</p>
        )}
        {credits.length === 0 ? (
          <EmptyState title="No referral credit yet">
            Share your code: the credit appears here as soon as a referred organisation's trial starts.
          </EmptyState>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Organisation</th>
                <th scope="col" class="right">
                  Credit
                </th>
              </tr>
            </thead>
            <tbody>
              {credits.map((c) => (
                <tr>
                  <td>{fmtDate(c.createdAt.slice(0, 10))}</td>
                  <td>{c.referredName ?? c.reason}</td>
                  <td class="num right">{money(c.amountMinor, c.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  )
}
