// Runs the project's own wrangler with the Node that runs this script (Node 22 from node_modules/.bin under npm).
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"

export function wranglerBin(root) {
  const bin = join(root, "node_modules", "wrangler", "bin", "wrangler.js")
  if (!existsSync(bin)) throw new Error("wrangler is not installed: run `npm install` first")
  return bin
}

/** Runs `wrangler ...args` with inherited stdio, non-interactive (CI=true); resolves on exit 0, rejects otherwise. */
export function runWrangler(root, args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(root), ...args], {
      cwd: root,
      stdio: quiet ? ["ignore", "pipe", "inherit"] : ["ignore", "inherit", "inherit"],
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    })
    let out = ""
    child.stdout?.on("data", (d) => (out += d))
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} exited with ${code}\n${out}`)),
    )
  })
}

/** The value of `--persist-to DIR` or `--persist-to=DIR` in `args`, as arguments to forward, or []. */
export function persistArgs(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--persist-to" && args[i + 1]) return ["--persist-to", args[i + 1]]
    if (args[i].startsWith("--persist-to=")) return [args[i]]
  }
  return []
}
