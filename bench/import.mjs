// `npm run bench -- import [rows]`: a 100,000-row invoice CSV through the real import path (parse, map, validate,
// chunked upserts with the import record and audit in each D1 batch) against a raw batched INSERT of the same rows
// into the same local D1 (wrangler's getPlatformProxy). Prints rows/s for both, the ratio and peak memory.
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { build } from "esbuild"
import { getPlatformProxy } from "wrangler"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")

/** Bundles the import service (TypeScript) so Node runs the same code the Worker runs. */
async function loadImportPath(outDir) {
  const entry = join(outDir, "entry.ts")
  const out = join(outDir, "import-path.mjs")
  const { writeFileSync } = await import("node:fs")
  writeFileSync(
    entry,
    `export { createImport, processImport, readCsv, mappingFor, refuseIfUnmapped } from ${JSON.stringify(join(root, "src/services/imports.ts"))}
     export { csvSource } from ${JSON.stringify(join(root, "src/integrations/erp/importer.ts"))}
     export { createDb, rowsPerInsert, chunk } from ${JSON.stringify(join(root, "src/db/client.ts"))}`,
  )
  await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "node", outfile: out, logLevel: "error" })
  return import(pathToFileURL(out).href)
}

function invoiceCsv(rows, customers) {
  const lines = ["Invoice No,Customer ID,Currency,Amount,Amount Due,Invoice Date,Due Date"]
  for (let i = 1; i <= rows; i++) {
    const amount = 10_000 + ((i * 7919) % 990_000)
    const balance = i % 5 === 0 ? 0 : amount - ((i * 31) % amount)
    const month = String(1 + (i % 10)).padStart(2, "0")
    const day = String(1 + (i % 28)).padStart(2, "0")
    lines.push(`BENCH-${String(i).padStart(6, "0")},C-${String(1 + (i % customers)).padStart(5, "0")},USD,"${(amount / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}",${(balance / 100).toFixed(2)},2026-${month}-${day},2026-${String(Number(month) + 1).padStart(2, "0")}-${day}`)
  }
  return lines.join("\r\n") + "\r\n"
}

export default async function importBench(args = []) {
  const rows = Number(args[0] ?? 100_000)
  const customers = 2_000
  const dir = mkdtempSync(join(tmpdir(), "plixo-bench-"))
  const persist = join(dir, "state")
  try {
    execFileSync(join(root, "node_modules/.bin/wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { cwd: root, stdio: "ignore" })
    const { createImport, processImport, readCsv, mappingFor, refuseIfUnmapped, csvSource, createDb, chunk } = await loadImportPath(dir)
    const proxy = await getPlatformProxy({ configPath: join(root, "wrangler.toml"), persist: { path: join(persist, "v3") } })
    const d1 = proxy.env.DB
    const db = createDb(d1)
    const now = new Date().toISOString()
    const orgs = ["org_bench_import", "org_bench_raw"]
    for (const org of orgs) {
      await d1.prepare(`INSERT INTO organisations (id, name, plan_tier, time_zone, created_at) VALUES (?1, ?1, 'growth', 'UTC', ?2)`).bind(org, now).run()
      const cs = Array.from({ length: customers }, (_, i) => [`cus_${org}_${i + 1}`, `C-${String(i + 1).padStart(5, "0")}`])
      await d1.batch(chunk(cs, 16).map((part) => d1.prepare(`INSERT INTO customers (id, org_id, external_id, name, created_at, updated_at) VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}`).bind(...part.flatMap(([id, ext]) => [id, org, ext, `Customer ${ext}`, now, now]))))
    }
    const text = invoiceCsv(rows, customers)
    console.log(`file: ${rows.toLocaleString("en-US")} invoice rows, ${(text.length / 1024 / 1024).toFixed(1)} MB (ERP headers, thousands separators)`)

    // Peak memory of this process while the import path runs (parse, validate, plan; D1 work is in workerd).
    global.gc?.()
    const base = process.memoryUsage()
    let peakHeap = base.heapUsed
    let peakRss = base.rss
    const sampler = setInterval(() => {
      const m = process.memoryUsage()
      peakHeap = Math.max(peakHeap, m.heapUsed)
      peakRss = Math.max(peakRss, m.rss)
    }, 20)
    const actor = { type: "system", id: null, label: "bench" }
    const t0 = performance.now()
    const parsed = readCsv(text)
    const mapping = await mappingFor(db, orgs[0], "invoices", parsed.headers, null)
    refuseIfUnmapped("invoices", mapping)
    const record = await createImport(db, orgs[0], actor, { kind: "invoices", source: "bench", filename: "bench.csv", rowsTotal: parsed.rows.length, mapping, options: {}, status: "processing" }, new Date())
    const result = await processImport(db, orgs[0], actor, record, csvSource("invoices", parsed, mapping), "iso")
    const importMs = performance.now() - t0
    clearInterval(sampler)
    const landed = await d1.prepare(`SELECT rows_imported, rows_failed, status, error FROM imports WHERE id = ?1`).bind(record.id).first()
    if (landed.status !== "completed" || landed.rows_imported !== rows) throw new Error(`import did not land every row: ${JSON.stringify(landed)}`)

    // Raw: the same rows (already clean), multi-row INSERTs with the organisation and time bound once (?1, ?2) and
    // 7 parameters per row (14 rows per statement, 98 parameters), 200 statements per batch: the fastest plain path.
    const t1 = performance.now()
    const per = 14
    const all = []
    for (let i = 0; i < rows; i++) {
      const r = parsed.rows[i]
      all.push([`inv_raw_${i}`, `cus_${orgs[1]}_${1 + (i % customers)}`, r[0], Math.round(Number(r[3].replace(/[",]/g, "")) * 100), Math.round(Number(r[4]) * 100), r[5], r[6]])
    }
    const statements = chunk(all, per).map((part) =>
      d1
        .prepare(
          `INSERT INTO invoices (id, org_id, customer_id, invoice_number, currency, amount_minor, balance_minor, issue_date, due_date, created_at, updated_at) VALUES ${part
            .map((_, j) => `(?${3 + j * 7}, ?1, ?${4 + j * 7}, ?${5 + j * 7}, 'USD', ?${6 + j * 7}, ?${7 + j * 7}, ?${8 + j * 7}, ?${9 + j * 7}, ?2, ?2)`)
            .join(", ")}`,
        )
        .bind(orgs[1], now, ...part.flat()),
    )
    for (const batch of chunk(statements, 200)) await d1.batch(batch)
    const rawMs = performance.now() - t1

    const importRate = rows / (importMs / 1000)
    const rawRate = rows / (rawMs / 1000)
    const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`
    console.log(`import path : ${Math.round(importRate).toLocaleString("en-US")} rows/s  (${(importMs / 1000).toFixed(2)} s, ${result.changed.toLocaleString("en-US")} rows written, ${Math.ceil(rows / 2000)} D1 batches)`)
    console.log(`raw insert  : ${Math.round(rawRate).toLocaleString("en-US")} rows/s  (${(rawMs / 1000).toFixed(2)} s)`)
    console.log(`ratio       : import path runs at ${((importRate / rawRate) * 100).toFixed(0)}% of raw insert speed (raw is ${(rawRate / importRate).toFixed(2)}x faster)`)
    console.log(`peak memory : heap ${mb(peakHeap)} (+${mb(peakHeap - base.heapUsed)} over baseline), rss ${mb(peakRss)}`)
    await proxy.dispose()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
