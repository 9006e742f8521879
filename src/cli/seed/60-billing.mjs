// Seed part 60 (plans, issue 16): Acme Demo's partner code and the referral credit it earned when Globex Demo's
// trial started; with `npm run dev -- --fresh` (PLIXO_FRESH_ORG=1) also a new, empty "Fresh Start Co" on its
// 14-day Growth trial, with one Controller, to walk the Quick Start's first hour in. Each --fresh run adds a new one.
const ACME = "org_acme_demo"
const GLOBEX = "org_globex_demo"

export function build(ctx) {
  const { now } = ctx
  const out = [
    `UPDATE organisations SET partner_code = 'ACME-PARTNER' WHERE id = '${ACME}' AND partner_code IS NULL;`,
    `UPDATE organisations SET partner_code = 'GLOBEX-PARTNER', referral_code = 'ACME-PARTNER' WHERE id = '${GLOBEX}' AND partner_code IS NULL;`,
    ...ctx.insert("referral_credits", [
      {
        id: "rcr_acme_globex",
        org_id: ACME,
        referred_org_id: GLOBEX,
        amount_minor: 10_000,
        currency: "USD",
        reason: "Trial started by Globex Demo",
        created_at: now,
      },
    ]),
  ]
  if (process.env.PLIXO_FRESH_ORG === "1") {
    const stamp = now.replace(/\D/g, "").slice(0, 14)
    const id = `org_fresh_${stamp}`
    const trialEnds = new Date(Date.parse(now) + 14 * 86_400_000).toISOString()
    out.push(
      ...ctx.insert("organisations", [
        {
          id,
          name: "Fresh Start Co",
          plan_tier: "starter",
          trial_ends_at: trialEnds,
          partner_code: `FRESH-${stamp.slice(-6)}`,
          time_zone: "America/New_York",
          country: "US",
          base_currency: "USD",
          created_at: now,
        },
      ]),
      ...ctx.insert("users", [
        { id: "usr_fresh_controller", email: "controller@fresh-start.example", name: "Frances Fresh", created_at: now },
      ]),
      ...ctx.insert("memberships", [{ org_id: id, user_id: "usr_fresh_controller", role: "controller", created_at: now }]),
      ...ctx.insert("audit_log", [
        {
          id: `aud_${id}_trial`,
          org_id: id,
          actor_type: "system",
          actor_id: null,
          actor_label: "Plixo",
          action: "billing.trial_started",
          subject_type: "organisation",
          subject_id: id,
          before: null,
          after: { tier: "growth", trial_ends_at: trialEnds },
          created_at: now,
        },
      ]),
    )
  }
  return out
}
