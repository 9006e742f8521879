// QuickBooks Online sync: the full load through the CSV importer, CDC increments (and CDC's 1,000-object cap paged
// by re-asking from the newest change), refresh-token rotation, and what 429s and a revoked grant do to the connector.
import { env } from "cloudflare:workers"
import { and, eq } from "drizzle-orm"
import { beforeEach, describe, expect, it } from "vitest"
import { connectors, customers, imports, invoices, payments } from "../../src/db/schema"
import { QBO_PAGE } from "../../src/integrations/erp/quickbooks-api"
import { connectorSummaries } from "../../src/services/connectors"
import { computeDataReady } from "../../src/services/data-ready"
import { syncErpConnector } from "../../src/services/erp-sync"
import { api, db, makeOrg, type TestOrg } from "../helpers"
import { connectorRow, connectQuickbooksQuietly, recordingFetcher, storedTokens } from "./erp-helpers"

let org: TestOrg
beforeEach(async () => {
  org = await makeOrg()
  await connectQuickbooksQuietly(org)
})
const fast = { attempts: 3, baseDelayMs: 1 }
const json = (o: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(o), { status, headers: { "Content-Type": "application/json", ...headers } })
const inv = async (n: string) =>
  (
    await db()
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, org.id), eq(invoices.invoiceNumber, n)))
  )[0]

describe("QuickBooks full load", () => {
  it("imports active customers, invoices and payments through the importer, and Data-Ready sees the imports", async () => {
    const { fetcher, seen } = recordingFetcher()
    const r = await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher })
    expect(r).toMatchObject({ ok: true, full: true, rowErrors: 0 })
    const queries = seen.filter((s) => s.url.includes("/query?")).map((s) => new URL(s.url, "http://x").searchParams.get("query"))
    expect(queries).toEqual([
      "select * from Customer STARTPOSITION 1 MAXRESULTS 1000",
      "select * from Invoice STARTPOSITION 1 MAXRESULTS 1000",
      "select * from Payment STARTPOSITION 1 MAXRESULTS 1000",
    ])
    const cs = await db().select().from(customers).where(eq(customers.orgId, org.id))
    expect(cs).toHaveLength(8) // Kookies by Kathy is inactive
    expect(await inv("1038")).toMatchObject({
      amountMinor: 110_000,
      balanceMinor: 55_000,
      source: "erp",
      erpRef: "quickbooks:131",
      status: "open",
    })
    expect(await inv("1043")).toMatchObject({ balanceMinor: 0, status: "paid" })
    const ps = await db().select().from(payments).where(eq(payments.orgId, org.id))
    expect(ps.map((p) => [p.erpPaymentId, p.amountMinor, p.source]).sort()).toEqual([
      ["quickbooks:150", 55_000, "erp"],
      ["quickbooks:151", 41_000, "erp"],
      ["quickbooks:152", 200_000, "erp"],
    ])
    expect(ps.find((p) => p.erpPaymentId === "quickbooks:150")!.invoiceId).toBe((await inv("1038")).id)
    const recs = await db().select().from(imports).where(eq(imports.orgId, org.id))
    expect(recs.map((x) => [x.kind, x.source, x.status]).sort()).toEqual([
      ["customers", "quickbooks", "completed"],
      ["invoices", "quickbooks", "completed"],
    ])
    const ready = await computeDataReady(db(), org.id)
    expect(ready.checks.filter((c) => c.key.endsWith("_imported")).every((c) => c.ok)).toBe(true)
    const c = await connectorRow(org.id, "quickbooks")
    expect(c).toMatchObject({ status: "active", lastSyncErrors: 0 })
    expect(c.rowsChangedLastSync).toBeGreaterThan(20)
    expect(c.config?.cdc_since).toBeTruthy()
    const body = (await (await api(org, "cfo", "/api/v1/connectors")).json()) as {
      data: { kind: string; status: string; rows_changed_last_sync: number | null }[]
    }
    expect(body.data.map((d) => d.kind)).toEqual(["stripe", "quickbooks", "netsuite", "csv"])
    expect(body.data.find((d) => d.kind === "quickbooks")).toMatchObject({ status: "green", rows_changed_last_sync: c.rowsChangedLastSync })
    // The same data again changes nothing.
    const again = await syncErpConnector(env_(), db(), { ...c, config: { ...c.config, cdc_since: null } }, new Date(), { fetcher })
    expect(again).toMatchObject({ ok: true, rowsChanged: 0 })
  })

  it("refused rows land in the import's errors list and turn the connector amber", async () => {
    const { fetcher } = recordingFetcher((req) => {
      if (!req.url.includes("Invoice")) return null
      return json({
        QueryResponse: {
          Invoice: [
            {
              Id: "900",
              DocNumber: "BAD-1",
              CustomerRef: { value: "58" },
              CurrencyRef: { value: "US$" },
              TotalAmt: 10,
              Balance: 10,
              TxnDate: "2026-11-01",
              DueDate: "2026-12-01",
            },
          ],
        },
      })
    })
    await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher })
    const c = await connectorRow(org.id, "quickbooks")
    expect(c.lastSyncErrors).toBe(1)
    expect((await connectorSummaries(db(), org.id)).find((s) => s.kind === "quickbooks")!.status).toBe("amber")
  })
})

