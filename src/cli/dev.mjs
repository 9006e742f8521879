// `npm run dev [-- wrangler dev args]`: .dev.vars from the example when absent, browser libraries, local D1
// migrations, the idempotent demo seed, then `wrangler dev` with every extra argument passed through
// (`npm run dev -- --port 8790 --persist-to /tmp/x`; `--persist-to` also reaches migrations and the seed).
import { spawn } from "node:child_process"
import { copyFileSync, existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { persistArgs, runWrangler, wranglerBin } from "./lib/wrangler.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const args = process.argv.slice(2)

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
  await runNode("src/cli/seed.mjs", persistArgs(args))
  const child = spawn(process.execPath, [wranglerBin(root), "dev", ...args], { cwd: root, stdio: "inherit", env: process.env })
  const stop = (signal) => child.kill(signal)
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  child.on("exit", (code, signal) => process.exit(signal ? 0 : (code ?? 0)))
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
