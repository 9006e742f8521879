// Development mailbox: /dev/mail (HTML), /dev/mail.json, one message, its HTML part and its attachments. 404 unless APP_ENV=development.
import { Hono } from "hono"
import { findDevMail, devMailMessages } from "../../db/people"
import { fakeQuickbooks } from "../../integrations/erp/fake/quickbooks"
import { normaliseEmail } from "../../domain/email-domains"
import type { AppContext, AppEnv } from "../env"
import { isDevelopment } from "../session-cookie"
import { renderErrorPage } from "../views/error-page"
import { attachmentUrl, base64Size, DevMailListPage, DevMailMessagePage } from "../views/pages/dev-mail"

const absent = (c: AppContext) => c.html(renderErrorPage(404, "Page not found", "The page you asked for does not exist."), 404)

function listOptions(c: AppContext) {
  const to = c.req.query("to")?.trim()
  const limit = Math.min(Math.max(Number.parseInt(c.req.query("limit") ?? "200", 10) || 200, 1), 1000)
  return { to: to ? normaliseEmail(to) : undefined, limit }
}

export const devRoutes = new Hono<AppEnv>()
  // The browser half of the QuickBooks fake (Intuit's consent page); its API half is answered in-process.
  .get("/dev/fake/quickbooks/connect/oauth2", (c) => (isDevelopment(c) ? fakeQuickbooks.fetch(c.req.raw, c.env) : absent(c)))
  .get("/dev/mail", async (c) => {
    if (!isDevelopment(c)) return absent(c)
    const opts = listOptions(c)
    const messages = await devMailMessages(c.var.db, opts)
    return c.html(`<!doctype html>${<DevMailListPage messages={messages} to={opts.to ?? null} />}`)
  })
  .get("/dev/mail.json", async (c) => {
    if (!isDevelopment(c)) return c.json({ error: { code: "not_found", message: "Not found", details: [] } }, 404)
    const messages = await devMailMessages(c.var.db, listOptions(c))
    return c.json(
      messages.map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers,
        sent_at: m.sentAt,
        outreach_id: m.outreachId,
        attachments: (m.attachments ?? []).map((a, i) => ({
          filename: a.filename,
          content_type: a.contentType,
          size: base64Size(a.base64),
          url: attachmentUrl(m.id, i),
        })),
      })),
    )
  })
  .get("/dev/mail/:id", async (c) => {
    if (!isDevelopment(c)) return absent(c)
    const m = await findDevMail(c.var.db, c.req.param("id"))
    if (!m) return absent(c)
    return c.html(`<!doctype html>${<DevMailMessagePage m={m} />}`)
  })
  .get("/dev/mail/:id/attachments/:index", async (c) => {
    if (!isDevelopment(c)) return absent(c)
    const m = await findDevMail(c.var.db, c.req.param("id"))
    const file = m?.attachments?.[Number(c.req.param("index"))]
    if (!file) return absent(c)
    const bytes = Uint8Array.from(atob(file.base64), (ch) => ch.charCodeAt(0))
    // Served as a download with the name it was sent under, never rendered in Plixo's origin.
    const name = file.filename.replace(/[^\w.-]/g, "_")
    return c.body(bytes, 200, {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${name}"`,
      "X-Content-Type-Options": "nosniff",
    })
  })
  .get("/dev/mail/:id/html", async (c) => {
    if (!isDevelopment(c)) return absent(c)
    const m = await findDevMail(c.var.db, c.req.param("id"))
    if (!m?.html) return absent(c)
    // The email's own HTML, sandboxed: no scripts, no forms, nothing it can reach.
    c.header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https:")
    return c.html(m.html)
  })
