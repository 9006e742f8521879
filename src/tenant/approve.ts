// Drafts approved from the review queue and manual sends: through the TenantDO, so the send caps still hold.
import { and, eq, inArray, sql } from "drizzle-orm"
import { chunk, createDb } from "../db/client"
import { newId } from "../db/ids"
import { contacts, customers, invoices, outreach } from "../db/schema"
import { isPublicHoliday } from "../domain/holidays"
import { dayIn, jitterMs, nextSendTime } from "../domain/send-window"
import { auditInsert, type Actor } from "../services/audit"
import { enqueueDeliveries, type Delivery } from "./enqueue"
import type { SendLedger } from "./ledger"
import { limitsFor, payerZone } from "./tick"
import { loadTickContext, sendingHalted } from "./tick-context"
import { defaultQuietHours } from "../domain/send-window"

export type ApprovalResult = { approved: string[]; refused: { id: string; reason: string }[] }

const refusalText: Record<string, string> = {
  not_found: "not found",
  not_a_draft: "it is no longer a draft",
  paid: "the invoice is paid or closed",
  suppressed: "the address is on the suppression list",
  maintenance: "maintenance is on",
  cap_org_day: "the organisation's daily send cap is reached",
  cap_segment_day: "the segment's daily send cap is reached",
  cap_contact_week: "this contact's weekly limit is reached",
  cap_domain_warmup: "the sending domain's warmup cap for today is reached",
}
export const describeRefusal = (reason: string) => refusalText[reason] ?? reason

/** Approves drafts: each becomes queued when every cap allows it, with the audit entry in the same batch. */
export async function approveDrafts(env: Env, ledger: SendLedger, orgId: string, ids: string[], actor: Actor, now: Date, random = Math.random): Promise<ApprovalResult> {
  const db = createDb(env.DB)
  const result: ApprovalResult = { approved: [], refused: [] }
  const unique = [...new Set(ids)]
  if (unique.length === 0) return result
  const ctx = await loadTickContext(db, orgId, now)
  if (!ctx) return { approved: [], refused: unique.map((id) => ({ id, reason: "not_found" })) }
  const rows = (
    await Promise.all(
      chunk(unique, 90).map((part) =>
        db
          .select({
            o: outreach,
            invoiceStatus: invoices.status,
            balanceMinor: invoices.balanceMinor,
            customerTz: customers.timeZone,
            customerCountry: customers.country,
            contactTz: contacts.timeZone,
            suppressed: sql<number>`exists (select 1 from suppressions s where s.org_id = ${outreach.orgId} and s.email = ${outreach.toEmail})`,
          })
          .from(outreach)
          .innerJoin(invoices, and(eq(invoices.orgId, outreach.orgId), eq(invoices.id, outreach.invoiceId)))
          .innerJoin(customers, and(eq(customers.orgId, outreach.orgId), eq(customers.id, outreach.customerId)))
          .leftJoin(contacts, and(eq(contacts.orgId, outreach.orgId), eq(contacts.id, outreach.contactId)))
          .where(and(eq(outreach.orgId, orgId), inArray(outreach.id, part))),
      ),
    )
  ).flat()
  const found = new Map(rows.map((r) => [r.o.id, r]))
  const halted = sendingHalted(ctx)
  const statements = []
  const deliveries: Delivery[] = []
  const reserved: string[] = []
  for (const id of unique) {
    const r = found.get(id)
    const refuse = (reason: string) => result.refused.push({ id, reason })
    if (!r) { refuse("not_found"); continue }
    if (r.o.status !== "draft") { refuse("not_a_draft"); continue }
    if (r.invoiceStatus !== "open" || r.balanceMinor <= 0) { refuse("paid"); continue }
    if (!r.o.toEmail || r.suppressed) { refuse("suppressed"); continue }
    if (halted) { refuse(halted); continue }
    const seg = r.o.segmentId ? (ctx.segments.get(r.o.segmentId) ?? null) : null
    const tz = payerZone(r.contactTz, r.customerTz, ctx.org.timeZone)
    const country = r.customerCountry ?? ctx.org.country
    const slot = nextSendTime(now, { quietHours: seg?.quietHours ?? defaultQuietHours, businessDaysOnly: seg?.businessDaysOnly ?? true, isHoliday: (d) => isPublicHoliday(country, d) }, tz)
    const at = new Date(slot.at.getTime() + jitterMs(random()))
    const over = ledger.tryReserve({ outreachId: id, day: dayIn(at, ctx.org.timeZone), segmentId: r.o.segmentId, contact: r.o.toEmail }, limitsFor(ctx, seg))
    if (over) { refuse(over); continue }
    reserved.push(id)
    deliveries.push({ outreachId: id, orgId, at })
    result.approved.push(id)
    statements.push(
      db.update(outreach).set({ status: "queued", approvedBy: actor.id ?? actor.label, scheduledFor: at.toISOString(), updatedAt: now.toISOString() }).where(and(eq(outreach.orgId, orgId), eq(outreach.id, id), eq(outreach.status, "draft"))),
      auditInsert(db, orgId, actor, { action: "outreach.approved", subjectType: "outreach", subjectId: id, after: { status: "queued", scheduled_for: at.toISOString() } }, now),
    )
  }
  if (statements.length) {
    try {
      for (const part of chunk(statements, 100)) await db.batch(part as [(typeof part)[number], ...(typeof part)[number][]])
    } catch (err) {
      ledger.release(reserved)
      throw err
    }
  }
  await enqueueDeliveries(env, deliveries, now)
  return result
}

