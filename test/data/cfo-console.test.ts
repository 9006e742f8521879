// The CFO console: every KPI tile carries its (i) definition from the one definitions module, the figures on the tiles
// are the ones worked by hand from the rows (and from the formulas the definitions state), and the CSV exports.
import { eq } from "drizzle-orm"
import { describe, expect, it } from "vitest"
import { invoices, organisations, payments, promises } from "../../src/db/schema"
import { addDays, isoDay } from "../../src/domain/dates"
import { COUNTBACK_MONTHS, countbackDso, countbackMonths, salesByMonth } from "../../src/domain/dso"
import { AT_RISK_DAYS, kpiDefinitions, kpiKeys, TREND_MONTHS } from "../../src/domain/kpi-definitions"
import { fmtDate } from "../../src/web/views/pages/receivables-parts"
import { addCustomer, addInvoice, browse, db, makeOrg } from "../helpers"

const today = isoDay(new Date())
const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")

async function ledger() {
  const org = await makeOrg()
  const d = db()
  await d.update(organisations).set({ baseCurrency: "USD" }).where(eq(organisations.id, org.id))
  const c = await addCustomer(org.id, { name: "Northwind Payer" })
  // Sales: 100,000 this month (open, current), 200,000 last month (paid 5 days late), 50,000 four months back (open).
  await addInvoice(org.id, c, {
    invoiceNumber: "C-1",
    amountMinor: 100_000,
    balanceMinor: 100_000,
    issueDate: addDays(today, -10),
    dueDate: addDays(today, 20),
  })
  await addInvoice(org.id, c, {
    invoiceNumber: "C-2",
    amountMinor: 50_000,
    balanceMinor: 50_000,
    issueDate: addDays(today, -130),
    dueDate: addDays(today, -100),
  })
  const paid = await addInvoice(org.id, c, {
    invoiceNumber: "C-3",
    amountMinor: 200_000,
    balanceMinor: 0,
    status: "paid",
    issueDate: addDays(today, -40),
    dueDate: addDays(today, -10),
    paidAt: `${addDays(today, -5)}T10:00:00.000Z`,
  })
  const pay = (n: number, amountMinor: number, daysAgo: number) =>
    d.insert(payments).values({
      id: `pay_${n}_${org.id}`,
      orgId: org.id,
      invoiceId: paid,
      amountMinor,
      currency: "USD",
      receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      source: "manual",
      createdAt: new Date().toISOString(),
    })
  await d.batch([pay(1, 200_000, 5), pay(2, 40_000, 50), pay(3, 10_000, 200)])
  return org
}

