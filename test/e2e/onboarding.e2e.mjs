// A new organisation's first hour: sign up, then follow the Overview's "Get started" checklist alone (each step's
// own link) until the organisation is live in Shadow Mode, against the local Stripe fake and the dev mailbox.
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

export default async function onboarding(t) {
  const { page, assert } = t
  page.on("dialog", (d) => d.accept())
  const stamp = Date.now().toString(36)
  const email = `founder.${stamp}@northwind-fresh.example`

  // Sign up as a new organisation; the link arrives in the dev mailbox.
  await page.locator('form[action="/sign-out"] button').click()
  await page.goto("/sign-up")
  await page.fill('input[name="org_name"]', "Northwind Fresh LLC")
  await page.fill('input[name="name"]', "Nora North")
  await page.fill('input[name="email"]', email)
  await page.locator('form[action="/sign-up"] button[type="submit"]').click()
  await page.waitForSelector("text=Check your email")
  const mail = (await (await page.request.get("/dev/mail.json")).json()).find((m) => m.to === email)
  assert.ok(mail, "the sign-up email was sent")
  const link = new URL(mail.text.match(/https?:\/\/\S+\/sign-in\/verify\S+/)[0])
  await page.goto(link.pathname + link.search)
  await Promise.all([page.waitForURL("**/admin/overview"), page.locator("button", { hasText: "Create workspace" }).click()])

  const step = (key) => page.locator(`#get-started li[data-step="${key}"]`)
  const follow = async (key) => {
    await page.goto("/admin/overview")
    const link = step(key).locator(".step-action a")
    await Promise.all([page.waitForLoadState("load"), link.click()])
  }
  const ticked = async (key, ms = 20_000) => {
    const until = Date.now() + ms
    for (;;) {
      await page.goto("/admin/overview")
      if ((await step(key).getAttribute("class"))?.includes("done")) return
      if (Date.now() > until) throw new Error(`step ${key} was not ticked: ${await step(key).textContent()}`)
      await page.waitForTimeout(1000)
    }
  }

  await page.goto("/admin/overview")
  assert.match(await page.locator("#get-started").textContent(), /0 of 5 done/)
  assert.match(await page.locator(".trial-pill").textContent(), /Growth trial · 14 days left/)
  await t.screenshot("onboarding-start")

  // 1. Invite a teammate.
  await follow("organisation")
  assert.equal(new URL(page.url()).pathname, "/admin/users")
  await page.fill("#invite-email", `ar.manager.${stamp}@northwind-fresh.example`)
  await page.selectOption("#invite-role", "ar_manager")
  await page.locator("button", { hasText: "Send invitation" }).click()
  await page.waitForURL("**/admin/users?done=invited")
  await ticked("organisation")

  // 2. Connect Stripe (the fake's onboarding returns at once) and send the test event.
  await follow("stripe")
  await Promise.all([
    page.waitForURL("**/admin/connectors?done=returned"),
    page.locator('form[action="/admin/connectors/stripe/connect"] button').first().click(),
  ])
  await page.locator('form[action="/admin/connectors/stripe/test-event"] button').click()
  await ticked("stripe")

  // 3. Import customers (every one with a contact email) and their open invoices.
  const customers = [
    "external_id,name,email,contact_name,currency",
    "NF-1,Contoso Wholesale,ap@contoso.example,Sam Patel,USD",
    "NF-2,Fabrikam Supply,billing@fabrikam.example,Lee Wong,USD",
    "NF-3,Tailspin Retail,payables@tailspin.example,Ana Ruiz,USD",
  ].join("\n")
  const invoices = [
    "invoice_number,customer_external_id,currency,amount,balance,issue_date,due_date",
    `NF-INV-1,NF-1,USD,1250.00,1250.00,${day(-40)},${day(-10)}`,
    `NF-INV-2,NF-2,USD,980.50,980.50,${day(-35)},${day(-5)}`,
    `NF-INV-3,NF-3,USD,4200.00,4200.00,${day(-50)},${day(-20)}`,
  ].join("\n")
  for (const [kind, csv] of [
    ["customers", customers],
    ["invoices", invoices],
  ]) {
    await follow("import")
    await page.check(`input[name="kind"][value="${kind}"]`)
    await page.setInputFiles('input[name="file"]', { name: `${kind}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) })
    await Promise.all([
      page.waitForURL(/\/admin\/connectors\/import\/[^/]+$/),
      page.locator("button", { hasText: "Upload and preview" }).click(),
    ])
    await Promise.all([page.waitForLoadState("load"), page.locator("button", { hasText: /^Import 3 rows$/ }).click()])
  }
  await ticked("import")

  // 4. A cadence from the Neutral preset, quiet hours and an approval threshold (Growth trial), published.
  await follow("policy")
  await page.fill("#c-name", "Neutral reminders")
  await page.selectOption("#c-tone", "neutral")
  await Promise.all([
    page.waitForURL(/\/admin\/policies\/[^/]+\/versions\/1/),
    page.locator('form[action="/admin/policies"] button[type="submit"]').click(),
  ])
  await page.fill("#g-qs", "18:00")
  await page.fill("#g-qe", "08:00")
  await page.fill("#a-th", "500")
  await Promise.all([page.waitForURL(/notice=saved/), page.locator("button", { hasText: "Save draft" }).click()])
  // The sticky preview card can sit over the Publish card at the end of a long editor: press it directly.
  await Promise.all([page.waitForURL(/notice=published/), page.locator('form[action$="/publish"] button').dispatchEvent("click")])
  await ticked("policy")

  // 5. A segment in Shadow Mode with the published cadence, then the first drafts.
  await follow("shadow")
  await page.goto("/admin/segments/new")
  await page.fill("#s-name", "Overdue, all balances")
  await page.selectOption("#s-cad", { index: 1 })
  await page.selectOption("#s-status", "active")
  await Promise.all([
    page.waitForURL(/\/admin\/segments\/[^/]+\?notice=saved/),
    page.locator("button", { hasText: "Create segment" }).click(),
  ])
  await page.goto("/admin/overview")
  await t.screenshot("onboarding-before-drafts")
  await Promise.all([page.waitForURL("**/work/queue**"), step("shadow").locator("button", { hasText: "Draft now" }).click()])

  // Live in Shadow Mode: drafts wait in the queue, and the checklist is gone.
  const queue = await page.locator("main").textContent()
  assert.match(queue, /NF-INV-/, "the queue shows drafts for the imported invoices")
  await page.goto("/admin/overview")
  assert.equal(await page.locator("#get-started").count(), 0, "Get started disappears once live")
  await t.screenshot("onboarding-live")
}
