// `npm run bench -- portal [seconds] [connections]`: starts wrangler dev on a fresh seeded local D1 and measures,
// with autocannon, the payer portal's invoice page (/p/home, session cookie, one D1 batch through a D1 session)
// against a baseline route doing one D1 query (/bench/baseline). Prints rps and p99 of both and the ratio (goal >= 0.8).
import { execFileSync, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const port = Number(process.env.BENCH_PORT ?? 8796)
const base = `http://127.0.0.1:${port}`

async function waitFor(url, ms = 60_000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`wrangler dev did not answer ${url} within ${ms / 1000}s`)
}

function run(title, url, headers, duration, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ title, url, headers, duration, connections, pipelining: 1 }, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

export default async function portalBench(args = []) {
  const duration = Number(args[0] ?? 10)
  const connections = Number(args[1] ?? 10)
  const state = mkdtempSync(join(tmpdir(), "plixo-bench-portal-"))
  const wrangler = join(root, "node_modules/.bin/wrangler")
  execFileSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { cwd: root, stdio: "ignore" })
  execFileSync(process.execPath, [join(root, "src/cli/seed.mjs"), "--persist-to", state], { cwd: root, stdio: "ignore" })
  const dev = spawn(
    wrangler,
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", state, "--var", `APP_URL:${base}`, "--var", "PLIXO_BENCH:1"],
    { cwd: root, stdio: "ignore", detached: true },
  )
  try {
    await waitFor(`${base}/healthz`)
    const created = await fetch(`${base}/api/v1/portal-links`, {
      method: "POST",
      headers: { Authorization: "Bearer plx_dev_operator", "Content-Type": "application/json" },
      body: JSON.stringify({ customer_id: "cus_acme_0001" }),
    })
    if (created.status !== 201) throw new Error(`could not create a payer link: ${created.status} ${await created.text()}`)
    const { url } = await created.json()
    const opened = await fetch(url, { redirect: "manual" })
    const cookie = opened.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ")
    const check = await fetch(`${base}/p/home`, { headers: { Cookie: cookie } })
    if (check.status !== 200) throw new Error(`portal page answered ${check.status}`)
    const bytes = (await check.text()).length
    // Warm both routes, then measure each with the same tool and settings.
    await run("warm", `${base}/bench/baseline`, {}, 2, connections)
    await run("warm", `${base}/p/home`, { Cookie: cookie }, 2, connections)
    const baseline = await run("baseline", `${base}/bench/baseline`, {}, duration, connections)
    const portal = await run("portal", `${base}/p/home`, { Cookie: cookie }, duration, connections)
    const row = (name, r) =>
      `${name.padEnd(26)} ${String(Math.round(r.requests.average)).padStart(8)} rps   p99 ${String(r.latency.p99).padStart(5)} ms   non-2xx ${r.non2xx}`
    console.log(`autocannon, ${connections} connections, ${duration}s each, wrangler dev (local D1)`)
    console.log(row("baseline (1 D1 query)", baseline))
    console.log(row(`portal /p/home (${Math.round(bytes / 1024)} KB)`, portal))
    console.log(`ratio portal/baseline: ${(portal.requests.average / baseline.requests.average).toFixed(2)}x (goal >= 0.80)`)
  } finally {
    try {
      process.kill(-dev.pid)
    } catch {}
    rmSync(state, { recursive: true, force: true })
  }
}
