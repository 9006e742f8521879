// `npm run bench -- <name>`: runs bench/<name>.mjs (import, tick, portal) or every benchmark when no name is given.
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const available = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs" && !f.startsWith("_"))
  .map((f) => f.replace(/\.mjs$/, ""))
  .sort()
const [name, ...args] = process.argv.slice(2)
const chosen = name ? [name] : available
for (const bench of chosen) {
  if (!available.includes(bench)) {
    console.error(`Unknown benchmark "${bench}". Available: ${available.join(", ") || "(none)"}`)
    process.exit(2)
  }
  console.log(`\n== bench: ${bench} ==`)
  const mod = await import(pathToFileURL(join(here, `${bench}.mjs`)).href)
  await mod.default(args)
}
