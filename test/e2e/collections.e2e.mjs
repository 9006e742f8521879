// An Operator clears the day from /work/queue: Today's Focus -> the "Replies waiting" card -> a row -> the inspector
// -> confirm the promise the reply names (in place, htmx) -> the card's count drops by one without a reload. Then
// the keyboard (j/k move, Enter opens, / searches), "My accounts", the customer view, and a plan set up in place.
// Screenshots at 1360 px and 1280x800.
export default async function collections(t) {
  const { page, assert } = t
  await t.signIn("operator")
  await page.setViewportSize({ width: 1360, height: 900 })
  await page.goto("/work/queue")
  await t.screenshot("collections-1360")
  const count = async (key) => Number(await page.locator(`.focus-card[data-focus="${key}"] .focus-count`).textContent())
  const before = await count("replies_waiting")
  assert.ok(before > 0, "the demo has replies waiting")
  // The subtitle and the Drafts card agree on what they count.
  const drafts = await count("drafts_to_review")
  assert.match(
    await page.locator(".page-header .subtitle").textContent(),
    new RegExp(`(${drafts} drafts? waiting|on ${drafts} open invoice)`),
  )

  await page.locator('.focus-card[data-focus="replies_waiting"]').click()
  await page.waitForURL(/focus=replies_waiting/)
  assert.equal(await page.locator(".worklist-row").count(), before, "the card's count is the rows it shows")
  // A row whose reply names a date: its inspector opens beside the table (htmx), the row turns indigo, the URL follows.
  const row = page.locator(".worklist-row", { hasText: "reply waiting that names a date" }).first()
  await row.locator("a.worklist-open").click()
  await page.locator("#inspector-card").waitFor()
  await page.waitForURL(/invoice=/)
  assert.ok((await row.getAttribute("class")).includes("is-selected"), "the selected row is highlighted")
  await page.setViewportSize({ width: 1280, height: 800 })
  await t.screenshot("collections-inspector-1280x800")
  const confirm = page.locator("button[data-confirm-promise]")
  assert.match(await confirm.textContent(), /Confirm \d{4}-\d{2}-\d{2}/)
  assert.equal(await page.locator('select[name="channel"]').inputValue(), "email", "a promise from a reply was made by email")
  await confirm.click()
  await page.locator("#inspector-card .flash", { hasText: "Promise logged" }).waitFor()
  assert.equal(await count("replies_waiting"), before - 1, "logging the promise takes the reply off the card, in place")
  assert.ok((await page.locator("#inspector-card .timeline").textContent()).includes("heard by email"))

  // Keyboard: j moves the cursor down, k up, Enter opens the row's inspector, / goes to the search box.
  await page.goto("/work/queue")
  const rows = page.locator(".worklist-row")
  await page.keyboard.press("j")
  await page.keyboard.press("j")
  await page.keyboard.press("k")
  await page.keyboard.press("j")
  assert.ok((await rows.nth(1).getAttribute("class")).includes("is-cursor"), "j, j, k, j puts the cursor on the second row")
  const second = await rows.nth(1).getAttribute("data-invoice")
  await page.keyboard.press("Enter")
  await page.locator(`#inspector-card[data-invoice-id="${second}"]`).waitFor()
  await page.waitForURL(new RegExp(`invoice=${second}`))
  await page.keyboard.press("/")
  assert.equal(await page.evaluate(() => document.activeElement?.id), "worklist-search")

  // My accounts: the demo Operator owns part of the book.
  await page.goto("/work/queue?owner=me")
  const mine = await rows.count()
  assert.ok(mine > 0, "the Operator has accounts of their own")
  await page.goto("/work/queue")
  assert.ok((await rows.count()) >= mine)

  // The customer view: one row per customer, opening its most urgent invoice.
  await page.locator(".segmented a", { hasText: "By customer" }).click()
  await page.waitForURL(/by=customer/)
  const ids = await page.locator(".worklist-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-customer")))
  assert.equal(new Set(ids).size, ids.length, "each customer once")
  await page.setViewportSize({ width: 1360, height: 900 })
  await t.screenshot("collections-by-customer-1360")
  await page.locator(".worklist-row a.worklist-open").first().click()
  await page.locator("#inspector-card").waitFor()

  // A plan set up in place from the inspector.
  const plan = page.locator('details[data-action="plan"]')
  await plan.locator("summary").click()
  await plan.locator('input[name="count"]').fill("3")
  await plan.locator("button[type=submit]").click()
  await page.locator("#inspector-card .flash", { hasText: /Payment plan set up|waits for approval/ }).waitFor()
  await t.screenshot("collections-plan-1360")
}