describe("QuickBooks increments through Change Data Capture", () => {
  it("asks again from the newest change while a response is at the 1,000-object cap, then applies the latest versions and deletions", async () => {
    await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), {})
    const since = (await connectorRow(org.id, "quickbooks")).config!.cdc_since as string
    const stamp = (i: number) => new Date(Date.parse(since) + 1000 + i * 10).toISOString()
    const many = Array.from({ length: QBO_PAGE }, (_, i) => ({
      Id: `5${i}`,
      DocNumber: `CDC-${i}`,
      CustomerRef: { value: "58" },
      TotalAmt: 100,
      Balance: 100,
      TxnDate: "2026-11-20",
      DueDate: "2026-12-20",
      MetaData: { LastUpdatedTime: stamp(i) },
    }))
    const { fetcher, seen } = recordingFetcher((req, n) => {
      if (!req.url.includes("/cdc?")) return null
      if (seen.filter((s) => s.url.includes("/cdc?")).length === 1)
        return json({ CDCResponse: [{ QueryResponse: [{ Invoice: many }] }], time: stamp(2000) })
      return json({
        CDCResponse: [
          {
            QueryResponse: [
              {
                Invoice: [
                  { ...many[999], Balance: 40, MetaData: { LastUpdatedTime: stamp(1001) } },
                  { domain: "QBO", status: "Deleted", Id: "130", MetaData: { LastUpdatedTime: stamp(1002) } },
                ],
              },
              { Customer: [] },
            ],
          },
        ],
        time: stamp(2001),
      })
    })
    const r = await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher })
    expect(r).toMatchObject({ ok: true, full: false })
    const cdc = seen.filter((s) => s.url.includes("/cdc?")).map((s) => new URL(s.url, "http://x").searchParams)
    expect(cdc).toHaveLength(2)
    expect(cdc[0]!.get("entities")).toBe("Customer,Invoice,Payment")
    expect(cdc[0]!.get("changedSince")).toBe(since)
    expect(cdc[1]!.get("changedSince")).toBe(stamp(999))
    expect(await inv("CDC-0")).toMatchObject({ balanceMinor: 10_000 })
    expect(await inv("CDC-999")).toMatchObject({ balanceMinor: 4_000 }) // the later version wins
    expect(await inv("1037")).toMatchObject({ status: "void", balanceMinor: 0 }) // deleted in QuickBooks
    expect((await connectorRow(org.id, "quickbooks")).config!.cdc_since).toBe(stamp(2001))
  })
})

