// Copies browser libraries from node_modules into public/vendor (git-ignored) for Workers Static Assets.
import { copyFileSync, mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const vendor = join(root, "public", "vendor")
mkdirSync(vendor, { recursive: true })
const files = [
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["node_modules/chart.js/dist/chart.umd.min.js", "chart.umd.min.js"],
  ["node_modules/@scalar/api-reference/dist/browser/standalone.js", "scalar-api-reference.js"],
]
for (const [from, to] of files) copyFileSync(join(root, from), join(vendor, to))
console.log(`copied ${files.length} browser libraries to public/vendor`)
