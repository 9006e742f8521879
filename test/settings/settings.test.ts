// Organisation settings: the API round-trips and audits them, only the Controller changes them, bad input names the
// field, and the next email in the dev mailbox is from the organisation, with its reply-to, colour and signature.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, organisations } from "../../src/db/schema"
import { roles } from "../../src/domain/roles"
import { addQueuedOutreach, addSegment, addSendingDomain, daysBefore, mailFor } from "../autopilot/fixtures"
import { addCustomer, addInvoice, api, browse, db, deliverQueued, makeOrg } from "../helpers"

type Settings = Record<string, string | boolean | null>
const patch = (org: Awaited<ReturnType<typeof makeOrg>>, json: unknown, role: (typeof roles)[number] = "controller") =>
  api(org, role, "/api/v1/settings", { method: "PATCH", json })
const full = {
  display_name: "Northwind Supply",
  sender_name: "Dana Reyes",
  reply_to: "AR@Northwind.example",
  brand_colour: "#0F766E",
  logo_url: "https://cdn.northwind.example/logo.png",
}

describe("GET/PATCH /api/v1/settings", () => {
  it("round-trips every field, normalises case, audits the change with before and after, and clears with an empty string", async () => {
    const org = await makeOrg({ name: "Northwind Supply Co" })
    const res = await patch(org, full)
    expect(res.status).toBe(200)
    const saved = (await res.json()) as Settings
    expect(saved).toMatchObject({ ...full, reply_to: "ar@northwind.example", brand_colour: "#0f766e", name: "Northwind Supply Co" })
    expect(saved.from).toBe('"Dana Reyes, Northwind Supply" <reminders@mail.plixo.dev>')
    expect(saved.own_domain).toBe(false)
    const read = (await (await api(org, "cfo", "/api/v1/settings")).json()) as Settings
    expect(read).toEqual(saved)
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "settings.changed")))
    expect(entry!.before).toMatchObject({ display_name: null, sender_name: null, brand_colour: null })
    expect(entry!.after).toMatchObject({ display_name: "Northwind Supply", sender_name: "Dana Reyes", brand_colour: "#0f766e" })
    expect(entry!.actorType).toBe("api_key")

    const cleared = (await (await patch(org, { sender_name: "" })).json()) as Settings
    expect(cleared.sender_name).toBeNull()
    expect(cleared.display_name).toBe("Northwind Supply") // untouched fields stay
    expect(cleared.from).toBe('"Northwind Supply" <reminders@mail.plixo.dev>')
  })

  it.each([
    ["reply_to", "not-an-email", "email address"],
    ["brand_colour", "teal", "#RRGGBB"],
    ["brand_colour", "#12345", "#RRGGBB"],
    ["logo_url", "http://cdn.example/logo.png", "https://"],
    ["logo_url", "javascript:alert(1)", "https://"],
    ["display_name", "x".repeat(121), "at most 120"],
    ["sender_name", "Dana\r\nBcc: all@victims.example", "line breaks"],
    ["sender_name", 'Dana "AR"', '< > or "'],
    ["catch_up_start", "whenever", "catch_up_start"],
    ["unknown_field", "x", "unknown_field"],
  ])("refuses %s = %j with a 400 that names the field, and changes nothing", async (field, value, words) => {
    const org = await makeOrg()
    const res = await patch(org, { [field]: value })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string; message: string }[] } }
    expect(body.error.code).toBe("validation_failed")
    expect(`${body.error.message} ${JSON.stringify(body.error.details)}`).toContain(words)
    if (field !== "unknown_field") expect(body.error.details[0]!.field).toBe(field)
    const [row] = await db().select().from(organisations).where(eq(organisations.id, org.id))
    expect([row!.replyTo, row!.brandColour, row!.logoUrl, row!.displayName, row!.senderName]).toEqual([null, null, null, null, null])
  })

  it("lets only the Controller change settings; every role may read them", async () => {
    const org = await makeOrg()
    for (const role of roles) {
      expect((await api(org, role, "/api/v1/settings")).status, role).toBe(200)
      const res = await patch(org, { sender_name: `By ${role}` }, role)
      expect(res.status, role).toBe(role === "controller" ? 200 : 403)
    }
    const [row] = await db().select().from(organisations).where(eq(organisations.id, org.id))
    expect(row!.senderName).toBe("By controller")
  })

  it("reads and changes only the caller's own organisation", async () => {
    const a = await makeOrg({ name: "Alpha Ltd" })
    const b = await makeOrg({ name: "Beta Ltd" })
    await patch(a, { display_name: "Alpha Trading" })
    const seenByB = (await (await api(b, "controller", "/api/v1/settings")).json()) as Settings
    expect(seenByB).toMatchObject({ name: "Beta Ltd", display_name: null })
    const [rowA] = await db().select().from(organisations).where(eq(organisations.id, a.id))
    expect(rowA!.displayName).toBe("Alpha Trading")
  })
})

