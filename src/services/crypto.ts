// WebCrypto helpers: hashes and random tokens (sessions, sign-in links, API keys are stored as SHA-256 only), HMAC,
// and AES-GCM sealing of the connector credentials Plixo must be able to read back.

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
}

export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes))
  return btoa(String.fromCharCode(...raw))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")
}

export { hmacHex } from "../domain/hmac"

/** Constant-time comparison of two strings of hex or base64url. */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")
const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0))

/** AES-256-GCM key from a deployment secret (at least 32 characters): SHA-256 of the secret's bytes. */
async function sealingKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret || secret.length < 32)
    throw new Error("CONNECTOR_ENCRYPTION_KEY is not set (at least 32 characters): connector credentials cannot be stored")
  const raw = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret))
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
}

/**
 * Encrypts a value for storage at rest: `v1.<iv>.<ciphertext+tag>` (base64url). `context` (e.g. the connector id) is
 * authenticated data, so a sealed value copied onto another row does not open there.
 */
export async function seal(secret: string | undefined, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await sealingKey(secret),
    new TextEncoder().encode(plaintext),
  )
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(ct))}`
}

/** Opens a value sealed with `seal` under the same secret and context; throws when it was tampered with. */
export async function unseal(secret: string | undefined, sealed: string, context: string): Promise<string> {
  const [version, iv, ct] = sealed.split(".")
  if (version !== "v1" || !iv || !ct) throw new Error("sealed value has an unknown format")
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromB64url(iv), additionalData: new TextEncoder().encode(context) },
    await sealingKey(secret),
    fromB64url(ct),
  )
  return new TextDecoder().decode(pt)
}
