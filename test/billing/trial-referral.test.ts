// The 14-day Growth trial every sign-up starts with, what happens when it ends, and the partner's referral credit.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, organisations, referralCredits, users, memberships } from "../../src/db/schema"
import { effectiveTier, trialDaysLeft } from "../../src/domain/plan-tiers"
import { api, browse, db, makeOrg } from "../helpers"
import { latestMailTo, linkIn, postForm } from "../auth/support"
import { billingEvent, deliverBilling, linkCustomer } from "./billing-support"

const day = 86_400_000

async function signUp(orgName: string, referral_code = "") {
  const email = `founder.${crypto.randomUUID().slice(0, 8)}@${orgName.toLowerCase().replace(/\W+/g, "")}.example`
  expect((await postForm("/sign-up", { org_name: orgName, name: "Founder", email, referral_code })).status).toBe(200)
  const token = new URL(linkIn((await latestMailTo(email))!.text, "/sign-in/verify"), "http://x").searchParams.get("token")!
  expect((await postForm("/sign-in/verify", { token })).status).toBe(303)
  const [user] = await db().select().from(users).where(eq(users.email, email))
  const [m] = await db().select().from(memberships).where(eq(memberships.userId, user!.id))
  return (await db().select().from(organisations).where(eq(organisations.id, m!.orgId)))[0]!
}

async function partner(code: string) {
  const org = await makeOrg({ name: "Ledger & Co Advisors" })
  await db().update(organisations).set({ partnerCode: code }).where(eq(organisations.id, org.id))
  return org
}

describe("the trial", () => {
  it.each([
    ["starter", 14 * day, "growth", 14],
    ["starter", 13.2 * day, "growth", 14],
    ["starter", 1000, "growth", 1],
    ["starter", -1000, "starter", 0],
    ["scale", 5 * day, "scale", 5],
    ["growth", -day, "growth", 0],
  ] as const)("paid %s with the trial ending in %d ms is %s in force, %d days left", (paid, ms, tier, left) => {
    const now = new Date("2026-12-02T10:00:00Z")
    const ends = new Date(now.getTime() + ms).toISOString()
    expect(effectiveTier(paid, ends, now)).toBe(tier)
    expect(trialDaysLeft(ends, now)).toBe(left)
  })

  it("starts 14 days of Growth at sign-up, shown with the days left, then falls back to Starter", async () => {
    const before = Date.now()
    const org = await signUp("Northwind Trial Co")
    expect(org.planTier).toBe("starter")
    expect(Date.parse(org.trialEndsAt!) - before).toBeGreaterThanOrEqual(14 * day - 60_000)
    expect(org.partnerCode).toMatch(/^NORTHWIND-[A-Z2-9]{5}$/)
    expect((await db().select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, org.id))).map((r) => r.a)).toContain(
      "billing.trial_started",
    )

    const member = await makeOrg({ planTier: "starter" })
    await db().update(organisations).set({ trialEndsAt: org.trialEndsAt }).where(eq(organisations.id, member.id))
    const during = (await (await api(member, "controller", "/api/v1/billing")).json()) as Record<string, unknown>
    expect(during).toMatchObject({
      tier: "growth",
      paid_tier: "starter",
      trial_days_left: 14,
      features: { policy_as_code: true },
      referral_credit_minor: 0,
    })
    const page = await (await browse(member, "billing_admin", "/admin/overview")).text()
    expect(page).toContain("Growth trial · 14 days left")
    // On the trial, Growth features work.
    const made = await api(member, "controller", "/api/v1/cadences", {
      method: "POST",
      json: { name: "T", tone: "neutral", steps: [{ offset_days: 0, subject: "s", body: "b" }], approval_threshold_minor: 1000 },
    })
    expect(made.status).toBe(201)

    await db()
      .update(organisations)
      .set({ trialEndsAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(organisations.id, member.id))
    const after = (await (await api(member, "controller", "/api/v1/billing")).json()) as Record<string, unknown>
    expect(after).toMatchObject({ tier: "starter", trial_days_left: 0, features: { policy_as_code: false, approval_thresholds: false } })
    expect(await (await browse(member, "billing_admin", "/admin/overview")).text()).not.toContain("trial ·")
    const refused = await api(member, "controller", "/api/v1/cadences", {
      method: "POST",
      json: { name: "T2", tone: "neutral", steps: [{ offset_days: 0, subject: "s", body: "b" }], approval_threshold_minor: 1000 },
    })
    expect(refused.status).toBe(403)
  })

  it("takes the trial end from Stripe when the subscription is trialing, and lands on Starter when Stripe ends it unpaid", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const customer = await linkCustomer(org.id)
    await deliverBilling(billingEvent("customer.subscription.created.trialing", { id: org.id, customer }))
    const row = (await db().select().from(organisations).where(eq(organisations.id, org.id)))[0]!
    expect([row.planTier, row.billingStatus, row.trialEndsAt]).toEqual(["growth", "trialing", new Date(1796342400 * 1000).toISOString()])
    await deliverBilling(billingEvent("customer.subscription.deleted", { id: org.id, customer }))
    expect((await (await api(org, "controller", "/api/v1/billing")).json()) as Record<string, unknown>).toMatchObject({
      tier: "starter",
      subscription_status: "canceled",
    })
  })
})

