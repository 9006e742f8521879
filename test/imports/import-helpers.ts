/// <reference types="vite/client" />
// CSV fixtures of test/fixtures/csv and an API upload helper.
import { api, type TestOrg } from "../helpers"

const fixtures = import.meta.glob("../fixtures/csv/*.csv", { query: "?raw", import: "default", eager: true }) as Record<string, string>
export const csv = (name: string) => {
  const text = fixtures[`../fixtures/csv/${name}`]
  if (text === undefined) throw new Error(`no fixture ${name}`)
  return text
}

export function upload(
  org: TestOrg,
  kind: "customers" | "invoices",
  body: string,
  query = "",
  role: "controller" | "billing_admin" | "operator" = "controller",
) {
  return api(org, role, `/api/v1/imports/${kind}${query}`, { method: "POST", headers: { "Content-Type": "text/csv" }, body })
}