describe("/admin/settings", () => {
  it("shows the form to the Controller, saves a valid post with the CSRF token, and re-renders errors by field", async () => {
    const org = await makeOrg()
    const page = await browse(org, "controller", "/admin/settings")
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('name="reply_to"')
    expect(html).toContain('name="_csrf"')
    const ok = await browse(org, "controller", "/admin/settings", { form: { ...full, catch_up_start: "by_age" } })
    expect([ok.status, ok.headers.get("Location")]).toEqual([303, "/admin/settings?done=saved"])
    const [row] = await db().select().from(organisations).where(eq(organisations.id, org.id))
    expect([row!.senderName, row!.catchUpStart]).toEqual(["Dana Reyes", "by_age"])

    const bad = await browse(org, "controller", "/admin/settings", { form: { ...full, brand_colour: "blue" } })
    expect(bad.status).toBe(400)
    const badHtml = await bad.text()
    expect(badHtml).toContain("#RRGGBB")
    expect(badHtml).toContain('value="blue"')
  })

  it("refuses a post without the CSRF token and other roles", async () => {
    const org = await makeOrg()
    expect((await browse(org, "controller", "/admin/settings", { form: full, csrf: false })).status).toBe(403)
    expect((await browse(org, "ar_manager", "/admin/settings")).status).toBe(403)
    expect((await browse(org, "operator", "/admin/settings", { form: full })).status).toBe(403)
    const [row] = await db().select().from(organisations).where(eq(organisations.id, org.id))
    expect(row!.senderName).toBeNull()
  })
})

describe("the email a payer receives", () => {
  async function sentReminder(setup: (orgId: string) => Promise<unknown> = async () => {}) {
    const org = await makeOrg({ name: "Northwind Supply Co" })
    await addSegment(org.id, { mode: "autopilot", touchesPerContactWeek: 10 })
    const customerId = await addCustomer(org.id, { name: "Lion City Foods" })
    const invoiceId = await addInvoice(org.id, customerId, { dueDate: daysBefore(new Date().toISOString().slice(0, 10), 8) })
    await setup(org.id)
    const id = await addQueuedOutreach(org.id, invoiceId, customerId, {
      subject: "Invoice {invoice_number} from {org_name}",
      bodyText: "Hello {contact_name},\n\nPlease pay: {pay_link}\n\nBest regards,\n{sender_name}\n{org_name}",
    })
    return { org, id }
  }

  it("is From the organisation with its sender name, Reply-To its mailbox, signed and coloured with its settings", async () => {
    const { org, id } = await sentReminder()
    expect((await patch(org, full)).status).toBe(200)
    await deliverQueued(org.id)
    const [mail] = await mailFor(id)
    expect(mail!.from).toBe('"Dana Reyes, Northwind Supply" <reminders@mail.plixo.dev>')
    expect(mail!.headers["Reply-To"]).toMatch(/^r\+out_[^,]+@[^,]+, ar@northwind\.example$/)
    expect(mail!.subject).toMatch(/^Invoice INV-\S+ from Northwind Supply$/)
    expect(mail!.text).toContain("Best regards,\nDana Reyes\nNorthwind Supply\n")
    expect(mail!.html).toContain("border-top:4px solid #0f766e")
    expect(mail!.html).toContain('src="https://cdn.northwind.example/logo.png"')
  })

  it("without settings is from the organisation's own name (never Plixo) and the signature does not repeat it", async () => {
    const { org, id } = await sentReminder()
    await deliverQueued(org.id)
    const [mail] = await mailFor(id)
    expect(mail!.from).toBe('"Northwind Supply Co" <reminders@mail.plixo.dev>')
    expect(mail!.text).toContain("Best regards,\nAccounts Receivable\nNorthwind Supply Co\n")
    expect(mail!.headers["Reply-To"]).not.toContain(",")
  })

  it("uses the organisation's sending domain once SPF and DKIM verify, and the shared domain before", async () => {
    const unverified = await sentReminder((orgId) =>
      addSendingDomain(orgId, { domain: "billing.northwind.example", spfVerified: true, dkimVerified: false }),
    )
    await deliverQueued(unverified.org.id)
    expect((await mailFor(unverified.id))[0]!.from).toBe('"Northwind Supply Co" <reminders@mail.plixo.dev>')

    const verified = await sentReminder((orgId) =>
      addSendingDomain(orgId, { domain: "billing.northwind.example", spfVerified: true, dkimVerified: true }),
    )
    await deliverQueued(verified.org.id)
    expect((await mailFor(verified.id))[0]!.from).toBe('"Northwind Supply Co" <reminders@billing.northwind.example>')
    const s = (await (await api(verified.org, "cfo", "/api/v1/settings")).json()) as Settings
    expect([s.from, s.own_domain]).toEqual(['"Northwind Supply Co" <reminders@billing.northwind.example>', true])
  })
})
