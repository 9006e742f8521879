// The production email transports: Cloudflare send_email (MIME by mimetext) and an HTTP provider.
import { describe, expect, it } from "vitest"
import { HttpEmailTransport } from "../../src/integrations/email/http"
import { buildMime, SendEmailTransport } from "../../src/integrations/email/send-email"

const email = {
  to: "ap@payer.example",
  subject: "Invoice INV-1 is due",
  text: "Hello <Acme & Co>",
  html: "<p>Hello &lt;Acme &amp; Co&gt;</p>",
  replyTo: "r+out_1@reply.plixo.dev",
  headers: { "List-Unsubscribe": "<https://app.example/u/t>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  idempotencyKey: "out_1",
}

describe("send_email transport", () => {
  it("builds a multipart MIME with the outreach id as Message-ID and the unsubscribe and reply headers", () => {
    const raw = buildMime(email, "Plixo <reminders@mail.plixo.dev>", "<out_1@mail.plixo.dev>")
    expect(raw).toContain("Message-ID: <out_1@mail.plixo.dev>")
    expect(raw).toContain("Reply-To: <r+out_1@reply.plixo.dev>")
    expect(raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i)
    expect(raw).toMatch(/Content-Type: text\/html/i)
  })

  it("sends through the binding and classifies its errors", async () => {
    const sent: { from: string; to: string }[] = []
    const ok = new SendEmailTransport(
      { send: async (m: { from: string; to: string }) => void sent.push(m) } as unknown as SendEmail,
      "Plixo <reminders@mail.plixo.dev>",
    )
    expect(await ok.send(email)).toEqual({ ok: true, providerMessageId: "<out_1@mail.plixo.dev>" })
    expect(sent.map((m) => [m.from, m.to])).toEqual([["reminders@mail.plixo.dev", "ap@payer.example"]])
    const refuse = (message: string) =>
      new SendEmailTransport(
        {
          send: async () => {
            throw new Error(message)
          },
        } as unknown as SendEmail,
        "reminders@mail.plixo.dev",
      )
    expect(await refuse("destination address not verified").send(email)).toMatchObject({ ok: false, permanent: true })
    expect(await refuse("internal error, try again").send(email)).toMatchObject({ ok: false, permanent: false })
  })
})

describe("HTTP provider transport", () => {
  function provider(status: number, body: unknown = {}) {
    const calls: Request[] = []
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push(new Request(url, init))
      return new Response(JSON.stringify(body), { status })
    }) as unknown as typeof fetch
    return { calls, transport: new HttpEmailTransport("https://mail.provider.test/send", "key_123", "reminders@mail.plixo.dev", fetcher) }
  }

  it("posts JSON with the outreach id as Idempotency-Key and returns the provider's id", async () => {
    const { calls, transport } = provider(200, { id: "prov_9" })
    expect(await transport.send(email)).toEqual({ ok: true, providerMessageId: "prov_9" })
    expect(calls[0].headers.get("Idempotency-Key")).toBe("out_1")
    expect(calls[0].headers.get("Authorization")).toBe("Bearer key_123")
    const body = (await calls[0].json()) as { headers: Record<string, string>; reply_to: string }
    expect(body.headers["Message-ID"]).toBe("<out_1@mail.plixo.dev>")
    expect(body.reply_to).toBe("r+out_1@reply.plixo.dev")
  })

  it.each([
    [429, false],
    [503, false],
    [409, false],
    [400, true],
    [422, true],
  ])("HTTP %i is permanent: %s", async (status, permanent) => {
    expect(await provider(status).transport.send(email)).toMatchObject({ ok: false, permanent })
  })
})
