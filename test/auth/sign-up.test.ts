// Sign-up: a new organisation with its first Controller, input errors that name the field, no duplicate accounts.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { auditLog, memberships, organisations, users } from "../../src/db/schema"
import { isPersonalEmail } from "../../src/domain/email-domains"
import { call, db, makeOrg } from "../helpers"
import { getWith, latestMailTo, linkIn, mailCountTo, postForm, sessionFrom } from "./support"

describe("sign-up", () => {
  it("creates the organisation, its first Controller and the referral code when the link is used", async () => {
    const email = `founder.${crypto.randomUUID().slice(0, 8)}@northwind-traders.example`
    const partner = await makeOrg({ name: "Partner Firm" })
    await db().update(organisations).set({ partnerCode: "PARTNER-42" }).where(eq(organisations.id, partner.id))
    const res = await postForm("/sign-up", { org_name: "Northwind Traders LLC", name: "Nora North", email, referral_code: "partner-42" })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain("Check your email")
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0) // nothing until confirmed

    const mail = await latestMailTo(email)
    expect(mail?.subject).toContain("Northwind Traders LLC")
    const path = linkIn(mail!.text, "/sign-in/verify")
    expect(await (await call(path)).text()).toContain("Create workspace")
    const token = new URL(path, "http://x").searchParams.get("token")!
    const done = await postForm("/sign-in/verify", { token })
    expect(done.status).toBe(303)
    const session = await sessionFrom(done)

    const user = (await db().select().from(users).where(eq(users.email, email)))[0]!
    expect(user.name).toBe("Nora North")
    const [membership] = await db().select().from(memberships).where(eq(memberships.userId, user.id))
    expect(membership!.role).toBe("controller")
    const org = (await db().select().from(organisations).where(eq(organisations.id, membership!.orgId)))[0]!
    expect(org.name).toBe("Northwind Traders LLC")
    expect(org.referralCode).toBe("PARTNER-42")
    const actions = (await db().select().from(auditLog).where(eq(auditLog.orgId, org.id))).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(["org.created", "user.signed_up"]))

    const usersPage = await getWith("/admin/users", session.cookie)
    expect(usersPage.status).toBe(200)
    expect(await usersPage.text()).toContain("Nora North")
    expect((await postForm("/sign-in/verify", { token })).status).toBe(410) // single use
  })

  it.each([
    { field: "org_name", form: { org_name: "", name: "A", email: "a@firm.example" }, message: "as it appears in your ERP" },
    { field: "name", form: { org_name: "Firm", name: "", email: "a@firm.example" }, message: "Enter your name" },
    { field: "email", form: { org_name: "Firm", name: "A", email: "not an email" }, message: "Enter your work email" },
    {
      field: "referral_code",
      form: { org_name: "Firm", name: "A", email: "a@firm.example", referral_code: "no spaces!" },
      message: "referral code",
    },
  ])("names the field when $field is wrong and sends nothing", async ({ form, message }) => {
    const res = await postForm("/sign-up", form as Record<string, string>)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(message)
    if (form.email.includes("@")) expect(await mailCountTo(form.email)).toBe(0)
  })

  it("warns about a personal mailbox and continues only after confirmation", async () => {
    const email = `owner.${crypto.randomUUID().slice(0, 6)}@gmail.com`
    const form = { org_name: "Corner Bakery", name: "Sam", email }
    const warned = await postForm("/sign-up", form)
    expect(warned.status).toBe(422)
    expect(await warned.text()).toContain("looks like a personal mailbox")
    expect(await mailCountTo(email)).toBe(0)
    const confirmed = await postForm("/sign-up", { ...form, confirm_personal: "yes" })
    expect(confirmed.status).toBe(200)
    expect(await mailCountTo(email)).toBe(1)
  })

  it.each([
    ["someone@gmail.com", true],
    ["Someone@Outlook.com", true],
    ["x@yahoo.com", true],
    ["x@icloud.com", true],
    ["x@hotmail.com", true],
    ["x@proton.me", true],
    ["ap@acme-corp.com", false],
    ["finance@gmail.company.com", false],
  ])("%s is a personal mailbox: %s", (email, personal) => {
    expect(isPersonalEmail(email)).toBe(personal)
  })
})
