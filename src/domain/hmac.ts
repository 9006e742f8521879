// The one HMAC-SHA256 helper (portal sessions, OAuth state, webhook signatures, OAuth 1.0a for NetSuite).
// Imported keys are cached by secret: importKey costs as much as the MAC itself. The cache holds only keys derived
// from configuration, never request data.

const keys = new Map<string, Promise<CryptoKey>>()

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
    keys.set(secret, key)
  }
  return key
}

async function mac(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await keyFor(secret), new TextEncoder().encode(message)))
}

/** HMAC-SHA256 of `message` under `secret`, lower-case hex. */
export async function hmacHex(secret: string, message: string): Promise<string> {
  return [...(await mac(secret, message))].map((b) => b.toString(16).padStart(2, "0")).join("")
}

/** HMAC-SHA256 of `message` under `secret`, standard base64 (OAuth 1.0a signatures). */
export async function hmacBase64(secret: string, message: string): Promise<string> {
  return btoa(String.fromCharCode(...(await mac(secret, message))))
}