describe("Tokens, rate limits and a revoked grant", () => {
  it("refreshes an expired access token, stores the rotated refresh token sealed, and uses it next time", async () => {
    const before = await storedTokens(await connectorRow(org.id, "quickbooks"))
    const expired = await connectorRow(org.id, "quickbooks")
    const { seal } = await import("../../src/services/crypto")
    await db()
      .update(connectors)
      .set({
        secret: await seal(
          env_().CONNECTOR_ENCRYPTION_KEY,
          JSON.stringify({ ...before, accessExpiresAt: new Date(Date.now() - 1000).toISOString() }),
          `connector:${expired.id}`,
        ),
      })
      .where(eq(connectors.id, expired.id))
    const { fetcher, seen } = recordingFetcher()
    expect((await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher })).ok).toBe(true)
    const refresh = seen.filter((s) => s.url.endsWith("/tokens/bearer"))
    expect(refresh).toHaveLength(1)
    expect(new URLSearchParams(refresh[0]!.body).get("refresh_token")).toBe(before.refreshToken)
    const after = await storedTokens(await connectorRow(org.id, "quickbooks"))
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(seen.find((s) => s.url.includes("/query?"))!.headers.get("Authorization")).toBe(`Bearer ${after.accessToken}`)
    // Still valid: no second refresh.
    const second = recordingFetcher()
    await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher: second.fetcher })
    expect(second.seen.filter((s) => s.url.endsWith("/tokens/bearer"))).toHaveLength(0)
  })

  it("a revoked grant (invalid_grant) turns the connector red with a reconnect action and stops the schedule", async () => {
    const c = await connectorRow(org.id, "quickbooks")
    const { seal } = await import("../../src/services/crypto")
    const t = await storedTokens(c)
    await db()
      .update(connectors)
      .set({
        secret: await seal(
          env_().CONNECTOR_ENCRYPTION_KEY,
          JSON.stringify({ ...t, accessExpiresAt: new Date(0).toISOString() }),
          `connector:${c.id}`,
        ),
      })
      .where(eq(connectors.id, c.id))
    const { fetcher } = recordingFetcher((req) => (req.url.endsWith("/tokens/bearer") ? json({ error: "invalid_grant" }, 400) : null))
    const r = await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher })
    expect(r).toMatchObject({ ok: false, kind: "revoked" })
    const after = await connectorRow(org.id, "quickbooks")
    expect(after).toMatchObject({ status: "revoked", nextSyncAt: null })
    expect(after.lastError).toContain("Reconnect QuickBooks Online from Admin → Connectors")
    const s = (await connectorSummaries(db(), org.id)).find((x) => x.kind === "quickbooks")!
    expect(s.status).toBe("red")
    expect(s.health.banner).toContain("Nothing syncs until you reconnect QuickBooks Online")
    expect((await computeDataReady(db(), org.id)).checks.find((x) => x.key === "no_errors_24h")!.ok).toBe(false)
  })

  it("429s are retried (Retry-After), and when they persist the sync backs off 15 then 30 minutes without writing", async () => {
    let calls = 0
    const flaky = recordingFetcher((req) =>
      req.url.includes("/query?") && calls++ === 0 ? json({ Fault: {} }, 429, { "Retry-After": "0" }) : null,
    )
    expect(
      (await syncErpConnector(env_(), db(), await connectorRow(org.id, "quickbooks"), new Date(), { fetcher: flaky.fetcher, retry: fast }))
        .ok,
    ).toBe(true)

    const org2 = await makeOrg()
    await connectQuickbooksQuietly(org2)
    const busy = recordingFetcher((req) =>
      req.url.includes("/query?") ? json({ Fault: { Error: [{ Message: "ThrottleExceeded" }] } }, 429) : null,
    )
    const now = new Date()
    const r = await syncErpConnector(env_(), db(), await connectorRow(org2.id, "quickbooks"), now, { fetcher: busy.fetcher, retry: fast })
    expect(r).toMatchObject({ ok: false, kind: "rate_limited" })
    expect(busy.seen.filter((s) => s.url.includes("/query?"))).toHaveLength(3)
    const first = await connectorRow(org2.id, "quickbooks")
    expect(first.status).toBe("active")
    expect(Date.parse(first.nextSyncAt!) - now.getTime()).toBe(15 * 60_000)
    expect(first.lastError).toContain("rate limiting")
    await syncErpConnector(env_(), db(), first, now, { fetcher: busy.fetcher, retry: fast })
    expect(Date.parse((await connectorRow(org2.id, "quickbooks")).nextSyncAt!) - now.getTime()).toBe(30 * 60_000)
    expect(await db().select().from(customers).where(eq(customers.orgId, org2.id))).toEqual([])
  })
})

const env_ = () => env as Env
