// Entry point: wires the fetch, scheduled, queue and email handlers and exports the Durable Object.
import { createApp } from "./web/app"

export { TenantDO } from "./tenant/tenant-do"

const app = createApp()

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>
