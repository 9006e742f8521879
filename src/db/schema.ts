// The whole product's data model, one module per area. Tenant tables carry org_id first in every index.
export * from "./schema/orgs"
export * from "./schema/receivables"
export * from "./schema/data"
export * from "./schema/policies"
export * from "./schema/outreach"
export * from "./schema/billing"
