// Prefixed random ids (`inv_3k9...`): readable in logs and URLs, unguessable across tenants.
const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

export function newId(prefix: string, length = 20): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let out = ""
  for (const b of bytes) out += alphabet[b % 36]
  return `${prefix}_${out}`
}

export function nowIso(now: Date = new Date()): string {
  return now.toISOString()
}
