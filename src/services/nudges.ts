// "Request a safe nudge": Sales or Customer Success asks for a friendly reminder on an invoice. It lands as a
// draft in the Operator's review queue, never a send: an Operator approves it, and the send rule decides then.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { outreach } from "../db/schema"
import { invoiceFacts } from "../db/send-facts"
import { conflict, notFound, unprocessable } from "../domain/errors"
import { auditInsert, type Actor } from "./audit"

/** The nudge's wording: gentle, no deadline, no consequences; merge tags are filled at send time. */
export const nudgeTemplate = {
  subject: "A quick check-in on invoice {invoice_number}",
  body: [
    "Hi {contact_name},",
    "",
    "A friendly check-in on invoice {invoice_number} for {invoice_balance}, due {due_date}. If it is already on its way, thank you, and please ignore this note.",
    "",
    "If anything is holding it up, just reply and we will sort it out together. You can also see and pay it here: {pay_link}",
    "",
    "Best regards,",
    "{sender_name}",
  ].join("\n"),
}

/** Creates the nudge draft (one a day per invoice); returns its id. The requester's note travels as the draft's reason. */
export async function requestNudge(db: Db, orgId: string, actor: Actor, invoiceId: string, note: string, now = new Date()) {
  const [row] = await invoiceFacts(db, orgId, [invoiceId])
  if (!row) throw notFound("Invoice")
  if (row.invoiceStatus !== "open" || row.balanceMinor <= 0)
    throw unprocessable("This invoice has nothing left to pay; no nudge is needed.", [{ field: "invoice_id", message: "not open" }])
  if (row.disputed)
    throw unprocessable("This invoice is disputed; reminders wait until the dispute is resolved.", [
      { field: "invoice_id", message: "disputed" },
    ])
  if (!row.contactEmail)
    throw unprocessable("No contact with an email address on file for this customer.", [{ field: "invoice_id", message: "no contact" }])
  const text = note.trim()
  if (text.length > 500) throw unprocessable("The note is too long (500 characters at most).", [{ field: "note", message: "too long" }])
  const at = nowIso(now)
  const dedupeKey = `nudge:${invoiceId}:${at.slice(0, 10)}`
  const [existing] = await db
    .select({ id: outreach.id })
    .from(outreach)
    .where(and(eq(outreach.orgId, orgId), eq(outreach.dedupeKey, dedupeKey)))
    .limit(1)
  if (existing) throw conflict("A nudge for this invoice was already requested today; it waits in the review queue.")
  const id = newId("out")
  await db.batch([
    db.insert(outreach).values({
      id,
      orgId,
      invoiceId,
      customerId: row.customerId,
      contactId: row.contactId,
      kind: "nudge",
      dedupeKey,
      status: "draft",
      reason: `Nudge requested by ${actor.label}${text ? `: ${text}` : ""}`,
      toEmail: row.contactEmail.toLowerCase(),
      subject: nudgeTemplate.subject,
      bodyText: nudgeTemplate.body,
      createdAt: at,
      updatedAt: at,
    }),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "outreach.nudge_requested", subjectType: "outreach", subjectId: id, after: { invoice_id: invoiceId, note: text || null } },
      now,
    ),
  ])
  return id
}
