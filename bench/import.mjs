// `npm run bench -- import [rows]`: a 100,000-row invoice CSV through the real import path (POST /api/v1/imports/invoices
// on `wrangler dev`: parse, map, validate, 2,000-row D1 batches with the import record and audit) against a raw batched
// INSERT of the same rows into the same local D1 (`wrangler d1 execute --file`). Prints rows/s, the ratio, peak memory.
import { execFileSync, spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const wrangler = join(root, "node_modules/.bin/wrangler")
const CUSTOMERS = 2_000
const KEY = "plx_bench_controller_key"

const sqlText = (v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`)
const values = (rows) => rows.map((r) => `(${r.map(sqlText).join(", ")})`).join(",\n")

function invoiceRows(count) {
  const rows = []
  for (let i = 1; i <= count; i++) {
    const amount = 10_000 + ((i * 7919) % 990_000)
    const balance = i % 5 === 0 ? 0 : amount - ((i * 31) % amount)
    const month = 1 + (i % 10)
    const day = String(1 + (i % 28)).padStart(2, "0")
    rows.push({
      number: `BENCH-${String(i).padStart(6, "0")}`,
      customer: 1 + (i % CUSTOMERS),
      amount,
      balance,
      issue: `2026-${String(month).padStart(2, "0")}-${day}`,
      due: `2026-${String(month + 1).padStart(2, "0")}-${day}`,
    })
  }
  return rows
}

function csvOf(rows) {
  const money = (m) => (m / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return (
    [
      "Invoice No,Customer ID,Currency,Amount,Amount Due,Invoice Date,Due Date",
      ...rows.map(
        (r) =>
          `${r.number},C-${String(r.customer).padStart(5, "0")},USD,"${money(r.amount)}",${(r.balance / 100).toFixed(2)},${r.issue},${r.due}`,
      ),
    ].join("\r\n") + "\r\n"
  )
}

const exec = (args, persist) => execFileSync(wrangler, [...args, "--local", "--persist-to", persist], { cwd: root, stdio: "ignore" })
const rssOf = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024
  } catch {
    return 0
  }
}
/** Every process started under `pid` (wrangler dev -> esbuild, workerd). */
function descendants(pid) {
  let kids = []
  try {
    kids = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
  return kids.flatMap((k) => [k, ...descendants(k)])
}
const isWorkerd = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd")
  } catch {
    return false
  }
}

export default async function importBench(args = []) {
  const count = Number(args[0] ?? 100_000)
  const port = 8879
  const dir = mkdtempSync(join(tmpdir(), "plixo-bench-"))
  const persist = join(dir, "state")
  let dev = null
  try {
    exec(["d1", "migrations", "apply", "DB"], persist)
    const now = new Date().toISOString()
    const setup = []
    for (const org of ["org_bench_api", "org_bench_raw"]) {
      setup.push(
        `INSERT INTO organisations (id, name, plan_tier, time_zone, created_at) VALUES ('${org}', '${org}', 'growth', 'UTC', '${now}');`,
      )
      const cs = Array.from({ length: CUSTOMERS }, (_, i) => [
        `cus_${org}_${i + 1}`,
        org,
        `C-${String(i + 1).padStart(5, "0")}`,
        `Customer ${i + 1}`,
        now,
        now,
      ])
      for (let i = 0; i < cs.length; i += 500)
        setup.push(`INSERT INTO customers (id, org_id, external_id, name, created_at, updated_at) VALUES ${values(cs.slice(i, i + 500))};`)
    }
    const hash = createHash("sha256").update(KEY).digest("hex")
    setup.push(
      `INSERT INTO api_keys (id, org_id, name, prefix, key_hash, role, created_at) VALUES ('key_bench', 'org_bench_api', 'bench', 'plx_bench_co', '${hash}', 'controller', '${now}');`,
    )
    writeFileSync(join(dir, "setup.sql"), setup.join("\n"))
    exec(["d1", "execute", "DB", "--yes", "--file", join(dir, "setup.sql")], persist)

    const rows = invoiceRows(count)
    const csv = csvOf(rows)
    console.log(
      `file: ${count.toLocaleString("en-US")} invoice rows, ${(csv.length / 1024 / 1024).toFixed(1)} MB (ERP headers, thousands separators)`,
    )

    dev = spawn(wrangler, ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persist, "--var", "APP_ENV:bench"], {
      cwd: root,
      stdio: "ignore",
      detached: true,
    })
    const base = `http://127.0.0.1:${port}`
    for (let i = 0; i < 120; i++) {
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
      await new Promise((r) => setTimeout(r, 500))
    }
    const pids = descendants(dev.pid).filter(isWorkerd)
    const baseline = pids.reduce((n, p) => n + rssOf(p), 0)
    let peak = baseline
    const sampler = setInterval(
      () =>
        (peak = Math.max(
          peak,
          pids.reduce((n, p) => n + rssOf(p), 0),
        )),
      50,
    )
    const t0 = performance.now()
    const res = await fetch(`${base}/api/v1/imports/invoices`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "text/csv" },
      body: csv,
    })
    const summary = await res.json()
    const importMs = performance.now() - t0
    clearInterval(sampler)
    if (res.status !== 200 || summary.rows_imported !== count)
      throw new Error(`import did not land every row: ${res.status} ${JSON.stringify(summary).slice(0, 300)}`)
    process.kill(-dev.pid, "SIGTERM")
    dev = null
    await new Promise((r) => setTimeout(r, 1500))

    // Raw: the same (already clean) rows as plain multi-row INSERTs, 500 rows per statement, one file.
    const raw = rows.map((r, i) => [
      `inv_raw_${i}`,
      "org_bench_raw",
      `cus_org_bench_raw_${r.customer}`,
      r.number,
      "USD",
      r.amount,
      r.balance,
      r.issue,
      r.due,
      now,
      now,
    ])
    const statements = []
    for (let i = 0; i < raw.length; i += 500)
      statements.push(
        `INSERT INTO invoices (id, org_id, customer_id, invoice_number, currency, amount_minor, balance_minor, issue_date, due_date, created_at, updated_at) VALUES ${values(raw.slice(i, i + 500))};`,
      )
    writeFileSync(join(dir, "raw.sql"), statements.join("\n"))
    // wrangler d1 execute's wall time minus its own start-up (the faster of two no-op runs around it).
    writeFileSync(join(dir, "noop.sql"), "SELECT 1;")
    const timed = (file) => {
      const t = performance.now()
      exec(["d1", "execute", "DB", "--yes", "--file", join(dir, file)], persist)
      return performance.now() - t
    }
    const cliA = timed("noop.sql")
    const rawWall = timed("raw.sql")
    const cliMs = Math.min(cliA, timed("noop.sql"))
    const rawMs = Math.max(1, rawWall - cliMs)
    const landed = execFileSync(
      wrangler,
      [
        "d1",
        "execute",
        "DB",
        "--json",
        "--command",
        "SELECT count(*) AS n FROM invoices WHERE org_id = 'org_bench_raw'",
        "--local",
        "--persist-to",
        persist,
      ],
      { cwd: root, encoding: "utf8" },
    )
    if (!landed.includes(`"n": ${count}`)) throw new Error(`raw insert did not land every row: ${landed}`)
    const importRate = count / (importMs / 1000)
    const rawRate = count / (rawMs / 1000)
    const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`
    console.log(
      `import path : ${Math.round(importRate).toLocaleString("en-US")} rows/s  (${(importMs / 1000).toFixed(2)} s for the API call, ${summary.rows_changed.toLocaleString("en-US")} rows written in ${Math.ceil(count / 2000)} D1 batches)`,
    )
    console.log(
      `raw insert  : ${Math.round(rawRate).toLocaleString("en-US")} rows/s  (${(rawMs / 1000).toFixed(2)} s: ${(rawWall / 1000).toFixed(1)} s wall minus ${(cliMs / 1000).toFixed(1)} s wrangler start-up; ${statements.length} statements of 500 rows)`,
    )
    console.log(
      `ratio       : the import path runs at ${((importRate / rawRate) * 100).toFixed(0)}% of raw insert speed (raw is ${(rawRate / importRate).toFixed(2)}x faster)`,
    )
    console.log(
      `peak memory : workerd RSS ${mb(peak)} during the import (${mb(baseline)} idle, +${mb(peak - baseline)}); Workers allow 128 MB of isolate memory`,
    )
  } finally {
    if (dev) process.kill(-dev.pid, "SIGTERM")
    rmSync(dir, { recursive: true, force: true })
  }
}
