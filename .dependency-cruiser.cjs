// Layer rules of ARCHITECTURE.md, checked in CI: imports point down web -> services -> (domain, db, integrations, tenant).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "domain-is-pure", severity: "error", comment: "domain/ imports nothing of the project", from: { path: "^src/domain/" }, to: { path: "^src/", pathNot: "^src/domain/" } },
    { name: "db-below-services", severity: "error", comment: "db/ holds SQL and types; it never reaches up", from: { path: "^src/db/" }, to: { path: "^src/(services|web|jobs|tenant|integrations)/" } },
    { name: "integrations-are-adapters", severity: "error", comment: "integrations/ are adapters: no SQL, no use cases, no web", from: { path: "^src/integrations/" }, to: { path: "^src/(services|web|jobs|tenant|db)/" } },
    { name: "services-below-web", severity: "error", comment: "services/ never import web/ or jobs/", from: { path: "^src/services/" }, to: { path: "^src/(web|jobs)/" } },
    { name: "tenant-below-services", severity: "error", comment: "tenant/ (the TenantDO) uses domain, db and integrations, not services or web", from: { path: "^src/tenant/" }, to: { path: "^src/(services|web|jobs)/" } },
    { name: "jobs-below-web", severity: "error", comment: "jobs/ are entry points beside web/, never importing it", from: { path: "^src/jobs/" }, to: { path: "^src/web/" } },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true, dependencyTypesNot: ["type-only"] } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^src/cli/" },
  },
}
