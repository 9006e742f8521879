// `npm run ops -- status | pause-cron | resume-cron | maintenance-on | maintenance-off [--remote] [--persist-to DIR]`:
// the deployment-wide switches in ops_state, for the deployment's operators only (whoever may run wrangler against
// the D1 database); no tenant role can flip them. `status` also prints the operator metrics no tenant sees.
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

const statusSql = `SELECT 'switch' AS kind, key AS name, value, updated_at AS at FROM ops_state WHERE key IN ('maintenance', 'cron_paused')
  UNION ALL SELECT 'unattributed webhook signature failures (24 h)', source, count(*), max(created_at) FROM webhook_failures
    WHERE created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day') GROUP BY source;`

const args = process.argv.slice(2)
const name = args.find((a) => !a.startsWith("--") && (commands[a] || a === "status"))
if (!name) {
  console.error(`Usage: npm run ops -- <status | ${Object.keys(commands).join(" | ")}> [--remote] [--persist-to DIR]`)
  process.exit(2)
}
const where = args.includes("--remote") ? ["--remote"] : ["--local", ...persistArgs(args)]
const place = `${where.includes("--remote") ? "remote" : "local"} D1`

async function execute(sql, json = false) {
  return runWrangler(root, ["d1", "execute", "DB", ...where, ...(json ? ["--json"] : []), "--command", sql], { quiet: true })
}

try {
  if (name === "status") {
    const rows = JSON.parse(await execute(statusSql, true))[0]?.results ?? []
    const value = (key) => rows.find((r) => r.kind === "switch" && r.name === key)?.value ?? "off"
    console.log(`Maintenance, every organisation: ${value("maintenance")}`)
    console.log(`Autopilot cron paused: ${value("cron_paused")}`)
    const failures = rows.filter((r) => r.kind !== "switch")
    if (!failures.length) console.log("Unattributed webhook signature failures (24 h): none")
    for (const f of failures) console.log(`Unattributed ${f.name} webhook signature failures (24 h): ${f.value}, last at ${f.at}`)
    console.log(`(${place})`)
  } else {
    const [key, value, message] = commands[name]
    const now = new Date().toISOString()
    await execute(
      `INSERT INTO ops_state (key, value, updated_at) VALUES ('${key}', '${value}', '${now}') ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;`,
    )
    console.log(`${message} (${place})`)
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