describe("referral credit", () => {
  it("credits the partner once, audited on both sides, as soon as the referred organisation's trial starts", async () => {
    const p = await partner("LEDGER-PARTNER")
    const referred = await signUp("Contoso Wholesale", "ledger-partner")
    expect(referred.referralCode).toBe("LEDGER-PARTNER")
    const credits = await db().select().from(referralCredits).where(eq(referralCredits.orgId, p.id))
    expect(credits).toEqual([
      expect.objectContaining({
        referredOrgId: referred.id,
        amountMinor: 10_000,
        currency: "USD",
        reason: "Trial started by Contoso Wholesale",
      }),
    ])
    const partnerAudit = await db().select().from(auditLog).where(eq(auditLog.orgId, p.id))
    expect(partnerAudit.find((a) => a.action === "referral.credited")?.after).toMatchObject({
      amount_minor: 10_000,
      referred_org: "Contoso Wholesale",
    })
    expect((await db().select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, referred.id))).map((r) => r.a)).toContain(
      "referral.partner_credited",
    )
    expect(
      ((await (await api(p, "billing_admin", "/api/v1/billing")).json()) as { referral_credit_minor: number }).referral_credit_minor,
    ).toBe(10_000)
    const page = await (await browse(p, "billing_admin", "/admin/billing")).text()
    expect(page).toContain("LEDGER-PARTNER")
    expect(page).toContain("Contoso Wholesale")

    // Stripe's trialing subscription for the same organisation does not credit a second time.
    const customer = await linkCustomer(referred.id)
    await deliverBilling(billingEvent("customer.subscription.created.trialing", { id: referred.id, customer }))
    expect(await db().select().from(referralCredits).where(eq(referralCredits.orgId, p.id))).toHaveLength(1)
  })

  it("credits the partner from Stripe's trialing event when the sign-up could not (code added later)", async () => {
    const p = await partner("LATE-PARTNER")
    const org = await makeOrg({ planTier: "starter" })
    await db().update(organisations).set({ referralCode: "LATE-PARTNER" }).where(eq(organisations.id, org.id))
    const customer = await linkCustomer(org.id)
    await deliverBilling(billingEvent("customer.subscription.created.trialing", { id: org.id, customer }))
    expect(await db().select().from(referralCredits).where(eq(referralCredits.orgId, p.id))).toEqual([
      expect.objectContaining({ referredOrgId: org.id, amountMinor: 10_000 }),
    ])
  })

  it("refuses an unknown referral code at sign-up, naming the field", async () => {
    const res = await postForm("/sign-up", { org_name: "Fabrikam", name: "F", email: "f@fabrikam.example", referral_code: "NOBODY-1" })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain("No Plixo partner has this referral code")
  })
})
