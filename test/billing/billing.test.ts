// Plixo's own plans through Stripe Billing: upgrade, plan change and downgrade follow the platform account's signed
// events; Checkout and the portal are where the Billing Admin is sent; a downgrade deletes nothing.
import { and, eq } from "drizzle-orm"
import { afterEach, describe, expect, it } from "vitest"
import { vi } from "vitest"
import { auditLog, cadenceVersions, organisations, segments } from "../../src/db/schema"
import { api, browse, db, makeOrg } from "../helpers"
import { billingEvent, deliverBilling, fakeStripeBilling, linkCustomer, withPrice } from "./billing-support"

afterEach(() => vi.restoreAllMocks())

const orgRow = async (id: string) => (await db().select().from(organisations).where(eq(organisations.id, id)))[0]!
const billing = async (org: Awaited<ReturnType<typeof makeOrg>>) =>
  (await (await api(org, "billing_admin", "/api/v1/billing")).json()) as Record<string, unknown>
const actions = async (orgId: string) =>
  (await db().select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId))).map((r) => r.a)

describe("upgrade through Stripe Checkout", () => {
  it("sends a Starter organisation to Checkout in subscription mode for the chosen tier, creating its platform customer once", async () => {
    const calls = fakeStripeBilling()
    const org = await makeOrg({ planTier: "starter" })
    const res = await browse(org, "billing_admin", "/admin/billing/change", { form: { tier: "growth" } })
    expect([res.status, res.headers.get("Location")]).toEqual([303, "https://checkout.stripe.com/c/pay/cs_test_FakeBilling01"])
    const checkout = calls.find((c) => c.path === "/v1/checkout/sessions")!
    expect(checkout.account).toBeNull() // the platform's own account, never a Connect account
    expect(checkout.form.get("mode")).toBe("subscription")
    expect(checkout.form.get("line_items[0][price]")).toBe("price_for_plixo_growth_monthly")
    expect(checkout.form.get("customer")).toBe(`cus_Fake_${org.id.slice(-8)}`)
    expect(checkout.form.get("client_reference_id")).toBe(org.id)
    expect(checkout.form.get("subscription_data[metadata][plixo_org_id]")).toBe(org.id)
    expect((await orgRow(org.id)).billingCustomerId).toBe(`cus_Fake_${org.id.slice(-8)}`)
    expect((await orgRow(org.id)).planTier).toBe("starter") // nothing changes until Stripe confirms
    await browse(org, "billing_admin", "/admin/billing/change", { form: { tier: "scale" } })
    expect(calls.filter((c) => c.path === "/v1/customers")).toHaveLength(1)
  })

  it("carries the days left of the trial into the subscription so nothing is charged early", async () => {
    const calls = fakeStripeBilling()
    const org = await makeOrg({ planTier: "starter" })
    const trialEndsAt = new Date(Date.now() + 10 * 86_400_000).toISOString()
    await db().update(organisations).set({ trialEndsAt }).where(eq(organisations.id, org.id))
    await browse(org, "controller", "/admin/billing/change", { form: { tier: "growth" } })
    const checkout = calls.find((c) => c.path === "/v1/checkout/sessions")!
    expect(Number(checkout.form.get("subscription_data[trial_end]"))).toBe(Math.floor(Date.parse(trialEndsAt) / 1000))
  })

  it("refuses an unknown tier by name, and roles other than Billing Admin and Controller", async () => {
    fakeStripeBilling()
    const org = await makeOrg({ planTier: "starter" })
    const bad = await browse(org, "billing_admin", "/admin/billing/change", {
      form: { tier: "platinum" },
      headers: { Accept: "application/json" },
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('Unknown plan "platinum"')
    expect((await browse(org, "operator", "/admin/billing/change", { form: { tier: "growth" } })).status).toBe(403)
    expect((await browse(org, "cfo", "/admin/billing")).status).toBe(403)
    expect((await browse(org, "controller", "/admin/billing")).status).toBe(200)
  })

  it("moves the organisation to Growth when Stripe's subscription.created arrives, and records invoice.paid", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const customer = await linkCustomer(org.id)
    const res = await deliverBilling(billingEvent("customer.subscription.created", { id: org.id, customer }))
    expect([res.status, await res.json()]).toEqual([200, { received: true, outcome: "plan_growth" }])
    expect(await orgRow(org.id)).toMatchObject({
      planTier: "growth",
      billingStatus: "active",
      billingSubscriptionId: "sub_1QPlixoBilling0001",
    })
    expect(await billing(org)).toMatchObject({
      tier: "growth",
      paid_tier: "growth",
      features: { policy_as_code: true, approval_thresholds: true, dual_sign_off: true },
      limits: { segments: 10 },
    })
    await deliverBilling(billingEvent("invoice.paid", { id: org.id, customer }))
    const paid = (
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "billing.invoice_paid")))
    )[0]!
    expect(paid.after).toMatchObject({ number: "PLIXO-0001", amount_paid_minor: 49_900, currency: "USD" })
    const page = await (await browse(org, "billing_admin", "/admin/billing")).text()
    expect(page).toContain("Payment method and invoices")
    expect(page).toContain("Upgrade to Scale")
  })

  it("applies each event once, even when Stripe delivers it again", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const customer = await linkCustomer(org.id)
    const event = billingEvent("customer.subscription.created", { id: org.id, customer })
    await deliverBilling(event)
    expect(await (await deliverBilling(event)).json()).toEqual({ received: true, duplicate: true })
    expect((await actions(org.id)).filter((a) => a === "billing.plan_changed")).toHaveLength(1)
  })
})

