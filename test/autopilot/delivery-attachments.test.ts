// A cadence step that says "attach the latest statement": delivery sends the reminder with the customer's statement
// PDF, built at send time, through each transport (dev mailbox, HTTP provider JSON, MIME for send_email).
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { cadenceSteps } from "../../src/db/schema"
import { addDays, isoDay } from "../../src/domain/dates"
import { HttpEmailTransport } from "../../src/integrations/email/http"
import { buildMime } from "../../src/integrations/email/send-email"
import type { EmailTransport, OutgoingEmail } from "../../src/integrations/email"
import { deliverOne } from "../../src/jobs/delivery"
import { pdfLinks, pdfText } from "../portal/pdf-text"
import { addCustomer, addInvoice, db, deliverQueued, makeOrg } from "../helpers"
import { addQueuedOutreach, addSegment, mailFor, outreachRow } from "./fixtures"

const today = isoDay(new Date())
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64.replace(/\s+/g, "")), (c) => c.charCodeAt(0))

/** An organisation with a two-step cadence whose second step attaches the statement, and a customer with two open invoices. */
async function setup(attachOnStep = 2) {
  const org = await makeOrg({ name: "Acme Widgets & Co" })
  const customerId = await addCustomer(org.id, { name: "Globex Supplies", externalId: "C-7" })
  const invoiceId = await addInvoice(org.id, customerId, {
    invoiceNumber: "INV-2001",
    amountMinor: 98_500,
    balanceMinor: 98_500,
    issueDate: addDays(today, -40),
    dueDate: addDays(today, -10),
  })
  await addInvoice(org.id, customerId, {
    invoiceNumber: "INV-2002",
    amountMinor: 41_000,
    balanceMinor: 41_000,
    issueDate: addDays(today, -5),
    dueDate: addDays(today, 25),
  })
  const { versionId } = await addSegment(org.id, { steps: [{ offsetDays: 1 }, { offsetDays: 7 }] })
  await db()
    .update(cadenceSteps)
    .set({ attachStatement: true })
    .where(and(eq(cadenceSteps.versionId, versionId), eq(cadenceSteps.position, attachOnStep)))
  const outreachAt = async (stepPosition: number) =>
    addQueuedOutreach(org.id, invoiceId, customerId, { cadenceVersionId: versionId, stepPosition })
  return { org, customerId, invoiceId, versionId, outreachAt }
}

async function expectStatement(pdf: Uint8Array) {
  expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-")
  const text = await pdfText(pdf)
  expect(text).toContain("Acme Widgets & Co")
  expect(text).toContain("Globex Supplies")
  expect(text).toContain("INV-2001")
  expect(text).toContain("INV-2002")
  expect(text).toContain("$1,395.00") // balance due: 985.00 + 410.00
  // The pay link in the PDF is the one the email carries: the payer's own portal link.
  const [link] = pdfLinks(pdf)
  expect(link).toMatch(/^http:\/\/localhost:8787\/p\//)
  return link!
}

describe("a reminder with the latest statement attached", () => {
  it("reaches the dev mailbox through the delivery queue with the statement PDF of that moment", async () => {
    const { org, outreachAt } = await setup()
    const outreachId = await outreachAt(2)
    await deliverQueued(org.id)
    expect((await outreachRow(outreachId)).status).toBe("sent")
    const [mail] = await mailFor(outreachId)
    expect(mail!.attachments).toHaveLength(1)
    const [file] = mail!.attachments!
    expect(file).toMatchObject({ filename: `statement-${today}.pdf`, contentType: "application/pdf" })
    const link = await expectStatement(fromBase64(file!.base64))
    expect(mail!.text).toContain(link)
  })

  it("sends a step that does not ask for it without any attachment", async () => {
    const { org, outreachAt } = await setup()
    const outreachId = await outreachAt(1)
    await deliverQueued(org.id)
    const [mail] = await mailFor(outreachId)
    expect(mail!.subject).toContain("INV-2001")
    expect(mail!.attachments).toBeNull()
  })

  it("is in the HTTP provider's JSON as an attachment with its content type and base64 bytes", async () => {
    const { org, outreachAt } = await setup()
    const outreachId = await outreachAt(2)
    const posted: { attachments?: { filename: string; content_type: string; content: string }[] }[] = []
    const fetcher = (async (_url: string, init: RequestInit) => {
      posted.push(JSON.parse(String(init.body)))
      return new Response(JSON.stringify({ id: "prov_1" }), { status: 200 })
    }) as unknown as typeof fetch
    const http = new HttpEmailTransport("https://mail.provider.test/send", "key", "reminders@mail.plixo.dev", fetcher)
    expect(await deliverOne(env, db(), http, { orgId: org.id, outreachId }, new Date(), 1)).toEqual({ kind: "sent" })
    expect(posted).toHaveLength(1)
    const [file] = posted[0]!.attachments!
    expect(file).toMatchObject({ filename: `statement-${today}.pdf`, content_type: "application/pdf" })
    await expectStatement(fromBase64(file!.content))
  })

  it("is a base64 application/pdf part of a multipart/mixed MIME message for the send_email binding", async () => {
    const { org, outreachAt } = await setup()
    const outreachId = await outreachAt(2)
    const raws: string[] = []
    // The send_email transport hands the binding exactly what buildMime returns; record that.
    const mime: EmailTransport = {
      name: "mime",
      send: async (email: OutgoingEmail) => {
        raws.push(buildMime(email, email.from!, `<${email.idempotencyKey}@mail.plixo.dev>`))
        return { ok: true, providerMessageId: email.idempotencyKey! }
      },
    }
    expect(await deliverOne(env, db(), mime, { orgId: org.id, outreachId }, new Date(), 1)).toEqual({ kind: "sent" })
    const raw = raws[0]!
    expect(raw).toMatch(/Content-Type: multipart\/mixed/i)
    const part = new RegExp(
      `Content-Type: application/pdf[^]*?filename="statement-${today}\\.pdf"[^]*?\\r?\\n\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n--`,
      "i",
    ).exec(raw)
    expect(part, "a PDF part in the MIME message").not.toBeNull()
    await expectStatement(fromBase64(part![1]!))
  })
})
