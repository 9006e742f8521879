// The development mailbox at /dev/mail: every email listed newest first as JSON and HTML, its links, and CSRF on demo sign-in.
import { describe, expect, it } from "vitest"
import { call } from "../helpers"
import { ANON_CSRF, callAsDevelopment, postForm } from "./support"
import { linksIn } from "../../src/web/views/pages/dev-mail"

describe("development mailbox", () => {
  it.each(["/dev/mail", "/dev/mail.json", "/dev/mail/mail_anything", "/dev/mail/mail_anything/html"])(
    "%s is absent outside development",
    async (path) => {
      expect((await call(path)).status).toBe(404)
    },
  )

  it("lists every email newest first as JSON and HTML in development", async () => {
    const tag = crypto.randomUUID().slice(0, 8)
    await postForm("/sign-up", { org_name: "Mailbox Co", name: "Mo", email: `first.${tag}@mailbox-co.example` })
    await postForm("/sign-up", { org_name: "Mailbox Co", name: "Mo", email: `second.${tag}@mailbox-co.example` })

    const res = await callAsDevelopment("/dev/mail.json")
    expect(res.status).toBe(200)
    const list = (await res.json()) as Record<string, unknown>[]
    const mine = list.filter((m) => String(m.to).includes(tag))
    expect(mine.map((m) => m.to)).toEqual([`second.${tag}@mailbox-co.example`, `first.${tag}@mailbox-co.example`])
    expect(Object.keys(mine[0]!).sort()).toEqual(["headers", "html", "id", "outreach_id", "sent_at", "subject", "text", "to"])
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
