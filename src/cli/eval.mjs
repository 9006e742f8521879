// `npm run eval -- <name>`: runs the model backtest src/cli/eval/<name>.mjs (paydate, ...) and prints its figures.
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const dir = join(dirname(fileURLToPath(import.meta.url)), "eval")
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".mjs") && !f.startsWith("_"))
  .map((f) => f.replace(/\.mjs$/, ""))
  .sort()
const [name, ...args] = process.argv.slice(2)
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run eval -- <name>. Available: ${available.join(", ")}`)
  process.exit(2)
}
const mod = await import(pathToFileURL(join(dir, `${name}.mjs`)).href)
await mod.default(args)
