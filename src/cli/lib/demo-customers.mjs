// Demo customers and their contacts: names, industries, regions, countries with their currency, locale and time zone.
// Customer score is 0-100 (payment-behaviour score: 100 pays on time, below 40 is high risk); segments filter on it.

const prefixes = [
  "Northwind",
  "Bluebird",
  "Cedar",
  "Summit",
  "Harbor",
  "Ironwood",
  "Lakeside",
  "Meridian",
  "Granite",
  "Silverline",
  "Redwood",
  "Pinnacle",
  "Brightwater",
  "Oakridge",
  "Falcon",
  "Copperleaf",
  "Evergreen",
  "Horizon",
  "Keystone",
  "Riverbend",
  "Stonebridge",
  "Westfield",
  "Aurora",
  "Beacon",
  "Crescent",
  "Driftwood",
  "Elmstead",
  "Foxglove",
  "Gateway",
  "Highland",
  "Juniper",
  "Kingsway",
  "Larkspur",
  "Maplewood",
  "Nimbus",
  "Orchard",
  "Prairie",
  "Quarry",
  "Sterling",
  "Tidewater",
]
const suffixes = [
  "Logistics",
  "Health",
  "Foods",
  "Robotics",
  "Partners",
  "Manufacturing",
  "Analytics",
  "Builders",
  "Retail Group",
  "Energy",
  "Learning",
  "Hospitality",
]
const legal = {
  US: ["Inc.", "LLC", "Corp."],
  CA: ["Inc.", "Ltd."],
  GB: ["Ltd", "plc"],
  DE: ["GmbH", "AG"],
  FR: ["SAS", "SA"],
  NL: ["B.V."],
  IE: ["Ltd"],
  IN: ["Pvt Ltd"],
}
const industryOf = {
  Logistics: "Logistics",
  Health: "Healthcare",
  Foods: "Food & Beverage",
  Robotics: "Manufacturing",
  Partners: "Professional Services",
  Manufacturing: "Manufacturing",
  Analytics: "Software",
  Builders: "Construction",
  "Retail Group": "Retail",
  Energy: "Energy",
  Learning: "Education",
  Hospitality: "Hospitality",
}

export const countries = {
  US: {
    region: "North America",
    currency: "USD",
    locale: "en-US",
    zones: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
  },
  CA: { region: "North America", currency: "CAD", locale: "en-CA", zones: ["America/Toronto", "America/Vancouver"] },
  GB: { region: "EMEA", currency: "GBP", locale: "en-GB", zones: ["Europe/London"] },
  DE: { region: "EMEA", currency: "EUR", locale: "de-DE", zones: ["Europe/Berlin"] },
  FR: { region: "EMEA", currency: "EUR", locale: "fr-FR", zones: ["Europe/Paris"] },
  NL: { region: "EMEA", currency: "EUR", locale: "nl-NL", zones: ["Europe/Amsterdam"] },
  IE: { region: "EMEA", currency: "EUR", locale: "en-IE", zones: ["Europe/Dublin"] },
  IN: { region: "APAC", currency: "USD", locale: "en-IN", zones: ["Asia/Kolkata"] },
}

const firstNames = [
  "Alex",
  "Sam",
  "Taylor",
  "Morgan",
  "Jamie",
  "Riley",
  "Casey",
  "Avery",
  "Quinn",
  "Rowan",
  "Noah",
  "Maya",
  "Liam",
  "Aisha",
  "Lucas",
  "Chloe",
  "Ravi",
  "Ingrid",
  "Tom",
  "Claire",
]
const lastNames = [
  "Patel",
  "Schmidt",
  "Dubois",
  "Murphy",
  "Okafor",
  "Johansson",
  "Garcia",
  "Nguyen",
  "Walsh",
  "Fischer",
  "Martin",
  "Singh",
  "Brown",
  "de Vries",
  "Kowalski",
]

const slug = (name) =>
  name
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")

/**
 * `count` customers of `orgId` with ids `cus_<key>_0001`.. and external ids `C-0001`..; contacts for about 92% of them.
 * Returns rows plus each customer's billing profile (terms, invoice interval, typical amount) for the ledger.
 */
export function demoCustomers({ orgId, key, count, countryWeights, today, created, p }) {
  const combos = []
  for (const pre of prefixes) for (const suf of suffixes) combos.push([pre, suf])
  const customers = []
  const contacts = []
  const profiles = []
  const used = new Set()
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(4, "0")
    const id = `cus_${key}_${n}`
    const country = p.weighted(countryWeights)
    const c = countries[country]
    let pre, suf
    do [pre, suf] = p.pick(combos)
    while (used.has(pre + suf))
    used.add(pre + suf)
    let name = `${pre} ${suf} ${p.pick(legal[country])}`
    if (key === "acme" && i === 7) name = "O'Brien & Sons Ltd" // apostrophe and ampersand: quoting and escaping stay honest
    const industry = key === "acme" && i === 7 ? "Construction" : industryOf[suf]
    const score = p.weighted([
      [p.int(80, 98), 35],
      [p.int(60, 79), 35],
      [p.int(40, 59), 20],
      [p.int(12, 39), 10],
    ])
    customers.push({
      id,
      org_id: orgId,
      external_id: `C-${n}`,
      name,
      industry,
      region: c.region,
      country,
      score,
      time_zone: p.pick(c.zones),
      locale: c.locale,
      currency: c.currency,
      stripe_customer_id: p.chance(0.45) ? `cus_demo${key}${n}` : null,
      created_at: created,
      updated_at: created,
    })
    profiles.push({
      id,
      name,
      currency: c.currency,
      score,
      terms: p.weighted([
        [30, 6],
        [15, 1],
        [45, 2],
        [60, 1],
      ]),
      interval: p.weighted([
        [30, 4],
        [14, 1],
        [45, 3],
        [60, 3],
        [90, 2],
      ]),
      typicalMajor: Math.round(Math.exp(Math.log(400) + (p.int(0, 1000) / 1000) * (Math.log(40_000) - Math.log(400)))),
    })
    if (p.chance(0.92)) {
      const domain = `${slug(name).split("-").slice(0, 2).join("")}.example`
      const first = p.pick(firstNames)
      const last = p.pick(lastNames)
      contacts.push({
        id: `con_${key}_${n}_1`,
        org_id: orgId,
        customer_id: id,
        name: `${first} ${last}`,
        email: p.chance(0.5) ? `ap@${domain}` : `${first.toLowerCase()}.${slug(last).replace(/-/g, "")}@${domain}`,
        phone: country === "US" || country === "CA" ? `+1 555 01${String(p.int(0, 99)).padStart(2, "0")}` : null,
        is_primary: 1,
        time_zone: null,
        created_at: created,
      })
      if (p.chance(0.3)) {
        contacts.push({
          id: `con_${key}_${n}_2`,
          org_id: orgId,
          customer_id: id,
          name: `${p.pick(firstNames)} ${p.pick(lastNames)}`,
          email: `finance@${domain}`,
          phone: null,
          is_primary: 0,
          time_zone: p.chance(0.3) ? "Europe/London" : null,
          created_at: created,
        })
      }
    }
  }
  return { customers, contacts, profiles }
}
