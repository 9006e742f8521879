// Request hygiene: bodies over the limit are refused (413) before parsing, exports are never cached, and no email
// transport lets a line break into an address, a subject or a header.
import { devMailStore } from "../../src/db/dev-mail"
import { describe, expect, it } from "vitest"
import { cadences } from "../../src/db/schema"
import { DevMailbox } from "../../src/integrations/email/dev-mailbox"
import { HttpEmailTransport } from "../../src/integrations/email/http"
import { SendEmailTransport } from "../../src/integrations/email/send-email"
import type { OutgoingEmail } from "../../src/integrations/email/transport"
import { addCustomer, addInvoice, api, browse, call, db, makeOrg } from "../helpers"
import { makeLink, Payer } from "../portal/portal-helpers"
import { eq } from "drizzle-orm"

const MB = 1024 * 1024

describe("body size limits", () => {
  it("refuses a 2 MB JSON body with 413 in the API error shape, and creates nothing", async () => {
    const org = await makeOrg()
    const res = await api(org, "controller", "/api/v1/cadences", {
      method: "POST",
      json: { name: "x".repeat(2 * MB), tone: "neutral", steps: [] },
    })
    expect(res.status).toBe(413)
    const body = await res.json<{ error: { code: string; message: string } }>()
    expect(body.error.code).toBe("too_large")
    expect(body.error.message).toContain("1 MB")
    expect(await db().select().from(cadences).where(eq(cadences.orgId, org.id))).toHaveLength(0)
  })

  it("counts a streamed body that sends no Content-Length", async () => {
    const org = await makeOrg()
    const chunk = new TextEncoder().encode("a".repeat(256 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 8) return controller.close()
        controller.enqueue(chunk)
      },
    })
    const res = await call("/api/v1/cadences", {
      method: "POST",
      headers: { Authorization: `Bearer ${org.keys.controller}`, "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit)
    expect(res.status).toBe(413)
  })

  it("refuses a 2 MB form post with a page that says so", async () => {
    const org = await makeOrg()
    const res = await browse(org, "controller", "/admin/users/invite", {
      form: { email: "a@b.example", name: "x".repeat(2 * MB), role: "operator" },
    })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain("larger than 1 MB")
  })

  it("lets a normal JSON body through", async () => {
    const org = await makeOrg()
    const res = await api(org, "controller", "/api/v1/cadences", {
      method: "POST",
      json: {
        name: "Standard",
        tone: "neutral",
        steps: [{ offset_days: 3, subject: "Invoice {invoice_number}", body: "Please pay {invoice_balance}." }],
      },
    })
    expect(res.status).toBe(201)
  })
})

describe("exports are never cached", () => {
  it.each([
    ["the audit log CSV", "/admin/audit.csv"],
    ["the audit log CSV (API)", "/api/v1/audit.csv"],
    ["the segment preview CSV", "/admin/segments-preview.csv"],
    ["the evidence bundle CSV", "/admin/audit/evidence/{customer}"],
    ["the evidence bundle JSON", "/admin/audit/evidence/{customer}?format=json"],
  ])("%s answers Cache-Control: no-store", async (_name, template) => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id)
    const path = template.replace("{customer}", customerId)
    const res = path.startsWith("/api/") ? await api(org, "controller", path) : await browse(org, "controller", path)
    expect(res.status).toBe(200)
    expect(res.headers.get("Content-Disposition")).toContain("attachment")
    expect(res.headers.get("Cache-Control")).toBe("no-store")
  })

  it("the import errors CSV answers Cache-Control: no-store", async () => {
    const org = await makeOrg()
    const up = await api(org, "controller", "/api/v1/imports/customers", {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: "external_id,name,email\nC1,,bad\n",
    })
    const { import_id } = await up.json<{ import_id: string }>()
    const res = await browse(org, "controller", `/admin/connectors/import/${import_id}/errors.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get("Cache-Control")).toBe("no-store")
  })

  it("the payer's statement CSV answers Cache-Control: no-store", async () => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id)
    await addInvoice(org.id, customerId)
    const payer = new Payer()
    await payer.open((await makeLink(org.id, customerId)).url)
    const res = await payer.get("/p/statement.csv")
    expect(res.status).toBe(200)
    expect(res.headers.get("Cache-Control")).toBe("no-store")
  })
})

describe("line breaks in addresses, subjects and headers", () => {
  const good: OutgoingEmail = {
    to: "ap@payer.example",
    subject: "Invoice INV-1 is due",
    text: "Hello",
    replyTo: "r+1@reply.plixo.dev",
    headers: { "List-Unsubscribe": "<https://app.example/u/t>" },
    idempotencyKey: "out_crlf",
  }
  const hostile: [string, Partial<OutgoingEmail>, string][] = [
    ["a subject with CRLF and a Bcc", { subject: "Invoice due\r\nBcc: everyone@evil.example" }, "subject"],
    ["a subject with a bare LF", { subject: "Invoice due\nX-Evil: 1" }, "subject"],
    ["a subject with a bare CR", { subject: "Invoice due\rX-Evil: 1" }, "subject"],
    ["a recipient with CRLF", { to: "ap@payer.example\r\nCc: x@evil.example" }, "to"],
    ["a reply-to with LF", { replyTo: "r@reply.plixo.dev\nBcc: x@evil.example" }, "reply_to"],
    ["a header value with CRLF", { headers: { "List-Unsubscribe": "<https://a>\r\nBcc: x@evil.example" } }, "header List-Unsubscribe"],
    ["a header name with LF", { headers: { "X-A\nBcc": "x@evil.example" } }, "header name"],
    ["a subject with NUL", { subject: "Invoice\u0000due" }, "subject"],
  ]
  const transports = () => {
    const calls: unknown[] = []
    const fetcher = (async (...args: unknown[]) => (
      calls.push(args), new Response(JSON.stringify({ id: "m1" }), { status: 200 })
    )) as typeof fetch
    const binding = { send: async (m: unknown) => void calls.push(m) } as unknown as SendEmail
    return {
      calls,
      all: [
        new HttpEmailTransport("https://mail.example/send", "key", "Plixo <r@mail.plixo.dev>", fetcher),
        new SendEmailTransport(binding, "Plixo <r@mail.plixo.dev>"),
        new DevMailbox(devMailStore(db()), "Plixo <r@mail.plixo.dev>"),
      ],
    }
  }
  it.each(hostile)("every transport refuses %s, naming the field, and sends nothing", async (_name, change, field) => {
    const t = transports()
    for (const transport of t.all) {
      const result = await transport.send({ ...good, ...change, idempotencyKey: `crlf_${crypto.randomUUID()}` })
      expect(result, transport.name).toMatchObject({ ok: false, permanent: true })
      expect(result.ok === false && result.error, transport.name).toContain(field)
    }
    expect(t.calls).toHaveLength(0)
  })
  it("every transport sends the same message without the line break", async () => {
    const t = transports()
    for (const transport of t.all)
      expect((await transport.send({ ...good, idempotencyKey: `ok_${crypto.randomUUID()}` })).ok, transport.name).toBe(true)
    expect(t.calls).toHaveLength(2)
  })
})
