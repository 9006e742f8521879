// `npm run bench -- tick`: 100,000 open invoices in one organisation; one Autopilot tick through the real Worker
// (wrangler dev, local D1, TenantDO) against a bare indexed scan of the same rows. Prints wall time and query counts.
import { execSync, spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { createServer } from "node:net"
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { q } from "../src/cli/lib/sql.mjs"
import { runWrangler, wranglerBin } from "../src/cli/lib/wrangler.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const ORG = "org_bench_tick"
const KEY = "plx_bench_controller"

function rowsSql(table, columns, rows) {
  const out = []
  for (let i = 0; i < rows.length; i += 400) {
    out.push(
      `INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES\n${rows
        .slice(i, i + 400)
        .map((r) => `(${r.map(q).join(", ")})`)
        .join(",\n")};`,
    )
  }
  return out
}

function seedSql(invoiceCount, today) {
  const now = new Date().toISOString()
  const customers = 1000
  const stmts = [
    `INSERT OR IGNORE INTO organisations (id, name, plan_tier, time_zone, country, base_currency, created_at) VALUES (${q(ORG)}, 'Bench Org', 'enterprise', 'UTC', 'ZZ', 'USD', ${q(now)});`,
    `INSERT OR IGNORE INTO api_keys (id, org_id, name, prefix, key_hash, role, created_at) VALUES ('key_bench', ${q(ORG)}, 'bench', 'plx_bench', ${q(createHash("sha256").update(KEY).digest("hex"))}, 'controller', ${q(now)});`,
    `INSERT OR IGNORE INTO cadences (id, org_id, name, tone, live_version, archived, created_at) VALUES ('cad_bench', ${q(ORG)}, 'Bench', 'neutral', 1, 0, ${q(now)});`,
    `INSERT OR IGNORE INTO cadence_versions (id, org_id, cadence_id, version, status, quiet_hours, business_days_only, max_touches_per_contact_week, escalate_after_days, created_at, published_at) VALUES ('cv_bench', ${q(ORG)}, 'cad_bench', 1, 'published', '{"start":"00:00","end":"00:00"}', 0, 100, 21, ${q(now)}, ${q(now)});`,
    ...[1, 7, 14].map(
      (off, i) =>
        `INSERT OR IGNORE INTO cadence_steps (id, org_id, version_id, position, offset_days, channel, subject, body) VALUES ('cs_bench_${i}', ${q(ORG)}, 'cv_bench', ${i + 1}, ${off}, 'email', 'Invoice {invoice_number}', 'Please pay {invoice_balance}: {pay_link}');`,
    ),
    `INSERT OR IGNORE INTO segments (id, org_id, name, priority, filters, cadence_id, cadence_version, mode, status, created_at, updated_at) VALUES ('seg_bench', ${q(ORG)}, 'Everything', 10, '{}', 'cad_bench', 1, 'shadow', 'active', ${q(now)}, ${q(now)});`,
  ]
  const cus = []
  const con = []
  for (let i = 0; i < customers; i++) {
    const id = `cus_bench_${String(i).padStart(5, "0")}`
    cus.push([id, ORG, `B-${i}`, `Bench Customer ${i}`, "USD", now, now])
    con.push([`con_bench_${i}`, ORG, id, "Accounts Payable", `ap${i}@bench.example`, 1, now])
  }
  stmts.push(...rowsSql("customers", ["id", "org_id", "external_id", "name", "currency", "created_at", "updated_at"], cus))
  stmts.push(...rowsSql("contacts", ["id", "org_id", "customer_id", "name", "email", "is_primary", "created_at"], con))
  const inv = []
  const base = Date.parse(`${today}T00:00:00Z`)
  for (let i = 0; i < invoiceCount; i++) {
    const due = new Date(base - ((i % 60) + 2) * 86_400_000).toISOString().slice(0, 10)
    inv.push([
      `inv_bench_${String(i).padStart(6, "0")}`,
      ORG,
      `cus_bench_${String(i % customers).padStart(5, "0")}`,
      `BN-${i}`,
      "USD",
      100_000,
      100_000,
      due,
      due,
      "open",
      0,
      "api",
      now,
      now,
    ])
  }
  stmts.push(
    ...rowsSql(
      "invoices",
      [
        "id",
        "org_id",
        "customer_id",
        "invoice_number",
        "currency",
        "amount_minor",
        "balance_minor",
        "issue_date",
        "due_date",
        "status",
        "disputed",
        "source",
        "created_at",
        "updated_at",
      ],
      inv,
    ),
  )
  return stmts
}

/** A port nobody listens on: a leftover server from an earlier run must not answer for this one. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function waitFor(url, ms) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`wrangler dev did not answer at ${url}`)
}

export default async function tick(args) {
  const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000)
  const port = await freePort()
  const persist = "/tmp/plixo-bench-tick"
  rmSync(persist, { recursive: true, force: true })
  const today = new Date().toISOString().slice(0, 10)
  console.log(`seeding ${count.toLocaleString("en-US")} open invoices (1,000 customers) into ${persist} ...`)
  await runWrangler(root, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { quiet: true })
  const stmts = seedSql(count, today)
  const dir = join(root, ".wrangler", "bench")
  mkdirSync(dir, { recursive: true })
  for (let i = 0, part = 0; i < stmts.length; i += 60, part++) {
    const file = join(dir, `tick-seed-${part}.sql`)
    writeFileSync(file, stmts.slice(i, i + 60).join("\n") + "\n")
    await runWrangler(root, ["d1", "execute", "DB", "--local", "--persist-to", persist, "--file", file], { quiet: true })
  }
  const scanSql = `SELECT i.id, i.due_date, i.balance_minor FROM invoices i WHERE i.org_id = '${ORG}' AND i.status = 'open' ORDER BY i.due_date, i.id`
  const scanRuns = []
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    const out = await runWrangler(
      root,
      [
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        persist,
        "--json",
        "--command",
        `SELECT count(*) AS n, max(id) AS last FROM (${scanSql})`,
      ],
      { quiet: true },
    )
    const parsed = JSON.parse(out)
    scanRuns.push({ sqlMs: parsed[0].meta.duration, n: parsed[0].results[0].n, wallMs: performance.now() - t0 })
  }
  const scan = scanRuns.sort((a, b) => a.sqlMs - b.sqlMs)[0]

  // wrangler dev reloads on every source change in the shared tree: run the committed code from a frozen copy.
  const snapshot = "/tmp/plixo-bench-tick-src"
  rmSync(snapshot, { recursive: true, force: true })
  mkdirSync(snapshot, { recursive: true })
  execSync(`git archive HEAD | tar -x -C ${snapshot}`, { cwd: root })
  symlinkSync(join(root, "node_modules"), join(snapshot, "node_modules"))
  const dev = spawn(
    process.execPath,
    [wranglerBin(root), "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--var", "APP_ENV:bench"],
    {
      cwd: snapshot,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    },
  )
  let log = ""
  dev.stdout.on("data", (d) => (log += d))
  dev.stderr.on("data", (d) => (log += d))
  try {
    await waitFor(`http://127.0.0.1:${port}/healthz`, 120_000).catch((err) => {
      throw new Error(`${err.message}\n${log.slice(-1500)}`)
    })
    const t0 = performance.now()
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/autopilot/tick`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}` },
    })
    const wall = performance.now() - t0
    const text = await res.text()
    let body
    try {
      body = JSON.parse(text)
    } catch {
      throw new Error(`tick answered ${res.status}: ${text.slice(0, 300)}`)
    }
    if (!res.ok) throw new Error(`tick failed: ${res.status} ${JSON.stringify(body)}\n${log.slice(-2000)}`)
    console.log(
      `tick: ${body.invoices_seen.toLocaleString("en-US")} invoices seen, ${body.drafted.toLocaleString("en-US")} drafted, ${body.queued} queued, skipped ${JSON.stringify(body.skipped)}`,
    )
    console.log(
      `tick: wall ${wall.toFixed(0)} ms (client) / ${body.ms} ms (inside the TenantDO), ${body.queries} D1 round trips (${(body.queries / Math.max(1, body.invoices_seen / 1000)).toFixed(1)} per 1,000 invoices)`,
    )
    console.log(
      `bare indexed scan of the same ${scan.n.toLocaleString("en-US")} rows: ${scan.sqlMs.toFixed(1)} ms in SQLite (${scan.wallMs.toFixed(0)} ms with the wrangler process), 1 query`,
    )
    console.log(`ratio tick / bare scan (SQLite time): ${(body.ms / Math.max(scan.sqlMs, 0.001)).toFixed(1)}x`)
    const t1 = performance.now()
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/autopilot/tick`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}` },
    }).then((r) => r.json())
    console.log(
      `second tick (everything already drafted): ${(performance.now() - t1).toFixed(0)} ms, ${again.queries} round trips, ${again.drafted} new drafts`,
    )
  } finally {
    // wrangler starts workerd as a child: end the whole process group, or a stale server keeps the port.
    try {
      process.kill(-dev.pid, "SIGTERM")
    } catch {}
  }
}
