// The demo Controller visits every page of the navigation: each renders its heading, with no console error or failed request.
export default async function navigation(t) {
  const { page, assert } = t
  await page.goto("/admin/overview")
  const links = await page
    .locator("nav.sidenav a")
    .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), label: a.textContent.trim() })))
  assert.ok(links.length >= 10, `expected the Controller to see every section, saw ${links.length}`)
  for (const { href, label } of links) {
    const res = await page.goto(href)
    assert.equal(res.status(), 200, `${label} (${href}) answered ${res.status()}`)
    await page.waitForLoadState("networkidle")
    const heading = await page.locator("main h1").first().textContent()
    assert.ok(heading && heading.trim().length > 0, `${label} has no heading`)
    await t.screenshot(`nav-${href.replaceAll("/", "_").replace(/^_/, "")}`)
  }
  // Phone width: the shell stays usable.
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto("/work/receivables")
  await t.screenshot("phone-receivables")
}
