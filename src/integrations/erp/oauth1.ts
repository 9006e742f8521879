// OAuth 1.0a request signing (RFC 5849) with HMAC-SHA256, as NetSuite token-based authentication (TBA) requires:
// the signature base string of method, URL and sorted parameters, keyed by consumer secret & token secret.
import { hmacBase64 } from "../../domain/hmac"

export type TbaCredentials = { accountId: string; consumerKey: string; consumerSecret: string; tokenId: string; tokenSecret: string }

/** RFC 3986 percent-encoding (encodeURIComponent leaves !'()* alone; OAuth does not). */
export const pct = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)

/** NetSuite's realm is the account id in upper case with `_` (sandbox `123456_SB1`). */
export const realmOf = (accountId: string) => accountId.toUpperCase().replace(/-/g, "_")

export function signatureBaseString(method: string, url: string, oauthParams: Record<string, string>): string {
  const u = new URL(url, "http://fake.invalid")
  const params: [string, string][] = [...Object.entries(oauthParams), ...u.searchParams.entries()].map(([k, v]) => [pct(k), pct(v)])
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  const base = url.startsWith("/") ? u.pathname : `${u.protocol}//${u.host}${u.pathname}`
  return [method.toUpperCase(), pct(base), pct(params.map(([k, v]) => `${k}=${v}`).join("&"))].join("&")
}

export async function oauthSignature(
  method: string,
  url: string,
  oauthParams: Record<string, string>,
  consumerSecret: string,
  tokenSecret: string,
) {
  return hmacBase64(`${pct(consumerSecret)}&${pct(tokenSecret)}`, signatureBaseString(method, url, oauthParams))
}

/** The `Authorization: OAuth realm="...", ...` header for one request. */
export async function tbaHeader(
  c: TbaCredentials,
  method: string,
  url: string,
  now = new Date(),
  nonce = crypto.randomUUID().replace(/-/g, ""),
): Promise<string> {
  const params: Record<string, string> = {
    oauth_consumer_key: c.consumerKey,
    oauth_token: c.tokenId,
    oauth_signature_method: "HMAC-SHA256",
    oauth_timestamp: String(Math.floor(now.getTime() / 1000)),
    oauth_nonce: nonce,
    oauth_version: "1.0",
  }
  const signature = await oauthSignature(method, url, params, c.consumerSecret, c.tokenSecret)
  const parts = [
    `realm="${realmOf(c.accountId)}"`,
    ...Object.entries({ ...params, oauth_signature: signature }).map(([k, v]) => `${k}="${pct(v)}"`),
  ]
  return `OAuth ${parts.join(", ")}`
}

/** Reads an OAuth header back into its parameters (the fake verifies signatures with it). */
export function parseOAuthHeader(header: string | null): Record<string, string> | null {
  if (!header?.startsWith("OAuth ")) return null
  const out: Record<string, string> = {}
  for (const m of header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)) out[m[1]!] = decodeURIComponent(m[2]!)
  return out
}
