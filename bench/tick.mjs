// `npm run bench -- tick [sizes...]` (default 100000): per portfolio size, one organisation's Autopilot ticks through the
// real Worker (wrangler dev, local D1, TenantDO): the first tick drafting everything against a raw insert of the same
// outreach rows, a tick with nothing due, and a tick with the same 1,000 invoices due at every size. Prints ratios.
import { execSync, spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { request } from "node:http"
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

/** POST through node:http: the first tick of a large portfolio can take longer than fetch's 300 s header timeout. */
function post(port, path) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const req = request(
      { host: "127.0.0.1", port, path, method: "POST", headers: { Authorization: `Bearer ${KEY}` }, timeout: 0 },
      (res) => {
        let text = ""
        res.on("data", (d) => (text += d))
        res.on("end", () => {
          const wall = performance.now() - t0
          try {
            const body = JSON.parse(text)
            if (res.statusCode !== 200) reject(new Error(`tick answered ${res.statusCode}: ${text.slice(0, 300)}`))
            else resolve({ ...body, wall })
          } catch {
            reject(new Error(`tick answered ${res.statusCode}: ${text.slice(0, 300)}`))
          }
        })
      },
    )
    req.on("error", reject)
    req.end()
  })
}

/** One SQL command against the local D1 (outside the Worker): its SQLite time and rows. */
async function d1(persist, command) {
  const out = await runWrangler(root, ["d1", "execute", "DB", "--local", "--persist-to", persist, "--json", "--command", command], {
    quiet: true,
  })
  const parsed = JSON.parse(out)
  return { sqlMs: parsed[0].meta.duration, results: parsed[0].results }
}

const fmt = (n) => n.toLocaleString("en-US")
const sameDue = 1000

async function one(count) {
  const port = await freePort()
  const persist = `/tmp/plixo-bench-tick-${count}`
  rmSync(persist, { recursive: true, force: true })
  const today = new Date().toISOString().slice(0, 10)
  console.log(`\n-- ${fmt(count)} open invoices (1,000 customers), seeded into ${persist} ...`)
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
  const scans = []
  for (let i = 0; i < 3; i++) scans.push((await d1(persist, `SELECT count(*) AS n, max(id) AS last FROM (${scanSql})`)).sqlMs)
  const scanMs = Math.min(...scans)

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
    const first = await post(port, "/api/v1/autopilot/tick")
    console.log(
      `first tick: ${fmt(first.invoices_seen)} seen, ${fmt(first.drafted)} drafted, wall ${first.wall.toFixed(0)} ms / ${first.ms} ms inside the TenantDO, ${first.queries} D1 round trips (1 per ${(first.invoices_seen / Math.max(1, first.queries)).toFixed(0)} invoices)`,
    )
    // The raw insert: the same outreach rows once more (another organisation), one INSERT ... SELECT in SQLite.
    await d1(persist, `INSERT OR IGNORE INTO organisations (id, name, created_at) VALUES ('org_bench_raw', 'Raw', '${today}')`)
    const raw = await d1(
      persist,
      `INSERT INTO outreach (id, org_id, invoice_id, customer_id, contact_id, segment_id, cadence_version_id, step_position, kind, dedupe_key, status, reason, to_email, subject, body_text, scheduled_for, tick_key, created_at, updated_at)
       SELECT 'raw' || id, 'org_bench_raw', invoice_id, customer_id, contact_id, segment_id, cadence_version_id, step_position, kind, 'raw' || dedupe_key, status, reason, to_email, subject, body_text, scheduled_for, tick_key, created_at, updated_at
       FROM outreach WHERE org_id = '${ORG}'`,
    )
    console.log(
      `raw insert of the same ${fmt(first.drafted)} outreach rows: ${raw.sqlMs.toFixed(1)} ms in SQLite; bare indexed scan: ${scanMs.toFixed(1)} ms`,
    )
    const idle = await post(port, "/api/v1/autopilot/tick")
    console.log(
      `nothing due: ${idle.ms} ms inside the TenantDO (wall ${idle.wall.toFixed(0)} ms), ${idle.queries} D1 round trips, ${idle.due} looked at`,
    )
    // The same work at every size: a writer touches 1,000 invoices; the next tick's watermark reconcile finds them.
    await d1(
      persist,
      `UPDATE invoices SET updated_at = '${new Date().toISOString()}' WHERE id IN (SELECT id FROM invoices WHERE org_id = '${ORG}' ORDER BY id LIMIT ${sameDue})`,
    )
    const due = await post(port, "/api/v1/autopilot/tick")
    console.log(
      `${fmt(sameDue)} due: ${due.ms} ms inside the TenantDO (wall ${due.wall.toFixed(0)} ms), ${due.queries} D1 round trips, ${due.due} looked at`,
    )
    return { count, first, rawMs: raw.sqlMs, scanMs, idle, due }
  } finally {
    // wrangler starts workerd as a child: end the whole process group, or a stale server keeps the port.
    try {
      process.kill(-dev.pid, "SIGTERM")
    } catch {}
  }
}

export default async function tick(args) {
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number)
  const runs = []
  for (const n of sizes.length ? sizes : [100_000]) runs.push(await one(n))
  console.log("\n-- figures (targets from issue 11)")
  for (const r of runs) {
    console.log(
      `${fmt(r.count).padStart(8)}: first tick ${(r.first.ms / Math.max(r.rawMs, 0.001)).toFixed(1)}x the raw insert (<= 3x), ` +
        `${(r.first.invoices_seen / Math.max(1, r.first.queries)).toFixed(0)} invoices per D1 round trip (>= 500); ` +
        `nothing due ${r.idle.ms} ms (<= 50) and ${r.idle.queries} round trips (<= 2); ${fmt(sameDue)} due ${r.due.ms} ms`,
    )
  }
  if (runs.length > 1) {
    const [small, ...rest] = runs
    for (const r of rest)
      console.log(
        `same due work, ${fmt(r.count)} vs ${fmt(small.count)} invoices: ${(r.due.ms / Math.max(1, small.due.ms)).toFixed(2)}x the tick time (portfolio ${(r.count / small.count).toFixed(0)}x)`,
      )
  }
}
