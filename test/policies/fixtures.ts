// Policies test fixtures: a published cadence version with thresholds and an active segment that uses it.
import { newId } from "../../src/db/ids"
import { cadenceSteps, cadenceVersions, cadences, segments } from "../../src/db/schema"
import type { Filters } from "../../src/domain/segment-rules"
import { db } from "../helpers"

export async function addPolicy(
  orgId: string,
  opts: {
    approvalThresholdMinor?: number | null
    highApprovalThresholdMinor?: number | null
    approverRoles?: string[] | null
    discountCapPercent?: number | null
    creditCapMinor?: number | null
    filters?: Filters
    priority?: number
    status?: "draft" | "active"
  } = {},
) {
  const d = db()
  const now = new Date().toISOString()
  const cadenceId = newId("cad")
  const versionId = newId("cv")
  const segmentId = newId("seg")
  await d.batch([
    d.insert(cadences).values({ id: cadenceId, orgId, name: "Neutral", tone: "neutral", liveVersion: 1, createdAt: now }),
    d.insert(cadenceVersions).values({
      id: versionId,
      orgId,
      cadenceId,
      version: 1,
      status: "published",
      approvalThresholdMinor: opts.approvalThresholdMinor ?? null,
      highApprovalThresholdMinor: opts.highApprovalThresholdMinor ?? null,
      approverRoles: opts.approverRoles ?? null,
      discountCapPercent: opts.discountCapPercent ?? null,
      creditCapMinor: opts.creditCapMinor ?? null,
      promiseMaxDays: 21,
      createdAt: now,
      publishedAt: now,
    }),
    d.insert(cadenceSteps).values({
      id: newId("cs"),
      orgId,
      versionId,
      position: 0,
      offsetDays: 7,
      subject: "Invoice {invoice_number}",
      body: "Hello {contact_name}",
    }),
    d.insert(segments).values({
      id: segmentId,
      orgId,
      name: "Everything",
      priority: opts.priority ?? 100,
      filters: opts.filters ?? {},
      cadenceId,
      cadenceVersion: 1,
      status: opts.status ?? "active",
      createdAt: now,
      updatedAt: now,
    }),
  ])
  return { cadenceId, versionId, segmentId }
}
