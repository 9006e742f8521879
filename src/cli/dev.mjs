// `npm run dev [-- wrangler dev args]`: .dev.vars from the example when absent, browser libraries, local D1
// migrations, the idempotent demo seed, then `wrangler dev` with every extra argument passed through
// (`npm run dev -- --port 8790 --persist-to /tmp/x`; `--persist-to` also reaches migrations and the seed).
// wrangler dev never fires Cron Triggers: it runs with --test-scheduled and the dev ticker calls /__scheduled on the
// crons' schedule (`--no-ticker` turns that off).
import { spawn } from "node:child_process"
import { copyFileSync, existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { cronsFromToml } from "./lib/cron.mjs"
import { startDevTicker } from "./lib/dev-ticker.mjs"
import { persistArgs, runWrangler, wranglerBin } from "./lib/wrangler.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const raw = process.argv.slice(2)
const withTicker = !raw.includes("--no-ticker")
// `--fresh`: also seed an empty organisation to walk the first hour in, and serve Stripe from the local fake.
// `--stripe-fake`: only the fake (src/cli/stripe-fake.mjs), for Connect and Billing without a Stripe account.
const fresh = raw.includes("--fresh")
const useFake = fresh || raw.includes("--stripe-fake")
const args = raw.filter((a) => a !== "--no-ticker" && a !== "--fresh" && a !== "--stripe-fake")

/** The value of `--name V` or `--name=V` among wrangler's arguments. */
function flag(name, fallback) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name && args[i + 1]) return args[i + 1]
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1)
  }
  return fallback
}

async function waitForServer(origin, ms) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return true
    } catch {}
    await new Promise((r) => setTimeout(r, 1000))
  }
  return false
}

function runNode(script, scriptArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, script), ...scriptArgs], { cwd: root, stdio: "inherit" })
    child.on("error", reject)
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))))
  })
}

async function main() {
  if (!existsSync(join(root, ".dev.vars"))) {
    copyFileSync(join(root, ".dev.vars.example"), join(root, ".dev.vars"))
    console.log("dev: created .dev.vars from .dev.vars.example")
  }
  await runNode("src/cli/copy-assets.mjs", [])
  console.log("dev: applying local D1 migrations")
  await runWrangler(root, ["d1", "migrations", "apply", "DB", "--local", ...persistArgs(args)])
  console.log("dev: seeding demo data")
  if (fresh) process.env.PLIXO_FRESH_ORG = "1"
  await runNode("src/cli/seed.mjs", persistArgs(args))
  const extra = []
  if (useFake) {
    const portArg = args.indexOf("--port")
    const appUrl = `http://127.0.0.1:${portArg >= 0 ? args[portArg + 1] : "8787"}`
    const { startStripeFake } = await import("./stripe-fake.mjs")
    const fake = await startStripeFake({
      port: Number(process.env.STRIPE_FAKE_PORT ?? 12111),
      appUrl,
      connectSecret: "whsec_plixo_dev",
      billingSecret: "whsec_plixo_billing_dev",
      log: console.log,
    })
    extra.push("--var", `STRIPE_API_BASE:${fake.url}`, "--var", "STRIPE_SECRET_KEY:sk_test_plixo_fake", "--var", `APP_URL:${appUrl}`)
    extra.push("--var", "STRIPE_WEBHOOK_SECRET:whsec_plixo_dev", "--var", "STRIPE_BILLING_WEBHOOK_SECRET:whsec_plixo_billing_dev")
    console.log(`dev: Stripe is the local fake at ${fake.url}`)
  }
  if (fresh) console.log('dev: a new empty organisation "Fresh Start Co" was seeded: on /sign-in choose "Controller of Fresh Start Co"')
  const devArgs = withTicker && !args.includes("--test-scheduled") ? [...args, "--test-scheduled"] : args
  const child = spawn(process.execPath, [wranglerBin(root), "dev", ...devArgs, ...extra], { cwd: root, stdio: "inherit", env: process.env })
  let ticker = null
  const stop = (signal) => {
    ticker?.stop()
    child.kill(signal)
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  child.on("exit", (code, signal) => {
    ticker?.stop()
    process.exit(signal ? 0 : (code ?? 0))
  })
  if (!withTicker) return
  const host = flag("--ip", "localhost")
  const origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${flag("--port", "8787")}`
  const crons = cronsFromToml(readFileSync(join(root, "wrangler.toml"), "utf8"))
  if (crons.length === 0 || !(await waitForServer(origin, 180_000))) return
  console.log(`dev: ticker fires ${crons.join(", ")} (UTC) at ${origin}/__scheduled; the Autopilot tick runs now and every 5 minutes`)
  ticker = startDevTicker({ origin, crons, immediate: crons.filter((c) => c.startsWith("*/")) })
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
