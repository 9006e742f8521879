// Writers of facts the cadence reads tell the organisation's TenantDO right after their D1 batch; if this is lost,
// the next tick's watermark reconcile finds the change in D1 anyway.
import type { ChangeNotice } from "./cadence-state"

export async function notifyCadence(env: Pick<Env, "TENANT">, orgId: string, notice: ChangeNotice): Promise<void> {
  if ((notice.invoiceIds?.length ?? 0) + (notice.customerIds?.length ?? 0) === 0 && !notice.all) return
  try {
    await env.TENANT.get(env.TENANT.idFromName(orgId)).factsChanged(notice, orgId)
  } catch (err) {
    console.error("cadence notification lost; the next tick reconciles", orgId, err)
  }
}
