// Who gets into the portal: the link exchange, the session cookie, and every way a link can be refused.
import { env } from "cloudflare:workers"
import { SignJWT } from "jose"
import { describe, expect, it } from "vitest"
import { signPortalToken } from "../../src/services/portal-links"
import { addCustomer, addInvoice, api, makeOrg } from "../helpers"
import { makeLink, Payer } from "./portal-helpers"

async function setup() {
  const org = await makeOrg()
  const customerId = await addCustomer(org.id, { name: "Initech LLC" })
  await addInvoice(org.id, customerId, { invoiceNumber: "INV-1001", balanceMinor: 50_000, amountMinor: 50_000 })
  return { org, customerId }
}

const noData = async (res: Response) => {
  const html = await res.text()
  expect(html).not.toContain("Initech")
  expect(html).not.toContain("INV-1001")
  expect(res.headers.getSetCookie().some((c) => c.startsWith("plx_portal="))).toBe(false)
}

describe("opening a payer link", () => {
  it("exchanges the token for a path-scoped session cookie and redirects to a clean URL", async () => {
    const { org, customerId } = await setup()
    const link = await makeLink(org.id, customerId)
    const payer = new Payer()
    const res = await payer.open(link.url)
    expect(res.status).toBe(303)
    expect(res.headers.get("Location")).toBe("/p/home")
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer")
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("plx_portal="))!
    expect(cookie).toMatch(/Path=\/p/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const home = await payer.get("/p/home")
    expect(home.status).toBe(200)
    const html = await home.text()
    expect(html).toContain("INV-1001")
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"')
    expect(home.headers.get("X-Robots-Tag")).toContain("noindex")
    expect(home.headers.get("Referrer-Policy")).toBe("no-referrer")
    expect(html).not.toContain(link.token)
  })

  it("lands a statement link on the statement page", async () => {
    const { org, customerId } = await setup()
    const link = await makeLink(org.id, customerId)
    const res = await new Payer().open(`${link.url}?to=statement`)
    expect(res.headers.get("Location")).toBe("/p/statement")
  })

  const matrix: [
    string,
    (ctx: Awaited<ReturnType<typeof setup>> & { link: Awaited<ReturnType<typeof makeLink>> }) => Promise<string>,
    number,
  ][] = [
    [
      "forged with another secret",
      async ({ link }) => {
        const [, payload] = link.token.split(".")
        const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")))
        return new SignJWT(claims)
          .setProtectedHeader({ alg: "HS256", kid: "k1" })
          .sign(new TextEncoder().encode("not-the-portal-key-0123456789abcdef"))
      },
      401,
    ],
    ["altered by one character", async ({ link }) => link.token.slice(0, -2) + (link.token.endsWith("AA") ? "BB" : "AA"), 401],
    [
      "with alg none",
      async ({ link }) => `${btoa(JSON.stringify({ alg: "none", kid: "k1" })).replace(/=+$/, "")}.${link.token.split(".")[1]}.`,
      401,
    ],
    [
      "expired",
      async ({ org, customerId, link }) =>
        signPortalToken(
          env,
          { linkId: link.id, orgId: org.id, customerId, expiresAt: new Date(Date.now() - 1000) },
          new Date(Date.now() - 86_400_000),
        ),
      410,
    ],
    [
      "pointing at another organisation's link",
      async ({ customerId, link }) => {
        const other = await makeOrg()
        return signPortalToken(env, { linkId: link.id, orgId: other.id, customerId, expiresAt: new Date(Date.now() + 86_400_000) })
      },
      401,
    ],
    [
      "naming another customer than its link",
      async ({ org, link }) =>
        signPortalToken(env, {
          linkId: link.id,
          orgId: org.id,
          customerId: "cus_someone_else",
          expiresAt: new Date(Date.now() + 86_400_000),
        }),
      401,
    ],
    [
      "for a link that does not exist",
      async ({ org, customerId }) =>
        signPortalToken(env, { linkId: "pl_nonexistent", orgId: org.id, customerId, expiresAt: new Date(Date.now() + 86_400_000) }),
      401,
    ],
  ]
  it.each(matrix)("refuses a token %s with no data", async (_name, make, status) => {
    const ctx = await setup()
    const link = await makeLink(ctx.org.id, ctx.customerId)
    const res = await new Payer().get(`/p/${await make({ ...ctx, link })}`)
    expect(res.status).toBe(status)
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer")
    await noData(res)
  })

  it("answers the same for a non-existent customer as for a forged token (no hint)", async () => {
    const { org } = await setup()
    const a = await new Payer().get(
      `/p/${await signPortalToken(env, { linkId: "pl_x", orgId: org.id, customerId: "cus_nobody", expiresAt: new Date(Date.now() + 86_400_000) })}`,
    )
    const b = await new Payer().get("/p/eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
    expect(a.status).toBe(b.status)
    expect(await a.text()).toBe(await b.text())
  })

  it("revoking a link answers 410 at once, also for a payer already inside", async () => {
    const { org, customerId } = await setup()
    const created = await api(org, "operator", "/api/v1/portal-links", {
      method: "POST",
      json: { customer_id: customerId, expires_in_days: 14 },
    })
    expect(created.status).toBe(201)
    const link = (await created.json()) as { id: string; url: string; expires_at: string }
    expect(link.url).toMatch(/^http:\/\/localhost:8787\/p\//)
    const payer = new Payer()
    expect((await payer.open(link.url)).status).toBe(303)
    expect((await payer.get("/p/home")).status).toBe(200)
    const revoked = await api(org, "operator", `/api/v1/portal-links/${link.id}`, { method: "DELETE" })
    expect(revoked.status).toBe(200)
    const inside = await payer.get("/p/home")
    expect(inside.status).toBe(410)
    await noData(inside)
    const again = await new Payer().open(link.url)
    expect(again.status).toBe(410)
    expect(await again.text()).toContain("no longer active")
  })

  it("keeps another organisation out of a customer's links through the API (404)", async () => {
    const { customerId } = await setup()
    const other = await makeOrg()
    expect((await api(other, "operator", "/api/v1/portal-links", { method: "POST", json: { customer_id: customerId } })).status).toBe(404)
    expect((await api(other, "cfo", "/api/v1/portal-links", { method: "POST", json: { customer_id: customerId } })).status).toBe(403)
  })

  it("refuses portal pages without a session, or with an altered session cookie", async () => {
    const { org, customerId } = await setup()
    const payer = new Payer()
    expect((await payer.get("/p/home")).status).toBe(401)
    await payer.open((await makeLink(org.id, customerId)).url)
    const value = payer.cookies.get("plx_portal")!
    payer.cookies.set("plx_portal", value.replace(customerId, "cus_other_customer"))
    const res = await payer.get("/p/home")
    expect(res.status).toBe(401)
    await noData(res)
  })

  it("renders a customer name with HTML in it as text", async () => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id, { name: `<img src=x onerror=alert(1)><script>alert(2)</script>` })
    await addInvoice(org.id, customerId)
    const payer = new Payer()
    await payer.open((await makeLink(org.id, customerId)).url)
    const html = await (await payer.get("/p/home")).text()
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
    expect(html).not.toContain("<script>alert(2)")
  })
})