/** The HTML of each tile, by its key, in page order. */
function tiles(html: string) {
  const parts = html.split(/(?=<div class="kpi cfo-tile" data-kpi=")/).slice(1)
  return parts.map((p) => ({ key: /data-kpi="(\w+)"/.exec(p)![1]!, html: p.split('<section id="data-ready"')[0]! }))
}

describe("CFO console KPI tiles", () => {
  it("shows every KPI of the definitions module once, each with an (i) that holds its definition and formula", async () => {
    const org = await ledger()
    const html = await (await browse(org, "cfo", "/admin/overview")).text()
    const found = tiles(html)
    expect(found.map((t) => t.key)).toEqual([...kpiKeys])
    for (const t of found) {
      const d = kpiDefinitions[t.key as keyof typeof kpiDefinitions]
      const def = new RegExp(
        `<details class="kpi-info"><summary aria-label="([^"]+)">.*?data-kpi-definition="${t.key}"><p>(.*?)</p><p class="kpi-formula"><code>(.*?)</code>`,
      ).exec(t.html)
      expect(def, t.key).not.toBeNull()
      expect(decode(def![1]!)).toBe(`What is ${d.label}?`)
      expect(decode(def![2]!)).toBe(d.definition)
      expect(decode(def![3]!)).toBe(d.formula)
    }
  })

  it("puts on each tile the figure its definition's formula gives for these rows", async () => {
    const org = await ledger()
    const html = await (await browse(org, "cfo", "/admin/overview")).text()
    const tile = Object.fromEntries(tiles(html).map((t) => [t.key, t.html]))
    // Open A/R 150,000. Countback: this month's 100,000 of sales is covered in full (all its d0 days), then 50,000 of
    // last month's 200,000: a quarter of its d1 days. Best possible: the current 100,000 is exactly this month's sales.
    const [m0, m1] = countbackMonths(today, 2)
    const dso = Math.round(m0!.days + m1!.days / 4)
    expect(kpiDefinitions.dso.label).toBe("DSO (countback)")
    expect(kpiDefinitions.dso.definition).toContain(`countback method`)
    expect(kpiDefinitions.dso.definition).toContain(`at most ${COUNTBACK_MONTHS} months back`)
    const sales = [
      { day: addDays(today, -10), minor: 100_000 },
      { day: addDays(today, -40), minor: 200_000 },
      { day: addDays(today, -130), minor: 50_000 },
    ]
    expect(countbackDso(150_000, salesByMonth(today, sales))).toBe(dso)
    expect(tile.open_ar).toContain("$1,500.00")
    expect(tile.dso).toContain(`${dso} days`)
    expect(tile.best_dso).toContain(`${m0!.days} days`)
    expect(tile.best_dso).toContain(`${dso - m0!.days} days of DSO are overdue balances`)
    // Cash: 2,000.00 in 30 days (up 1,600.00 on the 40,000 of the 30 before), 2,400.00 in 90, 2,500.00 in 365.
    expect(tile.cash_collected).toContain("$2,000.00")
    expect(tile.cash_collected).toContain("up $1,600.00 on the 30 before")
    expect(tile.cash_collected).toMatch(/90 days<\/span> <span class="num">\$2,400\.00/)
    expect(tile.cash_collected).toMatch(/365 days<\/span> <span class="num">\$2,500\.00/)
    expect(tile.promise_adherence).toContain("—")
    // At risk: C-2 is already 100 days late (counts in full). The one paid invoice and C-2 still open at 100 days
    // make the curve say half of such invoices never pay: C-1 counts 0.5 x 100,000. (50,000 + 50,000) / 150,000 = 67%.
    expect(kpiDefinitions.at_risk.definition).toContain(`more than ${AT_RISK_DAYS} days`)
    expect(tile.at_risk).toContain("67%")
    expect(tile.at_risk).toContain("$1,000.00 of $1,500.00 open")
    // Forecast: C-1 half expected 5 days after its due date (week 4); C-2 beyond every payment seen: nothing.
    expect(tile.forecast).toContain("$500.00")
    expect(tile.forecast).toContain("The backtest needs a quarter of payment history")
  })

  it("draws promise adherence and the at-risk rate month by month on their tiles, and exports both series", async () => {
    const org = await ledger()
    const d = db()
    const [inv] = await d.select().from(invoices).where(eq(invoices.orgId, org.id)).limit(1)
    const promise = (id: string, status: "kept" | "broken", daysAgo: number) =>
      d.insert(promises).values({
        id: `${id}_${org.id}`,
        orgId: org.id,
        invoiceId: inv!.id,
        customerId: inv!.customerId,
        amountMinor: 10_000,
        currency: "USD",
        promisedDate: addDays(today, -daysAgo),
        status,
        source: "operator",
        createdAt: new Date().toISOString(),
      })
    await d.batch([promise("k1", "kept", 10), promise("k2", "kept", 45), promise("b1", "broken", 40), promise("x", "kept", 400)])
    const months = countbackMonths(today, TREND_MONTHS)
    const html = await (await browse(org, "cfo", "/admin/overview")).text()
    const tile = Object.fromEntries(tiles(html).map((t) => [t.key, t.html]))
    // Adherence: this month 1 kept of 1 (100%), last month 1 kept + 1 broken (50%), the four before none (no figure);
    // the promise of 400 days ago is outside the six months.
    const pct = (xs: string[]) => xs.join(", ")
    expect(tile.promise_adherence).toContain('data-trend="Promise adherence"')
    expect(tile.promise_adherence).toContain(`aria-label="Promise adherence by month, ${pct(["—", "—", "—", "—", "50%", "100%"])}"`)
    expect(tile.promise_adherence).toContain(`50% (${fmtDate(months[1]!.through)}) → 100% (${fmtDate(today)})`)
    // At risk, replayed at each of the last five month ends: nothing had been paid yet to learn from and no open
    // invoice was 91+ days late, so 0% each time (five months ago nothing was open: no figure); today 67% as above.
    expect(tile.at_risk).toContain(`aria-label="At-risk rate by month, ${pct(["—", "0%", "0%", "0%", "0%", "67%"])}"`)
    expect(tile.at_risk).toContain(`0% (${fmtDate(months[3]!.after)}) → 67% (${fmtDate(today)})`)
    const csv = (await (await browse(org, "cfo", "/admin/overview/kpis.csv")).text()).trim().split("\r\n")
    expect(csv).toContain(`promise_adherence,Promise adherence,month to ${months[1]!.through},0.5,,,kept / (kept + broken),${today}`)
    expect(csv).toContain(`promise_adherence,Promise adherence,month to ${today},1,,,kept / (kept + broken),${today}`)
    expect(csv.filter((l) => l.startsWith("at_risk,At-risk rate,share at "))).toHaveLength(TREND_MONTHS)
    expect(csv.find((l) => l.startsWith(`at_risk,At-risk rate,share at ${months[1]!.after},`))).toContain(`,0,`)
  })

  it("offers CSV exports only to roles that may export", async () => {
    const org = await ledger()
    const cfo = await (await browse(org, "cfo", "/admin/overview")).text()
    const operator = await (await browse(org, "operator", "/admin/overview")).text()
    for (const f of ["kpis", "forecast", "cash-by-month", "dso-trend", "aging", "top-overdue", "exposure", "promises"]) {
      expect(cfo).toContain(`/admin/overview/${f}.csv`)
      expect(operator).not.toContain(`/admin/overview/${f}.csv`)
      expect((await browse(org, "operator", `/admin/overview/${f}.csv`)).status).toBe(403)
    }
    expect(cfo).toContain('<link rel="stylesheet" href="/cfo.css"/>')
  })
})

describe("CFO console CSV exports", () => {
  it("exports the KPI figures and the forecast weeks", async () => {
    const org = await ledger()
    const res = await browse(org, "cfo", "/admin/overview/kpis.csv")
    expect(res.headers.get("Content-Type")).toContain("text/csv")
    const lines = (await res.text()).trim().split("\r\n")
    expect(lines[0]).toBe("kpi,label,measure,value,amount,currency,formula,as_of")
    const days = countbackMonths(today, 1)[0]!.days
    expect(lines).toContain(`best_dso,Best possible DSO,days,${days},,,countback DSO of the current (not yet due) A/R,${today}`)
    expect(lines.find((l) => l.startsWith("cash_collected,Cash collected,365 days,"))).toContain(",250000,2500.00,USD,")
    const f = (await (await browse(org, "cfo", "/admin/overview/forecast.csv")).text()).trim().split("\r\n")
    expect(f).toHaveLength(14)
    expect(f[0]).toBe("week_start,expected_minor,low_minor,high_minor,expected,low,high,currency")
    expect(f[4]).toMatch(new RegExp(`^${addDays(today, 21)},50000,`))
    expect((await browse(org, "cfo", "/admin/overview/forecast.csv?weeks=0")).status).toBe(400)
  })

  it("exports exposure by owning segment, industry and region, and promises by week", async () => {
    const org = await makeOrg()
    const d = db()
    const retail = await addCustomer(org.id, { name: "Shop", industry: "Retail", region: "EMEA" })
    const other = await addCustomer(org.id, { name: "Plain" })
    const inv = await addInvoice(org.id, retail, { balanceMinor: 70_000, issueDate: addDays(today, -40), dueDate: addDays(today, -10) })
    await addInvoice(org.id, other, { balanceMinor: 30_000, issueDate: addDays(today, -5), dueDate: addDays(today, 25) })
    const promise = (id: string, status: "kept" | "broken" | "open", daysFromToday: number, amountMinor: number) =>
      d.insert(promises).values({
        id: `${id}_${org.id}`,
        orgId: org.id,
        invoiceId: inv,
        customerId: retail,
        amountMinor,
        currency: "USD",
        promisedDate: addDays(today, daysFromToday),
        status,
        source: "operator",
        createdAt: new Date().toISOString(),
      })
    await d.batch([promise("k", "kept", -3, 20_000), promise("b", "broken", -4, 5_000), promise("o", "open", 9, 40_000)])
    const e = (await (await browse(org, "cfo", "/admin/overview/exposure.csv")).text()).trim().split("\r\n")
    expect(e).toContain("segment,,,2,100000,1000.00,USD")
    expect(e).toContain("industry,Retail,Retail,1,70000,700.00,USD")
    expect(e).toContain("industry,,,1,30000,300.00,USD")
    expect(e).toContain("region,EMEA,EMEA,1,70000,700.00,USD")
    const p = (await (await browse(org, "cfo", "/admin/overview/promises.csv")).text()).trim().split("\r\n")
    expect(p).toHaveLength(1 + 17)
    // Week 13 of 17 (index 12) holds the last 7 days: one kept (20,000) and one broken (5,000); week 15 the open one.
    expect(p[13]).toBe(`${addDays(today, -7)},1,1,0,25000,20000,USD`)
    expect(p[15]).toBe(`${addDays(today, 7)},0,0,1,40000,0,USD`)
  })

  it("never exports another organisation's figures", async () => {
    const a = await ledger()
    const b = await makeOrg({ name: "Tenant B" })
    const mine = await (await browse(a, "cfo", "/admin/overview/top-overdue.csv")).text()
    const theirs = await (await browse(b, "cfo", "/admin/overview/top-overdue.csv")).text()
    expect(mine).toContain("Northwind Payer")
    expect(theirs).not.toContain("Northwind Payer")
    expect(theirs.trim().split("\r\n")).toHaveLength(1)
    const kpis = await (await browse(b, "cfo", "/admin/overview/kpis.csv")).text()
    expect(kpis).toContain("open_ar,Open A/R,,0,0.00,")
  })
})
