// A payer opens their link on a phone, promises to pay one invoice and disputes another with a file; the
// Controller then sees both on /work/disputes and on the invoice.
import { writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export default async function portal(t) {
  const { page, browser, baseUrl, assert } = t
  const created = await page.request.post("/api/v1/portal-links", {
    headers: { Authorization: "Bearer plx_dev_operator" },
    data: { customer_id: "cus_acme_0007", expires_in_days: 7 },
  })
  assert.equal(created.status(), 201)
  const { url } = await created.json()
  assert.ok(url.startsWith(`${baseUrl}/p/`), url)

  // The payer: a fresh phone-sized browser with no Plixo session.
  const phone = await browser.newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 } })
  const payer = await phone.newPage()
  const errors = []
  payer.on("console", (m) => m.type() === "error" && errors.push(m.text()))
  await payer.goto(url)
  assert.equal(new URL(payer.url()).pathname, "/p/home", "the token is exchanged for a clean URL")
  assert.equal(await payer.locator('meta[name="robots"]').getAttribute("content"), "noindex, nofollow")
  await t.screenshot("portal-home", payer)
  const invoiceLinks = await payer
    .locator("a.p-item-title")
    .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), text: a.textContent.trim() })))
  assert.ok(invoiceLinks.length >= 2, `expected open invoices for the payer, saw ${invoiceLinks.length}`)
  const [promised, disputed] = invoiceLinks

  // Promise to pay (htmx swaps the form's section in place).
  await payer.goto(promised.href)
  const maxDate = await payer.locator("#promised_date").getAttribute("max")
  const today = new Date().toISOString().slice(0, 10)
  const date = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10)
  assert.ok(date <= maxDate, `promise date ${date} within ${maxDate}`)
  await payer.fill("#promised_date", date)
  await payer.locator("#promise button[type=submit]").click()
  await payer.locator("#promise .flash-good").waitFor()
  await t.screenshot("portal-promise", payer)

  // Dispute with a PDF.
  await payer.goto(disputed.href)
  await payer.selectOption("#reason", "quantity")
  await payer.fill("#message", "We received 8 of the 10 units on this invoice.")
  const file = join(tmpdir(), "plixo-e2e-delivery-note.pdf")
  writeFileSync(file, "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
  await payer.setInputFiles("#evidence", file)
  await payer.locator("#dispute button[type=submit]").click()
  await payer.locator("#dispute .flash-good").waitFor()
  await payer.goto(disputed.href)
  assert.ok((await payer.content()).includes("plixo-e2e-delivery-note.pdf"), "the payer sees the dispute and its file")
  await t.screenshot("portal-dispute", payer)
  assert.deepEqual(errors, [], "the payer's browser reported errors")
  await phone.close()

  // Finance: the dispute is in the queue; the invoice shows both.
  const number = disputed.text.replace(/^Invoice /, "")
  await page.goto("/work/disputes?status=active&reason=quantity")
  const row = page.locator("tr", { hasText: number })
  await row.first().waitFor()
  await t.screenshot("work-disputes")
  // The row opens the inspector under the table (htmx); the payer's file is listed there.
  await row.first().locator("a").first().click()
  await page.locator("#inspector", { hasText: "plixo-e2e-delivery-note.pdf" }).waitFor({ timeout: 10_000 })
  assert.ok((await page.content()).includes("plixo-e2e-delivery-note.pdf"), "the evidence is listed on the dispute")
  await t.screenshot("work-dispute-detail")
  const promisedId = promised.href.split("/").pop()
  await page.goto(`/work/invoices/${promisedId}`)
  const shown = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(
    Date.parse(`${date}T00:00:00Z`),
  )
  assert.ok((await page.locator("main").textContent()).includes(shown), `the invoice page shows the promise for ${shown}`)
  const disputedId = disputed.href.split("/").pop()
  await page.goto(`/work/invoices/${disputedId}`)
  assert.ok((await page.locator("main").textContent()).includes("Disputed"), "the invoice page shows the dispute")
  await page.goto("/work/promises")
  await t.screenshot("work-promises")
}