export type ManualSend = { invoiceId: string; subject: string; body: string }

/** A reminder written by a person for one invoice: sent to the billing contact at the next allowed time, within the caps. */
export async function sendManual(env: Env, ledger: SendLedger, orgId: string, input: ManualSend, actor: Actor, now: Date, random = Math.random): Promise<{ outreachId: string | null; refused: string | null }> {
  const db = createDb(env.DB)
  const ctx = await loadTickContext(db, orgId, now)
  if (!ctx) return { outreachId: null, refused: "not_found" }
  const [row] = await db
    .select({
      invoice: invoices,
      customerTz: customers.timeZone,
      customerCountry: customers.country,
      contactId: contacts.id,
      email: contacts.email,
      contactTz: contacts.timeZone,
      suppressed: sql<number>`exists (select 1 from suppressions s where s.org_id = ${invoices.orgId} and s.email = lower(${contacts.email}))`,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.orgId, invoices.orgId), eq(customers.id, invoices.customerId)))
    .leftJoin(contacts, and(eq(contacts.orgId, invoices.orgId), eq(contacts.customerId, invoices.customerId), sql`${contacts.email} is not null`))
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, input.invoiceId)))
    .orderBy(sql`${contacts.isPrimary} desc`)
    .limit(1)
  if (!row) return { outreachId: null, refused: "not_found" }
  if (row.invoice.status !== "open" || row.invoice.balanceMinor <= 0) return { outreachId: null, refused: "paid" }
  if (!row.email) return { outreachId: null, refused: "no_contact" }
  if (row.suppressed) return { outreachId: null, refused: "suppressed" }
  const halted = sendingHalted(ctx)
  if (halted) return { outreachId: null, refused: halted }
  const tz = payerZone(row.contactTz, row.customerTz, ctx.org.timeZone)
  const country = row.customerCountry ?? ctx.org.country
  const slot = nextSendTime(now, { quietHours: defaultQuietHours, businessDaysOnly: true, isHoliday: (d) => isPublicHoliday(country, d) }, tz)
  const at = new Date(slot.at.getTime() + jitterMs(random()))
  const id = newId("out")
  const over = ledger.tryReserve({ outreachId: id, day: dayIn(at, ctx.org.timeZone), segmentId: null, contact: row.email }, limitsFor(ctx, null))
  if (over) return { outreachId: null, refused: over }
  const nowIso = now.toISOString()
  try {
    await db.batch([
      db.insert(outreach).values({
        id,
        orgId,
        invoiceId: row.invoice.id,
        customerId: row.invoice.customerId,
        contactId: row.contactId,
        kind: "manual",
        dedupeKey: `man:${id}`,
        status: "queued",
        reason: `Written and sent by ${actor.label}`,
        toEmail: row.email.toLowerCase(),
        subject: input.subject,
        bodyText: input.body,
        scheduledFor: at.toISOString(),
        approvedBy: actor.id ?? actor.label,
        createdAt: nowIso,
        updatedAt: nowIso,
      }),
      auditInsert(db, orgId, actor, { action: "outreach.sent_manually", subjectType: "outreach", subjectId: id, after: { invoice_id: row.invoice.id } }, now),
    ])
  } catch (err) {
    ledger.release([id])
    throw err
  }
  await enqueueDeliveries(env, [{ outreachId: id, orgId, at }], now)
  return { outreachId: id, refused: null }
}
