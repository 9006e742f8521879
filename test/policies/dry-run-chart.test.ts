// The cadence editor's dry-run chart: the dry-run's figures per day as SVG bars, for those who may draft a policy.
import { describe, expect, it } from "vitest"
import { addDays } from "../../src/domain/dates"
import { addCustomer, addInvoice, browse, makeOrg } from "../helpers"
import { addSegment } from "../autopilot/fixtures"

const today = () => new Date().toISOString().slice(0, 10)

async function orgWithCadence() {
  const org = await makeOrg({ timeZone: "UTC" })
  const { cadenceId } = await addSegment(org.id, { mode: "autopilot" })
  for (let i = 0; i < 3; i++)
    await addInvoice(org.id, await addCustomer(org.id, {}, `ap${i}@payer-${i}.example`), { dueDate: addDays(today(), -1) })
  return { org, path: `/admin/policies/${cadenceId}/versions/1/dry-run` }
}

describe("dry-run chart in the cadence editor", () => {
  it("draws one bar group per simulated day with the day's figures, and says what the version would send", async () => {
    const { org, path } = await orgWithCadence()
    const res = await browse(org, "controller", path, { method: "POST", form: { days: "7" } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<svg class="dry-run-chart"')
    expect(html).not.toMatch(/style=/)
    const titles = [...html.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1]!)
    expect(titles).toHaveLength(7)
    // Three invoices one day overdue: step 1 for each goes today.
    expect(titles[0]).toMatch(/: 3 sends, 0 drafts, 0 held by the cap/)
    expect(html).toMatch(/would send <strong>\d+<\/strong>/)
    expect(html.match(/<rect class="sends"/g)?.length ?? 0).toBeGreaterThan(0)
  })

  it("the editor page offers the dry run", async () => {
    const { org, path } = await orgWithCadence()
    const page = await (await browse(org, "controller", path.replace("/dry-run", ""))).text()
    expect(page).toContain(`hx-post="${path}"`)
  })

  it("refuses a window over 90 days, roles without policy drafting, and another organisation's cadence", async () => {
    const { org, path } = await orgWithCadence()
    expect((await browse(org, "controller", path, { method: "POST", form: { days: "91" } })).status).toBe(400)
    expect((await browse(org, "operator", path, { method: "POST", form: { days: "7" } })).status).toBe(403)
    const other = await makeOrg()
    expect((await browse(other, "controller", path, { method: "POST", form: { days: "7" } })).status).toBe(404)
  })
})
