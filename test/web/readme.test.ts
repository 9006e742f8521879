// The README's role table is the permission table of src/domain/roles.ts, cell for cell.
import { describe, expect, it } from "vitest"
import readme from "../../README.md?raw"
import { capabilities, can, roles, type Capability } from "../../src/domain/roles"

describe("README", () => {
  it("shows the permission table exactly as the code enforces it", () => {
    for (const cap of Object.keys(capabilities) as Capability[]) {
      const line = readme.split("\n").find((l) => l.includes(`(\`${cap}\`)`))
      expect(line, `README row for ${cap}`).toBeDefined()
      const cells = line!
        .split("|")
        .slice(2, -1)
        .map((c) => c.trim())
      expect(cells).toEqual(roles.map((r) => (can(r, cap) ? "yes" : "-")))
    }
  })

  it("gives the two commands", () => {
    expect(readme).toContain("npm install && npm run dev")
    expect(readme).toContain("npm test")
  })
})
