// Deployment-wide switches (global maintenance, cron pause) belong to the deployment's operators: no tenant, sign-up
// or anonymous request can change what another organisation sees; a tenant switches only its own organisation.
import { eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { auditLog, opsState, organisations } from "../../src/db/schema"
import { addCustomer, addInvoice, api, browse, call, db, makeOrg, type TestOrg } from "../helpers"
import { latestMailTo, linkIn, postForm, sessionFrom } from "../auth/support"
import { addQueuedOutreach } from "../autopilot/fixtures"

const globalSwitch = async (key: string) => (await db().select().from(opsState).where(eq(opsState.key, key)))[0]?.value ?? "off"

/** A Controller of a brand-new organisation, signed up through the public sign-up form and its email link. */
async function freshSignUp(): Promise<{ cookie: string; csrf: string }> {
  const email = `attacker.${crypto.randomUUID().slice(0, 8)}@evil-corp.example`
  await postForm("/sign-up", { org_name: "Evil Corp", name: "Mallory", email })
  const token = new URL(linkIn((await latestMailTo(email))!.text, "/sign-in/verify"), "http://x").searchParams.get("token")!
  return sessionFrom(await postForm("/sign-in/verify", { token }))
}

/** Does Acme's operator still get its draft approved, i.e. is sending still on for Acme? */
async function acmeCanApprove(acme: TestOrg) {
  const customerId = await addCustomer(acme.id)
  const invoiceId = await addInvoice(acme.id, customerId)
  const draftId = await addQueuedOutreach(acme.id, invoiceId, customerId, { status: "draft" })
  const res = await api(acme, "operator", `/api/v1/outreach/${draftId}/approve`, { method: "POST" })
  return { status: res.status, body: await res.text() }
}

describe("deployment-wide switches", () => {
  let acme: TestOrg
  let other: TestOrg
  beforeEach(async () => {
    await db().delete(opsState)
    acme = await makeOrg({ name: "Acme" })
    other = await makeOrg({ name: "Other Org" })
  })

  const attempts: { who: string; path: string; form: Record<string, string> }[] = [
    { who: "another organisation's Controller", path: "/admin/ops/maintenance", form: { scope: "global", state: "on" } },
    { who: "another organisation's Controller", path: "/admin/ops/cron", form: { state: "paused" } },
  ]
  it.each(attempts)("$who cannot switch $path for every organisation", async ({ path, form }) => {
    const res = await browse(other, "controller", path, { form })
    expect([403, 404]).toContain(res.status)
    expect(await globalSwitch("maintenance")).toBe("off")
    expect(await globalSwitch("cron_paused")).toBe("off")
    const approved = await acmeCanApprove(acme)
    expect(approved.body).not.toContain("aintenance")
    expect(approved.status).toBe(200)
    const audit = await db().select().from(auditLog).where(eq(auditLog.orgId, other.id))
    expect(audit.map((a) => a.action)).not.toContain("ops.maintenance_on")
  })

  it("a freshly signed-up Controller cannot turn maintenance on or pause the cron for every organisation", async () => {
    const session = await freshSignUp()
    for (const [path, form] of [
      ["/admin/ops/maintenance", { scope: "global", state: "on" }],
      ["/admin/ops/cron", { state: "paused" }],
    ] as const) {
      const res = await postForm(path, form, { session })
      expect([403, 404], path).toContain(res.status)
    }
    expect(await globalSwitch("maintenance")).toBe("off")
    expect(await globalSwitch("cron_paused")).toBe("off")
    expect((await acmeCanApprove(acme)).status).toBe(200)
  })

  it("anonymous requests change no switch", async () => {
    for (const path of ["/admin/ops/maintenance", "/admin/ops/cron", "/admin/ops/autopilot"]) {
      const res = await postForm(path, { scope: "global", state: "on" })
      expect([401, 403, 404], path).toContain(res.status)
    }
    expect(await globalSwitch("maintenance")).toBe("off")
    expect(await globalSwitch("cron_paused")).toBe("off")
  })

  it("a Controller's maintenance switch stops its own organisation only", async () => {
    await browse(other, "controller", "/admin/ops/maintenance", { form: { scope: "organisation", state: "on" } })
    const [o] = await db().select().from(organisations).where(eq(organisations.id, other.id))
    expect(o!.maintenance).toBe(true)
    expect(await (await browse(acme, "controller", "/work/queue")).text()).not.toContain("Maintenance is on")
    expect((await acmeCanApprove(acme)).status).toBe(200)
  })

  it("a Controller pauses and resumes Autopilot for its own organisation only, audited", async () => {
    const paused = await browse(other, "controller", "/admin/ops/autopilot", { form: { state: "paused" } })
    expect(paused.status).toBe(303)
    const row = async (id: string) => (await db().select().from(organisations).where(eq(organisations.id, id)))[0]!
    expect((await row(other.id)).autopilotPaused).toBe(true)
    expect((await row(other.id)).autopilotPausedReason).toContain("Paused by")
    expect((await row(acme.id)).autopilotPaused).toBe(false)
    expect(await (await browse(other, "controller", "/admin/ops")).text()).toContain("Resume Autopilot")
    await browse(other, "controller", "/admin/ops/autopilot", { form: { state: "active" } })
    expect((await row(other.id)).autopilotPaused).toBe(false)
    const actions = (await db().select().from(auditLog).where(eq(auditLog.orgId, other.id))).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(["autopilot.paused", "autopilot.resumed"]))
    expect((await browse(other, "ar_manager", "/admin/ops/autopilot", { form: { state: "paused" } })).status).toBe(403)
  })

  it("the ops page shows the deployment-wide state read-only, with who may change it", async () => {
    await db().insert(opsState).values({ key: "maintenance", value: "on", updatedAt: new Date().toISOString() }) // as `npm run ops -- maintenance-on` writes it
    const page = await (await browse(acme, "controller", "/admin/ops")).text()
    expect(page).toContain("Maintenance, every organisation")
    expect(page).toContain("npm run ops")
    expect(page).not.toContain('value="global"')
    expect(page).not.toContain('action="/admin/ops/cron"')
    const dd = page.slice(page.indexOf("Maintenance, every organisation"), page.indexOf("Autopilot cron</dt>"))
    expect(dd).toContain(">on<")
    expect(page).toContain("Maintenance is on for every organisation on this deployment")
  })
})

describe("Stripe webhook failures nobody can attribute", () => {
  it("a junk POST to /webhooks/stripe changes no organisation's Data-Ready score", async () => {
    const org = await makeOrg()
    const before = await (await api(org, "controller", "/api/v1/data-ready")).json<{
      score: number
      checks: { key: string; ok: boolean }[]
    }>()
    for (const headers of [{}, { "Stripe-Signature": "t=1,v1=deadbeef" }] as Record<string, string>[]) {
      const res = await call("/webhooks/stripe", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: '{"id":"evt_junk","type":"invoice.paid"}',
      })
      expect(res.status).toBe(400)
    }
    const after = await (await api(org, "controller", "/api/v1/data-ready")).json<typeof before>()
    expect(after.score).toBe(before.score)
    expect(after.checks.find((c) => c.key === "no_errors_24h")?.ok).toBe(true)
  })
})
