// Renders cadence steps against one real invoice: subject, plain text and HTML, with unknown tags reported per step.
import { mergeContext } from "../db/merge-context"
import { isoDay } from "../domain/dates"
import { mergeValuesFor, renderHtml, renderText, unknownTagMessage, unknownTags } from "../domain/merge-tags"
import type { Db } from "../db/client"
import { notFound } from "../domain/errors"
import { statementFilename } from "./statements"

export type StepDraft = { offset_days: number; subject: string; body: string; attach_statement?: boolean }
export type RenderedStep = {
  offset_days: number
  send_on: string
  subject: string
  text: string
  html: string
  errors: string[]
  attachments: string[]
}

/** The payer link is created when a reminder is sent; the preview shows where it will go. */
export const previewLinkNote = "(secure payer link, created when the reminder is sent)"

const send_on = (due: string, offset: number) => new Date(Date.parse(`${due}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)

export async function previewSteps(db: Db, orgId: string, steps: StepDraft[], invoiceId: string, now = new Date()) {
  const ctx = await mergeContext(db, orgId, invoiceId)
  if (!ctx) throw notFound("Invoice")
  const values = mergeValuesFor({
    orgName: ctx.orgName,
    senderName: ctx.senderName,
    customerName: ctx.customerName,
    contactName: ctx.contactName,
    invoiceNumber: ctx.invoiceNumber,
    balanceMinor: ctx.balanceMinor,
    currency: ctx.currency,
    locale: ctx.locale,
    dueDate: ctx.dueDate,
    today: isoDay(now),
    payLink: previewLinkNote,
    statementLink: previewLinkNote,
  })
  const rendered: RenderedStep[] = steps.map((s) => ({
    offset_days: s.offset_days,
    send_on: send_on(ctx.dueDate, s.offset_days),
    subject: renderText(s.subject, values),
    text: renderText(s.body, values),
    html: renderHtml(s.body, values),
    errors: [...unknownTags(s.subject), ...unknownTags(s.body)].filter((t, i, all) => all.indexOf(t) === i).map(unknownTagMessage),
    attachments: s.attach_statement ? [statementFilename(send_on(ctx.dueDate, s.offset_days))] : [],
  }))
  return { invoice: ctx, to: ctx.contactEmail, steps: rendered }
}
