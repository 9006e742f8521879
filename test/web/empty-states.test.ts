// A new organisation's pages before any data: every page in the nav says what it will show and what to do next
// (import, connect a source, create a cadence, set up a segment), with the action only for roles that may take it,
// and never shows a blank table.
import { describe, expect, it } from "vitest"
import { roles } from "../../src/domain/roles"
import { navFor, navItems } from "../../src/web/views/nav"
import { addCustomer, addInvoice, browse, makeOrg } from "../helpers"

/** For each page of the nav: what an empty organisation's Controller must read there (texts and links). */
const expected: Record<string, string[]> = {
  "/admin/overview": [
    'id="get-started"',
    "Connect Stripe",
    'href="/admin/connectors/import"',
    "No open invoices yet",
    "No payments recorded",
  ],
  "/work/queue": [
    "No invoices yet",
    'href="/admin/connectors/import"',
    "Connect Stripe, QuickBooks or NetSuite",
    "Set up a segment in Shadow Mode",
  ],
  "/work/receivables": ["No invoices yet", "Receivables lists every invoice", 'href="/admin/connectors/import"'],
  "/work/cash": ["No payments yet", "Connect Stripe or your ERP"],
  "/work/disputes": ["No disputes match", "Disputes appear here when a payer disputes an invoice"],
  "/work/promises": ["No promises yet", "Payers make promises from their payment link"],
  "/work/approvals": ["Nothing waiting", "Start request"],
  "/admin/policies": ["No cadences yet", "Start from a tone preset", "Create draft"],
  "/admin/segments": ["No segments yet", "Create the first segment"],
  "/admin/connectors": ["Data-Ready", 'href="/admin/connectors/import"', "Connect"],
  "/admin/deliverability": ["No suppressed addresses", "Add a sending domain"],
  "/admin/users": ["Invite"],
  "/admin/api-keys": ["Create key"],
  "/admin/audit": ["Export CSV"],
  "/admin/ops": ["Autopilot"],
  "/admin/billing": ["Growth", "Upgrade"],
  "/admin/settings": ["Save"],
  // Never empty: every kind starts from its default wording.
  "/admin/templates": ["What the payer is told when something is decided", "Default"],
}

const textOf = async (res: Response) => {
  expect(res.status).toBe(200)
  return res.text()
}

describe("empty states of a new organisation", () => {
  it("lists an expectation for every page in the nav", () => {
    expect(Object.keys(expected).sort()).toEqual(navItems.map((n) => n.href).sort())
  })

  it("shows the Controller, on every page, what the page is for and the next step", async () => {
    const org = await makeOrg()
    for (const item of navFor("controller")) {
      const html = await textOf(await browse(org, "controller", item.href))
      for (const text of expected[item.href]!) expect([item.href, html.includes(text)]).toEqual([item.href, true])
    }
  })

  it("puts Get started before the Overview's empty tiles", async () => {
    const html = await textOf(await browse(await makeOrg(), "controller", "/admin/overview"))
    expect(html.indexOf('id="get-started"')).toBeGreaterThan(0)
    expect(html.indexOf('id="get-started"')).toBeLessThan(html.indexOf("Open A/R"))
    // No empty chart is drawn: the cash and aging charts wait for data.
    expect(html).not.toContain("Cash collected per month in USD, last 12 months")
    expect(html).not.toContain("Open balance by aging bucket")
  })

  it("never renders a blank table, for any role on any page it may open", async () => {
    const org = await makeOrg()
    for (const role of roles)
      for (const item of navFor(role)) {
        const html = await textOf(await browse(org, role, item.href))
        expect([role, item.href, /<tbody>\s*<\/tbody>/.test(html)]).toEqual([role, item.href, false])
      }
  })

  it("offers import and connect only to roles that may; the others are told who does it", async () => {
    const org = await makeOrg()
    const operator = await textOf(await browse(org, "operator", "/work/receivables"))
    expect(operator).toContain("No invoices yet")
    expect(operator).toContain("Your Controller imports them")
    expect(operator).not.toContain('href="/admin/connectors/import"')
    const cfoQueue = await textOf(await browse(org, "cfo", "/work/queue"))
    expect(cfoQueue).toContain("No invoices yet")
    expect(cfoQueue).not.toContain("Set up a segment in Shadow Mode")
    const cash = await textOf(await browse(org, "operator", "/work/cash"))
    expect(cash).toContain("No payments yet")
    expect(cash).not.toContain('href="/admin/connectors"')
  })

  it("tells apart no invoices, filters too narrow, and nothing left to chase", async () => {
    const org = await makeOrg()
    const customerId = await addCustomer(org.id, { name: "Paid Up Ltd" })
    await addInvoice(org.id, customerId, { invoiceNumber: "INV-PAID-1", status: "paid", balanceMinor: 0 })
    const queue = await textOf(await browse(org, "controller", "/work/queue"))
    expect(queue).toContain("Nothing to chase")
    expect(queue).not.toContain("No invoices yet")
    const filtered = await textOf(await browse(org, "controller", "/work/queue?bucket=90%2B"))
    expect(filtered).toContain("No invoice matches these filters")
    expect(filtered).toContain("Clear filters")
  })
})
