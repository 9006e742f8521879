// The CFO console in a real browser: every KPI (i) opens from the keyboard, the charts draw, and the page weight
// (bytes transferred, gzip, cold cache) stays under 120 KB for the console and under 40 KB for every other finance page.
const KB = 1024

/** Bytes over the wire (headers included) for one cold visit of `path`. */
async function transferred(t, path) {
  const context = await t.browser.newContext({ baseURL: t.baseUrl, storageState: await t.context.storageState() })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send("Network.enable")
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true })
  let bytes = 0
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength))
  await page.goto(path, { waitUntil: "networkidle" })
  await context.close()
  return bytes
}

export default async function cfoConsole(t) {
  const { page, assert } = t
  await t.signIn("cfo")
  await page.goto("/admin/overview")
  await page.waitForLoadState("networkidle")
  const tiles = await page.locator(".cfo-tile").count()
  assert.ok(tiles >= 7, `expected at least 7 KPI tiles, saw ${tiles}`)
  // Keyboard: focus the first (i) and open it with Enter; its definition shows.
  const summary = page.locator(".cfo-tile .kpi-info summary").first()
  await summary.focus()
  await page.keyboard.press("Enter")
  assert.ok(
    await page.locator(".cfo-tile .kpi-info[open] .kpi-def").first().isVisible(),
    "the (i) definition did not open from the keyboard",
  )
  const drawn = await page.locator("canvas[data-chart][data-drawn]").count()
  assert.ok(drawn >= 5, `expected the console's charts to draw, ${drawn} did`)
  await t.screenshot("cfo-console")

  const weights = []
  for (const path of [
    "/admin/overview",
    "/work/queue",
    "/work/receivables",
    "/work/disputes",
    "/work/promises",
    "/work/approvals",
    "/admin/segments",
    "/admin/audit",
  ]) {
    weights.push([path, await transferred(t, path)])
  }
  for (const [path, bytes] of weights) console.log(`  page weight ${path}: ${(bytes / KB).toFixed(1)} KB transferred`)
  const [, console_] = weights[0]
  assert.ok(console_ < 120 * KB, `the CFO console transferred ${(console_ / KB).toFixed(1)} KB (budget 120 KB)`)
  // Every other finance page: under 40 KB (issue 14). A page that needs one small chart draws it as SVG, not Chart.js.
  for (const [path, bytes] of weights.slice(1))
    assert.ok(bytes < 40 * KB, `${path} transferred ${(bytes / KB).toFixed(1)} KB (budget 40 KB)`)
}
