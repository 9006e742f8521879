// Entry point: wires the fetch, scheduled, queue and email handlers and exports the Durable Object.
import { createApp } from "./web/app"
import { deadLetters, deliverBatch } from "./jobs/delivery"
import { runImportSlices } from "./jobs/imports"
import { handleInboundEmail } from "./jobs/inbound-email"
import { runScheduled } from "./jobs/scheduled"
import { tickBatch, type TickMessage } from "./jobs/tick-fanout"
import type { ImportMessage } from "./services/import-uploads"
import type { DeliveryMessage } from "./tenant/enqueue"

export { TenantDO } from "./tenant/tenant-do"

const app = createApp()

export default {
  fetch: app.fetch,
  scheduled: (controller, env, ctx) => runScheduled(controller, env, ctx),
  queue: (batch, env) =>
    batch.queue.endsWith("-ticks")
      ? tickBatch(batch as MessageBatch<TickMessage>, env)
      : batch.queue.endsWith("-imports")
        ? runImportSlices(batch as MessageBatch<ImportMessage>, env)
        : batch.queue.endsWith("-dlq")
          ? deadLetters(batch as MessageBatch<DeliveryMessage>, env)
          : deliverBatch(batch as MessageBatch<DeliveryMessage>, env),
  email: (message, env) => handleInboundEmail(message, env),
} satisfies ExportedHandler<Env>
