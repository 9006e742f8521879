// Autopilot fixtures: a published cadence on an active segment, sending domains, and the TenantDO stub of an org.
import { env } from "cloudflare:workers"
import { newId } from "../../src/db/ids"
import { eq } from "drizzle-orm"
import { cadenceSteps, cadences, cadenceVersions, devMail, outreach, segments, sendingDomains } from "../../src/db/schema"
import { db } from "../helpers"

export type SegmentSetup = {
  mode?: "shadow" | "autopilot"
  sendCapPerDay?: number | null
  steps?: { offsetDays: number; subject?: string; body?: string }[]
  quietHours?: { start: string; end: string }
  businessDaysOnly?: boolean
  escalateAfterDays?: number
  touchesPerContactWeek?: number
  priority?: number
}

/** An active segment over every open invoice, with a published cadence version. */
export async function addSegment(orgId: string, opts: SegmentSetup = {}) {
  const d = db()
  const now = new Date().toISOString()
  const cadenceId = newId("cad")
  const versionId = newId("cv")
  const segmentId = newId("seg")
  const steps = opts.steps ?? [
    { offsetDays: 1, subject: "Invoice {invoice_number} is now due" },
    { offsetDays: 7, subject: "A reminder about {invoice_number}" },
    { offsetDays: 14, subject: "{invoice_number} is two weeks overdue" },
  ]
  await d.batch([
    d.insert(cadences).values({ id: cadenceId, orgId, name: "Standard", tone: "neutral", liveVersion: 1, createdAt: now }),
    d.insert(cadenceVersions).values({
      id: versionId,
      orgId,
      cadenceId,
      version: 1,
      status: "published",
      quietHours: opts.quietHours ?? { start: "00:00", end: "00:00" },
      businessDaysOnly: opts.businessDaysOnly ?? false,
      escalateAfterDays: opts.escalateAfterDays ?? 21,
      maxTouchesPerContactWeek: opts.touchesPerContactWeek ?? 3,
      createdAt: now,
      publishedAt: now,
    }),
    ...steps.map((s, i) =>
      d.insert(cadenceSteps).values({
        id: newId("cs"),
        orgId,
        versionId,
        position: i + 1,
        offsetDays: s.offsetDays,
        subject: s.subject ?? `Step ${i + 1}: {invoice_number}`,
        body: s.body ?? "Hello {contact_name}, {invoice_number} has {invoice_balance} open. Pay here: {pay_link}",
      }),
    ),
    d.insert(segments).values({
      id: segmentId,
      orgId,
      name: "All open invoices",
      priority: opts.priority ?? 10,
      filters: {},
      cadenceId,
      cadenceVersion: 1,
      mode: opts.mode ?? "autopilot",
      status: "active",
      sendCapPerDay: opts.sendCapPerDay ?? null,
      createdAt: now,
      updatedAt: now,
    }),
  ])
  return { segmentId, versionId, cadenceId }
}

export async function addSendingDomain(orgId: string, fields: Partial<typeof sendingDomains.$inferInsert> = {}) {
  const id = newId("sd")
  await db()
    .insert(sendingDomains)
    // Verified unless a test says otherwise: warm-up applies to the domain mail leaves from, and only a verified one is used.
    .values({
      id,
      orgId,
      domain: fields.domain ?? `mail-${id.slice(-6)}.example.com`,
      spfVerified: true,
      dkimVerified: true,
      createdAt: new Date().toISOString(),
      ...fields,
    })
  return id
}

export function tenant(orgId: string) {
  return env.TENANT.get(env.TENANT.idFromName(orgId))
}

/** YYYY-MM-DD `n` days before `day`. */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)
}

/** A queued reminder ready to send now, as the tick would have left it. */
export async function addQueuedOutreach(
  orgId: string,
  invoiceId: string,
  customerId: string,
  fields: Partial<typeof outreach.$inferInsert> = {},
) {
  const id = fields.id ?? newId("out")
  const now = new Date().toISOString()
  await db()
    .insert(outreach)
    .values({
      id,
      orgId,
      invoiceId,
      customerId,
      dedupeKey: `test:${id}`,
      status: "queued",
      toEmail: "ap@customer.example",
      subject: "Invoice {invoice_number}: {invoice_balance} open",
      bodyText: "Hello {contact_name},\n\n{invoice_number} has {invoice_balance} open. Pay here: {pay_link}",
      scheduledFor: new Date(Date.now() - 60_000).toISOString(),
      createdAt: now,
      updatedAt: now,
      ...fields,
    })
  return id
}

export function mailFor(outreachId: string) {
  return db().select().from(devMail).where(eq(devMail.outreachId, outreachId))
}

export async function outreachRow(id: string) {
  const [row] = await db().select().from(outreach).where(eq(outreach.id, id))
  return row!
}
