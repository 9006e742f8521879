// Credential expiry: 14 and 3 days before a Stripe, QuickBooks or NetSuite credential expires, every Controller gets
// an email with an RFC 5545 invitation for the re-authentication, once per stage; the Connectors page shows a banner.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test"
import { env } from "cloudflare:workers"
import worker from "../../src/index"
import { eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { newId } from "../../src/db/ids"
import { connectors, devMail } from "../../src/db/schema"
import { reauthSlot, reminderStage } from "../../src/domain/credential-expiry"
import { browse, db, makeOrg, type TestOrg } from "../helpers"

const DAY = 86_400_000
const at = (iso: string) => new Date(iso)

describe("which reminder is due", () => {
  it.each([
    ["2027-01-31T00:00:00.000Z", "2027-01-01T00:15:00Z", null],
    ["2027-01-15T00:00:00.000Z", "2027-01-01T00:15:00Z", 14],
    ["2027-01-06T00:00:00.000Z", "2027-01-01T00:15:00Z", 14],
    ["2027-01-04T00:00:00.000Z", "2027-01-01T00:15:00Z", 3],
    ["2027-01-01T12:00:00.000Z", "2027-01-01T00:15:00Z", 3],
    ["2026-12-31T00:00:00.000Z", "2027-01-01T00:15:00Z", null],
  ])("credential expiring %s, checked %s -> %s", (expires, now, stage) => {
    expect(reminderStage(expires, at(now))).toBe(stage)
  })

  it("books the working day before expiry at 15:00 UTC, or the next hour when that has passed", () => {
    expect(reauthSlot("2027-01-18T00:00:00.000Z", at("2027-01-04T00:15:00Z")).toISOString()).toBe("2027-01-15T15:00:00.000Z") // Monday expiry -> Friday
    expect(reauthSlot("2027-01-05T09:00:00.000Z", at("2027-01-04T16:20:00Z")).toISOString()).toBe("2027-01-04T17:00:00.000Z")
  })
})

let org: TestOrg
beforeEach(async () => {
  org = await makeOrg({ name: "Reminder Org" })
})

async function runDailyCron(now: number) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: "15 0 * * *", scheduledTime: now }), env, ctx)
  await waitOnExecutionContext(ctx)
}

const mailFor = async () => (await db().select().from(devMail).where(eq(devMail.orgId, org.id))).filter((m) => m.subject.includes("expire"))

describe("expiry reminders by email with a calendar invitation", () => {
  it("emails each Controller at 14 days and again at 3 days, never twice for a stage, with an .ics invitation", async () => {
    const expires = new Date(Date.now() + 10 * DAY).toISOString()
    await db()
      .insert(connectors)
      .values({
        id: newId("cnr"),
        orgId: org.id,
        kind: "quickbooks",
        status: "active",
        accountId: "9341453050203155",
        credentialExpiresAt: expires,
        secret: "v1.x.y",
        createdAt: expires,
        updatedAt: expires,
      })
    await runDailyCron(Date.now())
    let mails = await mailFor()
    expect(mails).toHaveLength(1) // one Controller in the test organisation
    const [m] = mails
    expect(m!.subject).toBe("QuickBooks Online credentials expire in 9 days: re-authenticate (Reminder Org)")
    expect(m!.text).toContain("/admin/connectors")
    expect(m!.attachments).toHaveLength(1)
    const a = m!.attachments![0]!
    expect(a).toMatchObject({ filename: "reauthenticate.ics" })
    expect(a.contentType).toContain("text/calendar")
    const ics = atob(a.base64).replace(/\r\n[ \t]/g, "") // RFC 5545 unfolding
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(ics).toContain("METHOD:REQUEST")
    expect(ics).toContain("BEGIN:VEVENT")
    expect(ics).toMatch(/DTSTART:\d{8}T150000Z/)
    expect(ics).toContain("SUMMARY:Re-authenticate QuickBooks Online in Plixo (Reminder Org)")
    expect(ics).toMatch(/ATTENDEE;.*RSVP=TRUE.*mailto:controller\./)
    expect(ics).toContain("BEGIN:VALARM")
    // The next day: still the 14-day stage, nothing new.
    await runDailyCron(Date.now() + DAY)
    expect(await mailFor()).toHaveLength(1)
    // Three days before: the second reminder.
    await runDailyCron(Date.now() + 7.5 * DAY)
    mails = await mailFor()
    expect(mails).toHaveLength(2)
    expect(mails.some((x) => x.subject.startsWith("QuickBooks Online credentials expire in 2 days"))).toBe(true)
  })

  it("covers Stripe and NetSuite too, and the Connectors page shows the re-authenticate banner", async () => {
    const soon = new Date(Date.now() + 5 * DAY).toISOString()
    await db()
      .insert(connectors)
      .values([
        {
          id: newId("cnr"),
          orgId: org.id,
          kind: "stripe",
          status: "active",
          accountId: "acct_rem",
          credentialExpiresAt: soon,
          createdAt: soon,
          updatedAt: soon,
        },
        {
          id: newId("cnr"),
          orgId: org.id,
          kind: "netsuite",
          status: "active",
          accountId: "TSTDRV1",
          credentialExpiresAt: soon,
          secret: "v1.x.y",
          createdAt: soon,
          updatedAt: soon,
        },
      ])
    await runDailyCron(Date.now())
    const subjects = (await mailFor()).map((m) => m.subject).sort()
    expect(subjects).toEqual([
      "NetSuite credentials expire in 4 days: re-authenticate (Reminder Org)",
      "Stripe credentials expire in 4 days: re-authenticate (Reminder Org)",
    ])
    const page = await (await browse(org, "controller", "/admin/connectors")).text()
    expect(page).toContain("The NetSuite credentials expire on")
    expect(page).toContain("The Stripe credentials expire on")
  })
})
