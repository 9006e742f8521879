// NetSuite: token-based authentication (OAuth 1.0a, HMAC-SHA256) checked before credentials are kept, SuiteQL paged
// by limit/offset while `hasMore`, and the same importer as CSV.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { connectors, customers, invoices, payments } from "../../src/db/schema"
import { NETSUITE_DEMO } from "../../src/integrations/erp/fake/netsuite"
import { suiteqlAll, netsuiteQueries, type NsCustomer } from "../../src/integrations/erp/netsuite"
import { parseOAuthHeader } from "../../src/integrations/erp/oauth1"
import { connectNetsuite } from "../../src/services/erp-connect"
import { syncErpConnector } from "../../src/services/erp-sync"
import { browse, db, makeOrg, type TestOrg } from "../helpers"
import { connectorRow, recordingFetcher } from "./erp-helpers"

let org: TestOrg
beforeEach(async () => {
  org = await makeOrg()
})
const form = {
  account_id: NETSUITE_DEMO.accountId,
  consumer_key: NETSUITE_DEMO.consumerKey,
  consumer_secret: NETSUITE_DEMO.consumerSecret,
  token_id: NETSUITE_DEMO.tokenId,
  token_secret: NETSUITE_DEMO.tokenSecret,
  expires_on: "",
}

describe("Connect NetSuite", () => {
  it("checks the credentials with NetSuite, then stores them sealed and the connector active", async () => {
    const res = await browse(org, "controller", "/admin/connectors/netsuite/connect", { form })
    expect(res.status).toBe(303)
    const c = await connectorRow(org.id, "netsuite")
    expect(c).toMatchObject({ status: "active", accountId: "TSTDRV1234567" })
    expect(c.secret).not.toContain(NETSUITE_DEMO.tokenSecret)
    expect(await (await browse(org, "controller", "/admin/connectors")).text()).not.toContain(NETSUITE_DEMO.tokenSecret)
  })

  it("a wrong token secret is refused by NetSuite's signature check and nothing is saved", async () => {
    const res = await browse(org, "controller", "/admin/connectors/netsuite/connect", {
      form: { ...form, token_secret: "wrong-secret-value" },
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain("NetSuite did not accept these credentials")
    expect(await db().select().from(connectors).where(eq(connectors.orgId, org.id))).toEqual([])
  })

  it.each([
    ["account_id", "acc ount", "Account ID"],
    ["consumer_key", "", "Consumer key"],
    ["expires_on", "31/12/2027", "Expires on"],
    ["expires_on", "2020-01-01", "Expires on must be a real date after today"],
  ])("names the field at fault: %s = %j", async (field, value, message) => {
    const res = await browse(org, "controller", "/admin/connectors/netsuite/connect", { form: { ...form, [field]: value } })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(message)
    expect(await db().select().from(connectors).where(eq(connectors.orgId, org.id))).toEqual([])
  })
})

describe("SuiteQL paging and the sync", () => {
  it("signs each page with TBA HMAC-SHA256, sends Prefer: transient, and follows offsets while hasMore", async () => {
    const { fetcher, seen } = recordingFetcher()
    const rows = await suiteqlAll<NsCustomer>(
      { base: "/dev/fake/netsuite", credentials: NETSUITE_DEMO, fetcher, pageSize: 2 },
      netsuiteQueries.customers(null),
    )
    expect(rows.map((r) => r.companyname)).toEqual([
      "Northwind Traders",
      "Contoso Pharmaceuticals",
      "Fabrikam Industries",
      "Tailspin Toys",
      "Wide World Importers",
    ])
    expect(rows[0]).not.toHaveProperty("links")
    expect(seen.map((s) => new URL(s.url, "http://x").search)).toEqual(["?limit=2&offset=0", "?limit=2&offset=2", "?limit=2&offset=4"])
    for (const s of seen) {
      expect(s.method).toBe("POST")
      expect(s.headers.get("Prefer")).toBe("transient")
      const oauth = parseOAuthHeader(s.headers.get("Authorization"))!
      expect(oauth).toMatchObject({
        realm: "TSTDRV1234567",
        oauth_consumer_key: NETSUITE_DEMO.consumerKey,
        oauth_token: NETSUITE_DEMO.tokenId,
        oauth_signature_method: "HMAC-SHA256",
        oauth_version: "1.0",
      })
      expect(JSON.parse(s.body).q).toContain("FROM customer c")
    }
    expect(new Set(seen.map((s) => parseOAuthHeader(s.headers.get("Authorization"))!.oauth_nonce)).size).toBe(3)
  })

  it("lands customers, open invoices and the payment with its invoice, and an incremental sync asks only for changes", async () => {
    await connectNetsuite(env, db(), org.id, { type: "user", id: org.userIds.controller, label: "controller" }, form)
    const { fetcher, seen } = recordingFetcher()
    const r = await syncErpConnector(env, db(), await connectorRow(org.id, "netsuite"), new Date(), { fetcher })
    expect(r).toMatchObject({ ok: true, full: true, rowErrors: 0 })
    expect(await db().select().from(customers).where(eq(customers.orgId, org.id))).toHaveLength(5)
    const [contoso] = await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, "INV-NS-2042")))
    expect(contoso).toMatchObject({ amountMinor: 1_250_000, balanceMinor: 750_000, erpRef: "netsuite:2042", dueDate: "2026-11-11" })
    const [gbp] = await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, "INV-NS-2043")))
    expect(gbp!.currency).toBe("GBP")
    const [p] = await db().select().from(payments).where(eq(payments.orgId, org.id))
    expect(p).toMatchObject({ erpPaymentId: "netsuite:5531", amountMinor: 500_000, invoiceId: contoso!.id })
    expect(seen.map((s) => JSON.parse(s.body).q).some((q: string) => q.includes("lastmodifieddate >"))).toBe(false)
    const next = recordingFetcher()
    const again = await syncErpConnector(env, db(), await connectorRow(org.id, "netsuite"), new Date(), { fetcher: next.fetcher })
    expect(again).toMatchObject({ ok: true, full: false, rowsChanged: 0 })
    expect(next.seen.every((s) => JSON.parse(s.body).q.includes("lastmodifieddate > TO_TIMESTAMP("))).toBe(true)
  })
})
