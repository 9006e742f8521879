// The cadences API: versions, validation errors that name the field, publishing, and what each plan tier allows.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog } from "../../src/db/schema"
import { presetSteps } from "../../src/domain/cadence-presets"
import { addCustomer, addInvoice, api, browse, db, makeOrg } from "../helpers"

const body = (extra: Record<string, unknown> = {}) => ({
  name: "Neutral reminders",
  tone: "neutral",
  steps: [
    { offset_days: 0, subject: "Invoice {invoice_number} is due", body: "Hi {contact_name}, {invoice_balance} is due. {pay_link}" },
    { offset_days: 7, subject: "Reminder", body: "{customer_name} owes {invoice_balance}" },
  ],
  quiet_hours: { start: "18:00", end: "08:00" },
  business_days_only: true,
  max_sends_per_day: 200,
  escalate_after_days: 21,
  discount_cap_percent: 5,
  ...extra,
})

async function actions(orgId: string) {
  return (await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId))).map((a) => a.action)
}

describe("cadences API", () => {
  it("creates version 1 as a draft, publishes it once, and never edits it again", async () => {
    const org = await makeOrg()
    const res = await api(org, "controller", "/api/v1/cadences", { method: "POST", json: body({ approval_threshold_minor: 100_000 }) })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; version: number; status: string }
    expect(created).toMatchObject({ version: 1, status: "draft" })

    const pub = await api(org, "controller", `/api/v1/cadences/${created.id}/versions/1/publish`, { method: "POST", json: {} })
    expect([pub.status, await pub.json()]).toEqual([200, { status: "published", segments: [] }])
    expect((await api(org, "controller", `/api/v1/cadences/${created.id}/versions/1/publish`, { method: "POST" })).status).toBe(409)
    const edit = await api(org, "controller", `/api/v1/cadences/${created.id}/versions/1`, { method: "PATCH", json: body() })
    expect(edit.status).toBe(409)

    const v2 = await api(org, "ar_manager", `/api/v1/cadences/${created.id}/versions`, {
      method: "POST",
      json: { ...body({ approval_threshold_minor: 100_000 }), name: undefined },
    })
    expect([v2.status, ((await v2.json()) as { version: number }).version]).toEqual([201, 2])
    const patched = await api(org, "ar_manager", `/api/v1/cadences/${created.id}/versions/2`, {
      method: "PATCH",
      json: body({ approval_threshold_minor: 100_000, max_sends_per_day: 50 }),
    })
    expect(patched.status).toBe(200)

    const got = (await (await api(org, "operator", `/api/v1/cadences/${created.id}`)).json()) as {
      live_version: number
      versions: { version: number; status: string; policy: { max_sends_per_day: number; steps: unknown[] } }[]
    }
    expect(got.live_version).toBe(1)
    expect(got.versions.map((v) => [v.version, v.status, v.policy.max_sends_per_day])).toEqual([
      [2, "draft", 50],
      [1, "published", 200],
    ])
    expect(await actions(org.id)).toEqual(
      expect.arrayContaining(["cadence.created", "cadence.published", "cadence.version_created", "cadence.draft_updated"]),
    )
  })

  it.each([
    ["{custmer_name}", "custmer_name"],
    ["{invoice_amount}", "invoice_amount"],
  ])("answers 400 naming the unknown merge tag %s", async (tag, name) => {
    const org = await makeOrg()
    const res = await api(org, "controller", "/api/v1/cadences", {
      method: "POST",
      json: body({ steps: [{ offset_days: 0, subject: "Hi", body: `Dear ${tag}` }] }),
    })
    expect(res.status).toBe(400)
    const err = (await res.json()) as { error: { message: string; details: { field: string; message: string }[] } }
    expect(err.error.message).toContain(`{${name}}`)
    expect(err.error.details[0].field).toBe("steps.0.body")
  })

  it("lets only a Controller set approval thresholds (on a plan that has them, so the refusal is the role's)", async () => {
    const org = await makeOrg({ planTier: "enterprise" })
    const thresholds = { approval_threshold_minor: 100_000, high_approval_threshold_minor: 500_000 }
    const refused = await api(org, "ar_manager", "/api/v1/cadences", { method: "POST", json: body(thresholds) })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      "Only a Controller sets approval thresholds and approver roles",
    )
    expect((await api(org, "operator", "/api/v1/cadences", { method: "POST", json: body() })).status).toBe(403)
    expect((await api(org, "ar_manager", "/api/v1/cadences", { method: "POST", json: body() })).status).toBe(201)
    const made = await api(org, "controller", "/api/v1/cadences", { method: "POST", json: body(thresholds) })
    expect(made.status).toBe(201)
    const { id } = (await made.json()) as { id: string }
    const got = (await (await api(org, "controller", `/api/v1/cadences/${id}`)).json()) as {
      versions: { policy: { approval_threshold_minor: number; high_approval_threshold_minor: number } }[]
    }
    expect(got.versions[0]!.policy).toMatchObject(thresholds)
  })

  it("renders every step of a version against a real invoice", async () => {
    const org = await makeOrg()
    const inv = await addInvoice(org.id, await addCustomer(org.id, { name: "Bolt <Co>", locale: "de-DE" }), {
      currency: "EUR",
      balanceMinor: 123_456,
      invoiceNumber: "INV-77",
    })
    const created = (await (
      await api(org, "controller", "/api/v1/cadences", { method: "POST", json: { ...body(), steps: presetSteps("formal") } })
    ).json()) as { id: string }
    const res = await api(org, "operator", `/api/v1/cadences/${created.id}/versions/1/preview`, {
      method: "POST",
      json: { invoice_id: inv },
    })
    expect(res.status).toBe(200)
    const out = (await res.json()) as { steps: { offset_days: number; subject: string; text: string; html: string; errors: string[] }[] }
    expect(out.steps.map((s) => s.offset_days)).toEqual([-3, 0, 7, 14, 21])
    expect(out.steps[1].text).toContain("1.234,56\u00a0€")
    expect(out.steps[4].html).toContain("Bolt &lt;Co&gt;")
    expect(out.steps.every((s) => s.errors.length === 0 && !s.subject.includes("{"))).toBe(true)
    const other = await makeOrg()
    expect(
      (await api(other, "operator", `/api/v1/cadences/${created.id}/versions/1/preview`, { method: "POST", json: { invoice_id: inv } }))
        .status,
    ).toBe(404)
  })

  it("exports a version as JSON and imports it back as a new draft with the same schema", async () => {
    const org = await makeOrg()
    const created = (await (
      await api(org, "controller", "/api/v1/cadences", { method: "POST", json: body({ approval_threshold_minor: 50_000 }) })
    ).json()) as { id: string }
    const exported = await (await api(org, "controller", `/api/v1/cadences/${created.id}/versions/1/export`)).json()
    expect(exported).toMatchObject({ format: "plixo.cadence/v1", name: "Neutral reminders", approval_threshold_minor: 50_000 })
    const imported = await api(org, "controller", `/api/v1/cadences/import?cadence_id=${created.id}`, { method: "POST", json: exported })
    expect([imported.status, ((await imported.json()) as { version: number }).version]).toEqual([201, 2])
    const bad = await api(org, "controller", "/api/v1/cadences/import", {
      method: "POST",
      json: { ...(exported as object), surprise: true },
    })
    expect(bad.status).toBe(400)
    expect(await actions(org.id)).toContain("cadence.imported")
  })
})

