// `npm run ops -- pause-cron | resume-cron | maintenance-on | maintenance-off [--remote] [--persist-to DIR]`:
// flips the deployment-wide switches in ops_state through `wrangler d1 execute` (local D1 unless --remote).
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { persistArgs, runWrangler } from "./lib/wrangler.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

const commands = {
  "pause-cron": ["cron_paused", "on", "The Autopilot cron is paused: no ticks until resume-cron."],
  "resume-cron": ["cron_paused", "off", "The Autopilot cron runs again from the next 5-minute mark."],
  "maintenance-on": ["maintenance", "on", "Maintenance is on for every organisation: nothing is sent, every page shows a banner."],
  "maintenance-off": ["maintenance", "off", "Maintenance is off: sending resumes."],
}

const args = process.argv.slice(2)
const name = args.find((a) => !a.startsWith("--") && commands[a])
if (!name) {
  console.error(`Usage: npm run ops -- <${Object.keys(commands).join(" | ")}> [--remote] [--persist-to DIR]`)
  process.exit(2)
}
const [key, value, message] = commands[name]
const now = new Date().toISOString()
const sql = `INSERT INTO ops_state (key, value, updated_at) VALUES ('${key}', '${value}', '${now}') ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;`
const where = args.includes("--remote") ? ["--remote"] : ["--local", ...persistArgs(args)]
try {
  await runWrangler(root, ["d1", "execute", "DB", ...where, "--command", sql], { quiet: true })
  console.log(`${message} (${where.includes("--remote") ? "remote" : "local"} D1)`)
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
