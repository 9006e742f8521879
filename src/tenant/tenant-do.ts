// TenantDO: one Durable Object per organisation, the single writer of cadence progression and send budgets.
import { DurableObject } from "cloudflare:workers"

export class TenantDO extends DurableObject<Env> {
  /** Liveness probe used by the ops readiness panel. */
  async ping(): Promise<string> {
    return "ok"
  }
}
