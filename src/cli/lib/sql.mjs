// SQL text for the seed: literals, idempotent multi-row inserts, a seeded PRNG. No database access here.
import { createHash } from "node:crypto"

/** A SQL literal: NULL, numbers, 0/1 for booleans, JSON for objects, quoted text with '' escaping. */
export function q(value) {
  if (value === null || value === undefined) return "NULL"
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`seed: not a finite number: ${value}`)
    return String(value)
  }
  if (typeof value === "bigint") return value.toString()
  if (typeof value === "boolean") return value ? "1" : "0"
  if (typeof value === "object") return q(JSON.stringify(value))
  return `'${String(value).replaceAll("'", "''")}'`
}

// D1 limits one SQL statement to 100 KB; stay well under it.
const MAX_STATEMENT_CHARS = 60_000

/**
 * `INSERT OR IGNORE` statements for `rows` (objects with snake_case keys, all with the same keys), split so no
 * statement is too long. Values are inlined literals, so the 100-bound-parameter limit does not apply.
 */
export function insert(table, rows) {
  if (rows.length === 0) return []
  const columns = Object.keys(rows[0])
  for (const row of rows) {
    const keys = Object.keys(row)
    if (keys.length !== columns.length || keys.some((k, i) => k !== columns[i])) {
      throw new Error(`seed: rows for ${table} must share the same columns (${columns.join(", ")}), got (${keys.join(", ")})`)
    }
  }
  const head = `INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES\n`
  const statements = []
  let values = []
  let size = head.length
  for (const row of rows) {
    const tuple = `(${columns.map((c) => q(row[c])).join(", ")})`
    if (values.length > 0 && size + tuple.length + 2 > MAX_STATEMENT_CHARS) {
      statements.push(head + values.join(",\n") + ";")
      values = []
      size = head.length
    }
    values.push(tuple)
    size += tuple.length + 2
  }
  statements.push(head + values.join(",\n") + ";")
  return statements
}

/** mulberry32: a small, fast, seeded PRNG in [0, 1). The same seed gives the same sequence on every machine. */
export function seededRandom(seed) {
  let a = seed >>> 0
  return function rng() {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A 32-bit seed from a name, so each seed part has its own stream and adding a part changes no other. */
export function seedFromName(name) {
  return createHash("sha256").update(name).digest().readUInt32LE(0)
}

export function sha256Hex(text) {
  return createHash("sha256").update(text).digest("hex")
}

const DAY_MS = 86_400_000

export function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** An ISO instant on `date` at a working hour (UTC) chosen by `random` (an rng or a picker). */
export function at(date, random, fromHour = 13, toHour = 21) {
  const rng = typeof random === "function" ? random : random.rng
  const minutes = Math.floor(rng() * (toHour - fromHour) * 60)
  const hh = String(fromHour + Math.floor(minutes / 60)).padStart(2, "0")
  const mm = String(minutes % 60).padStart(2, "0")
  return `${date}T${hh}:${mm}:00.000Z`
}

/** Helpers over one rng. */
export function picker(rng) {
  return {
    rng,
    int: (min, max) => min + Math.floor(rng() * (max - min + 1)),
    pick: (items) => items[Math.floor(rng() * items.length)],
    chance: (p) => rng() < p,
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0)
      let r = rng() * total
      for (const [value, w] of pairs) {
        r -= w
        if (r < 0) return value
      }
      return pairs[pairs.length - 1][0]
    },
  }
}
