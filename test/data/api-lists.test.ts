// The receivables API: list filters, keyset pages, the limit, errors that name the parameter, me and OpenAPI.
import { describe, expect, it } from "vitest"
import { addDays, isoDay } from "../../src/domain/dates"
import { addCustomer, addInvoice, api, call, db, makeOrg } from "../helpers"
import { disputes } from "../../src/db/schema"

type Invoice = {
  id: string
  status: string
  disputed: boolean
  customer_id: string
  aging_bucket: string | null
  days_past_due: number | null
  balance_minor: number
}
type List<T> = { data: T[]; next_cursor: string | null }

async function fixture() {
  const org = await makeOrg()
  const today = isoDay(new Date())
  const alpha = await addCustomer(org.id, { name: "Alpha Foods", currency: "USD" })
  const beta = await addCustomer(org.id, { name: "Beta Robotics", currency: "EUR" })
  const ids: Record<string, string> = {}
  ids.current = await addInvoice(org.id, alpha, { invoiceNumber: "A-1", dueDate: addDays(today, 10) })
  ids.late = await addInvoice(org.id, alpha, { invoiceNumber: "A-2", dueDate: addDays(today, -45), balanceMinor: 60_000 })
  ids.paid = await addInvoice(org.id, alpha, { invoiceNumber: "A-3", status: "paid", balanceMinor: 0, paidAt: new Date().toISOString() })
  ids.void = await addInvoice(org.id, beta, { invoiceNumber: "B-1", status: "void", balanceMinor: 0, currency: "EUR" })
  ids.disputed = await addInvoice(org.id, beta, { invoiceNumber: "B-2", dueDate: addDays(today, -100), disputed: true, currency: "EUR" })
  await db()
    .insert(disputes)
    .values({
      id: `dsp_${org.id}`,
      orgId: org.id,
      invoiceId: ids.disputed,
      customerId: beta,
      reason: "pricing",
      status: "open",
      source: "operator",
      slaDueAt: new Date().toISOString(),
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    })
  return { org, alpha, beta, ids }
}

const listIds = async (res: Response) => ((await res.json()) as List<Invoice>).data.map((i) => i.id).sort()

describe("GET /api/v1/invoices", () => {
  it("filters by status: open includes disputed, disputed narrows, paid and void", async () => {
    const { org, ids } = await fixture()
    const cases: [string, string[]][] = [
      ["open", [ids.current, ids.late, ids.disputed]],
      ["disputed", [ids.disputed]],
      ["paid", [ids.paid]],
      ["void", [ids.void]],
    ]
    for (const [status, want] of cases) {
      const res = await api(org, "operator", `/api/v1/invoices?status=${status}`)
      expect(res.status, status).toBe(200)
      expect(await listIds(res), status).toEqual([...want].sort())
    }
  })

  it("filters by customer and by bucket, and reports the bucket and days past due of open invoices only", async () => {
    const { org, alpha, ids } = await fixture()
    expect(await listIds(await api(org, "sales", `/api/v1/invoices?customer_id=${alpha}`))).toEqual(
      [ids.current, ids.late, ids.paid].sort(),
    )
    expect(await listIds(await api(org, "sales", "/api/v1/invoices?bucket=31-60"))).toEqual([ids.late])
    const all = ((await (await api(org, "sales", "/api/v1/invoices")).json()) as List<Invoice>).data
    const byId = new Map(all.map((i) => [i.id, i]))
    expect(byId.get(ids.late)).toMatchObject({ aging_bucket: "31-60", days_past_due: 45, status: "open", balance_minor: 60_000 })
    expect(byId.get(ids.disputed)).toMatchObject({ aging_bucket: "90+", disputed: true })
    expect(byId.get(ids.paid)).toMatchObject({ aging_bucket: null, days_past_due: null })
    expect(Object.keys(byId.get(ids.current)!)).toEqual(
      expect.arrayContaining([
        "id",
        "invoice_number",
        "customer_id",
        "currency",
        "amount_minor",
        "balance_minor",
        "issue_date",
        "due_date",
        "status",
        "aging_bucket",
        "days_past_due",
      ]),
    )
  })

  it("pages with next_cursor until every invoice was returned once", async () => {
    const org = await makeOrg()
    const customer = await addCustomer(org.id)
    const created: string[] = []
    for (let i = 0; i < 7; i++) created.push(await addInvoice(org.id, customer, { invoiceNumber: `P-${i}` }))
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await api(org, "cfo", `/api/v1/invoices?limit=3${cursor ? `&cursor=${cursor}` : ""}`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as List<Invoice>
      expect(body.data.length).toBeLessThanOrEqual(3)
      seen.push(...body.data.map((i) => i.id))
      cursor = body.next_cursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen.sort()).toEqual(created.sort())
  })

  it.each([
    ["limit=201", "limit"],
    ["limit=0", "limit"],
    ["limit=ten", "limit"],
    ["status=overdue", "status"],
    ["bucket=91-120", "bucket"],
    ["cursor=not-a-cursor!", "cursor"],
  ])("answers 400 naming the parameter for ?%s", async (query, field) => {
    const org = await makeOrg()
    const res = await api(org, "controller", `/api/v1/invoices?${query}`)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string }[] } }
    expect(body.error.code).toBe("validation_failed")
    expect(body.error.message).toContain(field)
    expect(body.error.details.map((d) => d.field)).toContain(field)
  })

  it("accepts limit=200 and refuses a request without a key", async () => {
    const org = await makeOrg()
    expect((await api(org, "controller", "/api/v1/invoices?limit=200")).status).toBe(200)
    expect((await call("/api/v1/invoices")).status).toBe(401)
  })
})

