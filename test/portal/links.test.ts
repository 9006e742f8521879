// Payer link tokens: what verifies and what is refused, at the service level (the HTTP matrix is in portal-access).
import { env } from "cloudflare:workers"
import { SignJWT, UnsecuredJWT } from "jose"
import { describe, expect, it } from "vitest"
import { portalLinkFor, signPortalToken, statementUrl, verifyPortalToken } from "../../src/services/portal-links"
import { db } from "../helpers"

const now = new Date("2026-11-21T12:00:00Z")
const later = new Date("2026-12-21T12:00:00Z")
const claims = { linkId: "pl_test", orgId: "org_a", customerId: "cus_a", expiresAt: later }
const rotated = {
  ...env,
  PORTAL_SIGNING_KEY: "a-brand-new-signing-key-0123456789abcdef",
  PORTAL_SIGNING_KEY_ID: "k2",
  PORTAL_SIGNING_KEY_PREVIOUS: env.PORTAL_SIGNING_KEY,
  PORTAL_SIGNING_KEY_PREVIOUS_ID: env.PORTAL_SIGNING_KEY_ID,
}

function b64(json: unknown) {
  return btoa(JSON.stringify(json)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

async function sign(payload: Record<string, unknown>, opts: { key?: string; kid?: string; alg?: string } = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: opts.alg ?? "HS256", kid: opts.kid ?? env.PORTAL_SIGNING_KEY_ID })
    .sign(new TextEncoder().encode(opts.key ?? env.PORTAL_SIGNING_KEY))
}

const base = {
  iss: "http://localhost:8787",
  aud: "portal",
  sub: "cus_a",
  org: "org_a",
  jti: "pl_test",
  exp: Math.floor(later.getTime() / 1000),
}

describe("payer link tokens", () => {
  it("verifies a token it signed and returns the link, organisation and customer", async () => {
    const token = await signPortalToken(env, claims, now)
    const result = await verifyPortalToken(env, token, now)
    expect(result).toEqual({ ok: true, claims: { ...claims, expiresAt: new Date(Math.floor(later.getTime() / 1000) * 1000) } })
  })

  const refused: [string, () => Promise<string>, "invalid" | "expired"][] = [
    ["signed with another secret", () => sign(base, { key: "someone-elses-secret-0123456789abcdef" }), "invalid"],
    [
      "with an altered payload",
      async () => {
        const [h, , s] = (await signPortalToken(env, claims, now)).split(".")
        return `${h}.${b64({ ...base, sub: "cus_other" })}.${s}`
      },
      "invalid",
    ],
    ["with alg none", async () => new UnsecuredJWT(base).encode(), "invalid"],
    ["with alg none and the right kid", async () => `${b64({ alg: "none", kid: env.PORTAL_SIGNING_KEY_ID })}.${b64(base)}.`, "invalid"],
    ["with alg HS512", () => sign(base, { alg: "HS512" }), "invalid"],
    ["for another audience", () => sign({ ...base, aud: "api" }), "invalid"],
    ["from another issuer", () => sign({ ...base, iss: "https://evil.example" }), "invalid"],
    ["with an unknown key id", () => sign(base, { kid: "k9" }), "invalid"],
    ["without an organisation claim", () => sign({ ...base, org: undefined }), "invalid"],
    ["that is not a JWT", async () => "hello", "invalid"],
    ["after its expiry", () => sign({ ...base, exp: Math.floor(now.getTime() / 1000) - 60 }), "expired"],
  ]
  it.each(refused)("refuses a token %s", async (_name, make, reason) => {
    expect(await verifyPortalToken(env, await make(), now)).toEqual({ ok: false, reason })
  })

  it("keeps verifying tokens of the previous key during a rotation, and signs with the new key id", async () => {
    const old = await signPortalToken(env, claims, now)
    expect((await verifyPortalToken(rotated, old, now)).ok).toBe(true)
    const fresh = await signPortalToken(rotated, claims, now)
    expect(JSON.parse(atob(fresh.split(".")[0].replace(/-/g, "+").replace(/_/g, "/")))).toMatchObject({ alg: "HS256", kid: "k2" })
    expect((await verifyPortalToken(env, fresh, now)).ok).toBe(false)
  })

  it("portalLinkFor returns the row to batch and a URL whose jti is the row id", async () => {
    const link = await portalLinkFor(env, db(), { orgId: "org_a", customerId: "cus_a", createdBy: null, expiresInDays: 7 }, now)
    expect(link.url.startsWith("http://localhost:8787/p/")).toBe(true)
    expect(link.expiresAt).toBe("2026-11-28T12:00:00.000Z")
    const verified = await verifyPortalToken(env, link.url.split("/p/")[1], now)
    expect(verified.ok && verified.claims.linkId).toBe(link.id)
    expect(statementUrl(link.url)).toBe(`${link.url}?to=statement`)
  })
})
