// API keys: created with a role and shown once, stored as a fingerprint, revoked, and refused when wrong or revoked.
import { and, eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { apiKeys, auditLog } from "../../src/db/schema"
import { sha256Hex } from "../../src/services/crypto"
import { browse, call, db, makeOrg } from "../helpers"

const bearer = (key: string) => call("/api/v1/customers", { headers: { Authorization: `Bearer ${key}` } })

describe("API keys", () => {
  it("create -> works as Bearer -> revoke -> 401; the secret is shown once and only its prefix listed", async () => {
    const org = await makeOrg()
    const created = await browse(org, "controller", "/admin/api-keys", { form: { name: "ERP nightly export", role: "cfo" } })
    expect(created.status).toBe(201)
    const html = await created.text()
    const secret = html.match(/plx_live_[A-Za-z0-9_-]{20,}/)?.[0]
    expect(secret).toBeDefined()
    expect(html).toContain(`data-copy="${secret}"`)

    const row = (
      await db()
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.orgId, org.id), eq(apiKeys.name, "ERP nightly export")))
    )[0]!
    expect(row.keyHash).toBe(await sha256Hex(secret!))
    expect(row.role).toBe("cfo")
    expect(secret!.startsWith(row.prefix)).toBe(true)
    expect(row.prefix.length).toBeLessThan(secret!.length - 16)

    expect((await bearer(secret!)).status).toBe(200)
    const me = await call("/api/v1/invoices", { headers: { Authorization: `Bearer ${secret}` } })
    expect(me.status).toBe(200)

    const list = await (await browse(org, "controller", "/admin/api-keys")).text()
    expect(list).toContain(row.prefix)
    expect(list).not.toContain(secret!)
    expect(list).toContain("Active")

    const revoked = await browse(org, "controller", `/admin/api-keys/${row.id}/revoke`, { form: {} })
    expect(revoked.status).toBe(303)
    const refused = await bearer(secret!)
    expect(refused.status).toBe(401)
    expect((await refused.json()) as { error: { code: string } }).toMatchObject({ error: { code: "unauthorized" } })
    expect(await (await browse(org, "controller", "/admin/api-keys")).text()).toContain("Revoked")

    const actions = (
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id), eq(auditLog.subjectId, row.id)))
    ).map((a) => a.action)
    expect(actions.sort()).toEqual(["api_key.created", "api_key.revoked"])
  })

  it("a key acts with its role only", async () => {
    const org = await makeOrg()
    const keyFor = async (role: string) => {
      const html = await (await browse(org, "controller", "/admin/api-keys", { form: { name: `Import bot ${role}`, role } })).text()
      return html.match(/plx_live_[A-Za-z0-9_-]{20,}/)![0]
    }
    const csv = "external_id,name\nC-1,Acme Widgets\n"
    const importWith = (key: string) =>
      call("/api/v1/imports/customers", {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" },
        body: csv,
      })
    expect((await importWith(await keyFor("sales"))).status).toBe(403) // sales may read, not import
    expect((await importWith(await keyFor("billing_admin"))).status).toBe(200)
  })

  it.each([
    { form: { name: "", role: "cfo" }, message: "Name the key" },
    { form: { name: "Good name", role: "superuser" }, message: "Choose one of the roles" },
  ])("refuses a bad form ($form.name / $form.role) and creates nothing", async ({ form, message }) => {
    const org = await makeOrg()
    const before = (await db().select().from(apiKeys).where(eq(apiKeys.orgId, org.id))).length
    const res = await browse(org, "controller", "/admin/api-keys", { form })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(message)
    expect((await db().select().from(apiKeys).where(eq(apiKeys.orgId, org.id))).length).toBe(before)
  })

  it("another organisation's key is not found, and non-Controllers may not manage keys", async () => {
    const mine = await makeOrg()
    const theirs = await makeOrg()
    const [key] = await db()
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, theirs.id), eq(apiKeys.role, "operator")))
    expect((await browse(mine, "controller", `/admin/api-keys/${key!.id}/revoke`, { form: {} })).status).toBe(404)
    expect((await call("/api/v1/customers", { headers: { Authorization: `Bearer ${theirs.keys.operator}` } })).status).toBe(200)
    expect((await browse(mine, "ar_manager", "/admin/api-keys")).status).toBe(403)
    expect((await browse(mine, "cfo", "/admin/api-keys", { form: { name: "Sneaky", role: "controller" } })).status).toBe(403)
  })
})
