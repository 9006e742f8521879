// An Operator clears the day from /work/queue: Today's Focus -> the "Replies waiting" card -> a row -> the inspector
// -> confirm the promise the reply names -> the card's count drops by one. Screenshots at 1360 px and 1280x800.
export default async function collections(t) {
  const { page, assert } = t
  await t.signIn("operator")
  await page.setViewportSize({ width: 1360, height: 900 })
  await page.goto("/work/queue")
  await t.screenshot("collections-1360")
  const card = page.locator('.focus-card[data-focus="replies_waiting"] .focus-count')
  const before = Number(await card.textContent())
  assert.ok(before > 0, "the demo has replies waiting")
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
  await confirm.click()
  await page.waitForURL(/promised=/)
  const after = Number(await page.locator('.focus-card[data-focus="replies_waiting"] .focus-count').textContent())
  assert.equal(after, before - 1, "logging the promise takes the reply off the card")
  assert.ok((await page.locator(".flash").first().textContent()).includes("Promise logged"))
}