describe("plan tiers", () => {
  it.each([
    ["dual sign-off", "a high approval threshold"],
    ["approval thresholds", "approval thresholds"],
    ["policy-as-code export", "policy-as-code"],
  ])("refuses %s on Starter with a message naming the plan", async (what) => {
    const org = await makeOrg({ planTier: "starter" })
    const created = await api(org, "controller", "/api/v1/cadences", { method: "POST", json: body() })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const res =
      what === "dual sign-off"
        ? await api(org, "controller", `/api/v1/cadences/${id}/versions`, {
            method: "POST",
            json: body({ high_approval_threshold_minor: 500_000 }),
          })
        : what === "approval thresholds"
          ? await api(org, "controller", "/api/v1/cadences", { method: "POST", json: body({ approval_threshold_minor: 1000 }) })
          : await api(org, "controller", `/api/v1/cadences/${id}/versions/1/export`)
    expect(res.status).toBe(403)
    const err = (await res.json()) as { error: { message: string } }
    expect(err.error.message).toMatch(/Growth plan or above; this organisation is on the Starter plan/)
    const growth = await makeOrg({ planTier: "growth" })
    expect(
      (await api(growth, "controller", "/api/v1/cadences", { method: "POST", json: body({ approval_threshold_minor: 1000 }) })).status,
    ).toBe(201)
  })

  it("lets Starter edit a published cadence through a new draft, carrying its settings over", async () => {
    const org = await makeOrg({ planTier: "starter" })
    const { id } = (await (await api(org, "controller", "/api/v1/cadences", { method: "POST", json: body() })).json()) as { id: string }
    expect((await api(org, "controller", `/api/v1/cadences/${id}/versions/1/publish`, { method: "POST", json: {} })).status).toBe(200)
    const page = await (await browse(org, "controller", `/admin/policies/${id}/versions/1`)).text()
    expect(page).toContain("New draft from v1")
    const made = await browse(org, "controller", `/admin/policies/${id}/versions`, { method: "POST", form: { from: "1" } })
    expect([made.status, made.headers.get("Location")]).toEqual([303, `/admin/policies/${id}/versions/2?notice=saved`])
    const viaApi = await api(org, "controller", `/api/v1/cadences/${id}/versions`, { method: "POST", json: body() })
    expect([viaApi.status, ((await viaApi.json()) as { version: number }).version]).toEqual([201, 3])
  })

  it("writes no audit entry for a refused change", async () => {
    const org = await makeOrg({ planTier: "starter" })
    await api(org, "controller", "/api/v1/cadences", { method: "POST", json: body({ approval_threshold_minor: 1000 }) })
    expect(
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id))),
    ).toEqual([])
  })
})
