// Browser tests: starts `wrangler dev` on a free port with a fresh seeded local D1, drives Debian's Chromium with
// playwright-core, runs every test/e2e/*.e2e.mjs, fails on any console error or failed request, saves screenshots.
import assert from "node:assert/strict"
import { spawn, execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { chromium } from "playwright-core"
import { startStripeFake } from "../../src/cli/stripe-fake.mjs"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..", "..")
const shots = join(here, "screenshots")
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const only = process.argv[2]

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
    srv.on("error", reject)
  })
}

async function waitFor(url, ms) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`wrangler dev did not answer ${url} within ${ms / 1000}s`)
}

const wranglerBin = join(root, "node_modules", ".bin", "wrangler")
const run = (cmd, args) =>
  execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CI: "true" } })

if (!existsSync(join(root, ".dev.vars"))) copyFileSync(join(root, ".dev.vars.example"), join(root, ".dev.vars"))
const state = mkdtempSync(join(tmpdir(), "plixo-e2e-"))
run(wranglerBin, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state])
run(process.execPath, [join(root, "src/cli/seed.mjs"), "--persist-to", state])

const port = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
// Stripe (Connect and Billing) is the local fake, which delivers its signed webhooks back to this server.
const stripeFake = await startStripeFake({
  port: 0,
  appUrl: baseUrl,
  connectSecret: "whsec_plixo_e2e",
  billingSecret: "whsec_plixo_billing_e2e",
})
const stripeVars = [
  "--var",
  `STRIPE_API_BASE:${stripeFake.url}`,
  "--var",
  "STRIPE_SECRET_KEY:sk_test_plixo_fake",
  "--var",
  "STRIPE_WEBHOOK_SECRET:whsec_plixo_e2e",
  "--var",
  "STRIPE_BILLING_WEBHOOK_SECRET:whsec_plixo_billing_e2e",
]
const server = spawn(
  wranglerBin,
  [
    "dev",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--persist-to",
    state,
    "--var",
    `APP_URL:${baseUrl}`,
    ...stripeVars,
    "--show-interactive-dev-session=false",
  ],
  {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true" },
    detached: true,
  },
)
let serverLog = ""
server.stdout.on("data", (d) => (serverLog += d))
server.stderr.on("data", (d) => (serverLog += d))
const stopServer = () => {
  try {
    process.kill(-server.pid, "SIGTERM")
  } catch {}
}
process.on("exit", stopServer)

let failures = 0
let passed = 0
try {
  await waitFor(`${baseUrl}/healthz`, 90_000)
  mkdirSync(shots, { recursive: true })
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
      "--disable-sync",
    ],
  })
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".e2e.mjs") && (!only || f.includes(only)))
    .sort()
  for (const file of files) {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    const problems = []
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console error: ${msg.text()}`)
    })
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`))
    page.on("requestfailed", (req) => {
      const failure = req.failure()?.errorText ?? ""
      if (!failure.includes("ERR_ABORTED")) problems.push(`request failed: ${req.method()} ${req.url()} ${failure}`)
    })
    page.on("response", (res) => {
      const expected = page.__expectedStatuses ?? []
      if (res.url().startsWith(baseUrl) && res.status() >= 400 && !expected.includes(res.status()))
        problems.push(`HTTP ${res.status()} for ${res.request().method()} ${res.url()}`)
    })
    const signIn = async (role = "controller", p = page) => {
      // Another role is another person: start from a signed-out browser (a signed-in visit to /sign-in moves on).
      await p.context().clearCookies()
      await p.goto("/sign-in")
      await p.locator(`form[action="/sign-in/dev"] button[value="${role}"]`).first().click()
      await p.waitForURL((url) => !url.pathname.startsWith("/sign-in"))
    }
    const t = {
      page,
      browser,
      context,
      baseUrl,
      assert,
      signIn,
      /** Lets a test visit a page that answers this status on purpose (a revoked link's 410). */
      expectStatus: (status) => (page.__expectedStatuses = [...(page.__expectedStatuses ?? []), status]),
      screenshot: (name, p = page) => p.screenshot({ path: join(shots, `${name}.png`), fullPage: true }),
    }
    const started = Date.now()
    try {
      await signIn("controller")
      const mod = await import(pathToFileURL(join(here, file)).href)
      await mod.default(t)
      assert.deepEqual(problems, [], `${file}: the browser reported problems`)
      passed++
      console.log(`✓ ${file} (${((Date.now() - started) / 1000).toFixed(1)}s)`)
    } catch (err) {
      failures++
      console.error(`✗ ${file}: ${err?.stack ?? err}`)
      await page.screenshot({ path: join(shots, `FAILED-${file}.png`), fullPage: true }).catch(() => {})
    } finally {
      await context.close()
    }
  }
  await browser.close()
} catch (err) {
  failures++
  console.error(String(err?.stack ?? err))
  console.error(serverLog.slice(-4000))
} finally {
  stopServer()
  await stripeFake.close()
  rmSync(state, { recursive: true, force: true })
}
console.log(`\n${passed} passed, ${failures} failed`)
process.exit(failures ? 1 : 0)
