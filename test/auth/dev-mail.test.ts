// The development mailbox at /dev/mail: every email listed newest first as JSON and HTML, its links, and CSRF on demo sign-in.
import { describe, expect, it } from "vitest"
import { devMailStore } from "../../src/db/dev-mail"
import { DevMailbox } from "../../src/integrations/email/dev-mailbox"
import { statementPdf } from "../../src/services/statements"
import { addCustomer, addInvoice, call, db, makeOrg } from "../helpers"
import { ANON_CSRF, callAsDevelopment, postForm } from "./support"
import { base64Size, linksIn, sizeLabel } from "../../src/web/views/pages/dev-mail"

describe("development mailbox", () => {
  it.each([
    "/dev/mail",
    "/dev/mail.json",
    "/dev/mail/mail_anything",
    "/dev/mail/mail_anything/html",
    "/dev/mail/mail_anything/attachments/0",
  ])("%s is absent outside development", async (path) => {
    expect((await call(path)).status).toBe(404)
  })

  it("lists every email newest first as JSON and HTML in development", async () => {
    const tag = crypto.randomUUID().slice(0, 8)
    await postForm("/sign-up", { org_name: "Mailbox Co", name: "Mo", email: `first.${tag}@mailbox-co.example` })
    await postForm("/sign-up", { org_name: "Mailbox Co", name: "Mo", email: `second.${tag}@mailbox-co.example` })

    const res = await callAsDevelopment("/dev/mail.json")
    expect(res.status).toBe(200)
    const list = (await res.json()) as Record<string, unknown>[]
    const mine = list.filter((m) => String(m.to).includes(tag))
    expect(mine.map((m) => m.to)).toEqual([`second.${tag}@mailbox-co.example`, `first.${tag}@mailbox-co.example`])
    expect(Object.keys(mine[0]!).sort()).toEqual([
      "attachments",
      "headers",
      "html",
      "id",
      "outreach_id",
      "sent_at",
      "subject",
      "text",
      "to",
    ])
    expect(mine[0]!.attachments).toEqual([])
    expect(mine[0]!.subject).toContain("Mailbox Co")

    const filtered = (await (await callAsDevelopment(`/dev/mail.json?to=first.${tag}@mailbox-co.example`)).json()) as unknown[]
    expect(filtered).toHaveLength(1)

    const page = await callAsDevelopment("/dev/mail")
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html.indexOf(`second.${tag}`)).toBeLessThan(html.indexOf(`first.${tag}`))

    const message = await callAsDevelopment(`/dev/mail/${mine[0]!.id}`)
    const body = await message.text()
    expect(body).toContain("/sign-in/verify?token=")
    expect(body).toContain("Links in this email")
    const raw = await callAsDevelopment(`/dev/mail/${mine[0]!.id}/html`)
    expect(raw.headers.get("Content-Security-Policy")).toContain("sandbox")
  })

  it("shows each attachment with its name, type and size, and downloads the very bytes that were sent", async () => {
    const org = await makeOrg({ name: "Attach Co" })
    const customerId = await addCustomer(org.id, { name: "Payer One" })
    await addInvoice(org.id, customerId, { invoiceNumber: "INV-ATT-1" })
    const pdf = (await statementPdf(db(), org.id, customerId, "https://app.plixo.dev/p/home"))!
    const ics = new TextEncoder().encode("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    const tag = crypto.randomUUID().slice(0, 8)
    const to = `ap.${tag}@payer.example`
    await new DevMailbox(devMailStore(db()), "reminders@plixo.dev").send({
      to,
      subject: "Your statement",
      text: "Attached.",
      idempotencyKey: `att_${tag}`,
      attachments: [
        { filename: "statement-2026-12-02.pdf", contentType: "application/pdf", content: pdf },
        { filename: "re-authenticate.ics", contentType: "text/calendar", content: ics },
      ],
    })
    const id = `mail_att_${tag}`

    const [listed] = (await (await callAsDevelopment(`/dev/mail.json?to=${to}`)).json()) as { attachments: unknown[] }[]
    expect(listed!.attachments).toEqual([
      { filename: "statement-2026-12-02.pdf", content_type: "application/pdf", size: pdf.length, url: `/dev/mail/${id}/attachments/0` },
      { filename: "re-authenticate.ics", content_type: "text/calendar", size: ics.length, url: `/dev/mail/${id}/attachments/1` },
    ])
    const list = await (await callAsDevelopment(`/dev/mail?to=${to}`)).text()
    expect(list).toContain(`href="/dev/mail/${id}/attachments/0" download="statement-2026-12-02.pdf"`)

    const page = await (await callAsDevelopment(`/dev/mail/${id}`)).text()
    expect(page).toContain("Attachments")
    expect(page).toContain("statement-2026-12-02.pdf")
    expect(page).toContain(sizeLabel(pdf.length))
    expect(page).toContain(`${ics.length} B`)

    const file = await callAsDevelopment(`/dev/mail/${id}/attachments/0`)
    expect(file.status).toBe(200)
    expect(file.headers.get("Content-Type")).toBe("application/pdf")
    expect(file.headers.get("Content-Disposition")).toBe('attachment; filename="statement-2026-12-02.pdf"')
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf)
    expect((await callAsDevelopment(`/dev/mail/${id}/attachments/2`)).status).toBe(404)
  })

  it("measures base64 content as the bytes it carries", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000]) expect(base64Size(btoa("x".repeat(n)))).toBe(n)
    expect([sizeLabel(845), sizeLabel(12_600), sizeLabel(3_250_000)]).toEqual(["845 B", "12.3 KB", "3.1 MB"])
  })

  it("finds the links of an email's text", () => {
    expect(linksIn("Open http://localhost:8787/sign-in/verify?token=abc now.\nOr https://x.example/a).")).toEqual([
      "http://localhost:8787/sign-in/verify?token=abc",
      "https://x.example/a",
    ])
  })

  it("demo sign-in refuses a request without the CSRF token even in development", async () => {
    const res = await callAsDevelopment("/sign-in/dev", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `plx_csrf=${ANON_CSRF}` },
      body: new URLSearchParams({ role: "controller" }).toString(),
    })
    expect(res.status).toBe(403)
  })
})