describe("plan changes and downgrade", () => {
  it("sends a subscriber to the customer portal's plan-change flow, and follows subscription.updated to Scale", async () => {
    const calls = fakeStripeBilling()
    const org = await makeOrg({ planTier: "starter" })
    const customer = await linkCustomer(org.id)
    await deliverBilling(billingEvent("customer.subscription.created", { id: org.id, customer }))
    const res = await browse(org, "billing_admin", "/admin/billing/change", { form: { tier: "scale" } })
    expect(res.headers.get("Location")).toBe("https://billing.stripe.com/p/session/test_FakeBilling01")
    const portal = calls.find((c) => c.path === "/v1/billing_portal/sessions")!
    expect([
      portal.form.get("customer"),
      portal.form.get("flow_data[type]"),
      portal.form.get("flow_data[subscription_update][subscription]"),
    ]).toEqual([customer, "subscription_update", "sub_1QPlixoBilling0001"])
    await deliverBilling(billingEvent("customer.subscription.updated", { id: org.id, customer }))
    expect((await orgRow(org.id)).planTier).toBe("scale")
    const change = (
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "billing.plan_changed")))
    ).map((r) => [r.before, r.after])
    expect(change).toContainEqual([expect.objectContaining({ tier: "growth" }), expect.objectContaining({ tier: "scale" })])
  })

  it("drops to Starter on subscription.deleted without deleting anything: extra segments and approval settings stay, read-only", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const customer = await linkCustomer(org.id)
    await deliverBilling(billingEvent("customer.subscription.created", { id: org.id, customer }))
    const now = new Date().toISOString()
    for (const n of [1, 2, 3])
      await db()
        .insert(segments)
        .values({ id: `seg_${n}_${org.id}`, orgId: org.id, name: `Segment ${n}`, filters: {}, createdAt: now, updatedAt: now })
    const made = await api(org, "controller", "/api/v1/cadences", {
      method: "POST",
      json: {
        name: "Firm",
        tone: "formal",
        steps: [{ offset_days: 0, subject: "Due", body: "{invoice_balance} is due" }],
        approval_threshold_minor: 50_000,
        high_approval_threshold_minor: 500_000,
      },
    })
    const { id: cadenceId } = (await made.json()) as { id: string }

    const res = await deliverBilling(billingEvent("customer.subscription.deleted", { id: org.id, customer }))
    expect(await res.json()).toMatchObject({ outcome: "plan_starter" })
    expect(await orgRow(org.id)).toMatchObject({ planTier: "starter", billingStatus: "canceled", billingSubscriptionId: null })
    expect(await db().select().from(segments).where(eq(segments.orgId, org.id))).toHaveLength(3)
    const [v1] = await db().select().from(cadenceVersions).where(eq(cadenceVersions.cadenceId, cadenceId))
    expect([v1!.approvalThresholdMinor, v1!.highApprovalThresholdMinor]).toEqual([50_000, 500_000])

    const page = await (await browse(org, "ar_manager", "/admin/segments")).text()
    expect(page).toContain("some settings are read-only")
    expect(page).toContain("3 segments (the plan allows 2")
    expect(page).toContain("dual sign-off on 1 cadence version")
    const another = await api(org, "controller", "/api/v1/segments", { method: "POST", json: { name: "Fourth" } })
    expect(another.status).toBe(403)
    expect(((await another.json()) as { error: { message: string } }).error.message).toContain(
      "The Starter plan allows 2 segments; this organisation has 3",
    )
    // Editing goes on through new drafts that carry the approval settings over unchanged.
    const draft = await api(org, "controller", `/api/v1/cadences/${cadenceId}/versions`, {
      method: "POST",
      json: {
        steps: [{ offset_days: 1, subject: "Due", body: "{invoice_balance} is due" }],
        approval_threshold_minor: 50_000,
        high_approval_threshold_minor: 500_000,
      },
    })
    expect(draft.status).toBe(201)
    const raise = await api(org, "controller", `/api/v1/cadences/${cadenceId}/versions`, {
      method: "POST",
      json: {
        steps: [{ offset_days: 1, subject: "Due", body: "x" }],
        approval_threshold_minor: 90_000,
        high_approval_threshold_minor: 500_000,
      },
    })
    expect(raise.status).toBe(403)
  })

  it("ignores an older event that arrives after a newer one", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const customer = await linkCustomer(org.id)
    await deliverBilling(billingEvent("customer.subscription.deleted", { id: org.id, customer }))
    const late = withPrice("plixo_scale_monthly")(
      billingEvent("customer.subscription.updated", { id: org.id, customer }, {}, { created: 1795132900 }),
    )
    expect(await (await deliverBilling(late)).json()).toMatchObject({ outcome: "stale" })
    expect((await orgRow(org.id)).planTier).toBe("starter")
  })

  it("refuses an event signed with the Connect webhook's secret: the Billing endpoint has its own", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const customer = await linkCustomer(org.id)
    const res = await deliverBilling(billingEvent("customer.subscription.created", { id: org.id, customer }), {
      secret: "whsec_test_plixo",
    })
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, "Signature does not match"])
    expect((await orgRow(org.id)).planTier).toBe("starter")
    // And the Connect endpoint does not take Billing events signed with the Billing secret.
    expect(
      (await deliverBilling(billingEvent("customer.subscription.created", { id: org.id, customer }), { path: "/webhooks/stripe" })).status,
    ).toBe(400)
  })
})
