// `npm run seed [-- --persist-to DIR]`: builds the demo data SQL from src/cli/seed/*.mjs (in name order) and
// applies it to the local D1 with wrangler. Every statement is INSERT OR IGNORE with deterministic ids, so
// running it twice changes nothing. `--print` writes the SQL file without applying it.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { insert, q, seededRandom, seedFromName } from "./lib/sql.mjs"
import { persistArgs, runWrangler } from "./lib/wrangler.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

/** Every part's statements for the given clock. Exported for tests and tools. */
export async function buildSeed(now = new Date()) {
  const dir = join(root, "src", "cli", "seed")
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".mjs"))
    .sort()
  const statements = []
  const counts = {}
  for (const file of files) {
    const part = await import(pathToFileURL(join(dir, file)).href)
    if (typeof part.build !== "function") throw new Error(`seed part ${file} does not export build(ctx)`)
    const ctx = { today: now.toISOString().slice(0, 10), now: now.toISOString(), rng: seededRandom(seedFromName(file)), q, insert }
    const out = await part.build(ctx)
    if (!Array.isArray(out) || out.some((s) => typeof s !== "string"))
      throw new Error(`seed part ${file}: build(ctx) must return an array of SQL strings`)
    for (const s of out) {
      if (!/^\s*(INSERT\s+OR\s+IGNORE|INSERT\s+INTO[\s\S]*ON\s+CONFLICT[\s\S]*DO\s+NOTHING|UPDATE|--)/i.test(s)) {
        throw new Error(
          `seed part ${file}: every statement must be idempotent (INSERT OR IGNORE / ON CONFLICT DO NOTHING); got: ${s.slice(0, 80)}`,
        )
      }
    }
    statements.push(`-- ${file}`, ...out)
    counts[file] = out.length
  }
  return { statements, counts }
}

// Files of at most this many characters: wrangler's local execute reads the whole file into one request.
const MAX_FILE_CHARS = 4_000_000

async function main() {
  const args = process.argv.slice(2)
  const { statements, counts } = await buildSeed()
  const outDir = join(root, ".wrangler")
  mkdirSync(outDir, { recursive: true })
  const files = []
  let current = []
  let size = 0
  for (const s of statements) {
    if (current.length > 0 && size + s.length > MAX_FILE_CHARS) {
      files.push(current)
      current = []
      size = 0
    }
    current.push(s)
    size += s.length + 2
  }
  files.push(current)
  const paths = files.map((chunk, i) => {
    const path = join(outDir, files.length === 1 ? "seed.sql" : `seed.${i + 1}.sql`)
    writeFileSync(path, chunk.join("\n") + "\n")
    return path
  })
  console.log(
    `seed: ${statements.length} statements from ${Object.keys(counts).join(", ")} -> ${paths.map((p) => p.slice(root.length + 1)).join(", ")}`,
  )
  if (args.includes("--print")) return
  for (const path of paths) {
    await runWrangler(root, ["d1", "execute", "DB", "--local", "--yes", "--file", path, ...persistArgs(args)], { quiet: true })
  }
  console.log("seed: applied to the local D1 (idempotent: existing rows were left as they were)")
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
