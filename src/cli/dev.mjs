// `npm run dev [-- wrangler dev args]`: .dev.vars from the example when absent, browser libraries, local D1
// migrations, the idempotent demo seed, then `wrangler dev` with every extra argument passed through
// (`npm run dev -- --port 8790 --persist-to /tmp/x`; `--persist-to` also reaches migrations and the seed).
import { spawn } from "node:child_process"
import { copyFileSync, existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { persistArgs, runWrangler, wranglerBin } from "./lib/wrangler.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
// `--fresh`: also seed an empty organisation to walk the first hour in, and serve Stripe from the local fake.
// `--stripe-fake`: only the fake (src/cli/stripe-fake.mjs), for Connect and Billing without a Stripe account.
const fresh = process.argv.includes("--fresh")
const useFake = fresh || process.argv.includes("--stripe-fake")
const args = process.argv.slice(2).filter((a) => a !== "--fresh" && a !== "--stripe-fake")

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
    const fake = await startStripeFake({ port: Number(process.env.STRIPE_FAKE_PORT ?? 12111), appUrl, connectSecret: "whsec_plixo_dev", billingSecret: "whsec_plixo_billing_dev", log: console.log })
    extra.push("--var", `STRIPE_API_BASE:${fake.url}`, "--var", "STRIPE_SECRET_KEY:sk_test_plixo_fake", "--var", `APP_URL:${appUrl}`)
    extra.push("--var", "STRIPE_WEBHOOK_SECRET:whsec_plixo_dev", "--var", "STRIPE_BILLING_WEBHOOK_SECRET:whsec_plixo_billing_dev")
    console.log(`dev: Stripe is the local fake at ${fake.url}`)
  }
  if (fresh) console.log('dev: a new empty organisation "Fresh Start Co" was seeded: on /sign-in choose "Controller of Fresh Start Co"')
  const child = spawn(process.execPath, [wranglerBin(root), "dev", ...args, ...extra], { cwd: root, stdio: "inherit", env: process.env })
  const stop = (signal) => child.kill(signal)
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  child.on("exit", (code, signal) => process.exit(signal ? 0 : (code ?? 0)))
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