describe("GET /api/v1/customers", () => {
  it("lists customers with open balance per currency and pages them", async () => {
    const { org, alpha, beta } = await fixture()
    const res = await api(org, "csm", "/api/v1/customers?limit=1")
    const first = (await res.json()) as List<{ id: string }>
    expect(first.data).toHaveLength(1)
    expect(first.next_cursor).not.toBeNull()
    const second = (await (await api(org, "csm", `/api/v1/customers?limit=1&cursor=${first.next_cursor}`)).json()) as List<{ id: string }>
    expect([first.data[0].id, second.data[0].id].sort()).toEqual([alpha, beta].sort())
    expect(second.next_cursor).toBeNull()

    const detail = (await (await api(org, "csm", `/api/v1/customers/${alpha}`)).json()) as {
      open_balance: unknown[]
      contacts: { email: string; is_primary: boolean }[]
    }
    expect(detail.open_balance).toEqual([{ currency: "USD", amount_minor: 125_000 + 60_000, invoices: 2 }])
    expect(detail.contacts).toEqual([expect.objectContaining({ email: "ap@customer.example", is_primary: true })])
  })

  it("finds customers by part of the name, with % and _ matched literally", async () => {
    const org = await makeOrg()
    const hit = await addCustomer(org.id, { name: "100% Organic_Farms" })
    await addCustomer(org.id, { name: "1000 Organic Farms" })
    const body = (await (await api(org, "cfo", `/api/v1/customers?q=${encodeURIComponent("0% Organic_")}`)).json()) as List<{ id: string }>
    expect(body.data.map((c) => c.id)).toEqual([hit])
  })
})

describe("GET /api/v1/invoices/:id, /me, /metrics/overview, /openapi.json", () => {
  it("returns an invoice with its payments, outreach, promises and disputes", async () => {
    const { org, ids } = await fixture()
    const res = await api(org, "legal", `/api/v1/invoices/${ids.disputed}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { disputes: { reason: string }[]; payments: unknown[]; outreach: unknown[]; promises: unknown[] }
    expect(body.disputes).toEqual([expect.objectContaining({ reason: "pricing" })])
    expect(body).toMatchObject({ payments: [], outreach: [], promises: [] })
  })

  it("says who the key is", async () => {
    const org = await makeOrg()
    const body = (await (await api(org, "billing_admin", "/api/v1/me")).json()) as {
      organisation: { id: string }
      role: string
      capabilities: string[]
    }
    expect(body.organisation.id).toBe(org.id)
    expect(body.role).toBe("billing_admin")
    expect(body.capabilities).toContain("connectors")
    expect(body.capabilities).not.toContain("admin")
  })

  it("publishes every receivables route in the OpenAPI document with its query parameters", async () => {
    const doc = (await (await call("/api/v1/openapi.json")).json()) as {
      paths: Record<string, { get?: { parameters: { name: string }[] } }>
    }
    for (const path of [
      "/api/v1/me",
      "/api/v1/customers",
      "/api/v1/customers/{id}",
      "/api/v1/invoices",
      "/api/v1/invoices/{id}",
      "/api/v1/metrics/overview",
    ]) {
      expect(doc.paths[path]?.get, path).toBeDefined()
    }
    expect(doc.paths["/api/v1/invoices"].get!.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["limit", "cursor", "status", "bucket", "customer_id"]),
    )
  })
})
