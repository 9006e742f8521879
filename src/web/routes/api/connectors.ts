// GET /api/v1/connectors (API.md "Organisation, plans, connectors, documents"): every kind, connected or not.
import { z } from "zod"
import { connectorSummaries } from "../../../services/connectors"
import { apiApp, apiRoute } from "../../api-route"

const connectorsSchema = z.object({
  data: z.array(
    z.object({
      kind: z.enum(["stripe", "quickbooks", "netsuite", "csv"]),
      status: z.enum(["green", "amber", "red", "disconnected"]),
      last_sync_at: z.string().nullable().describe("last sync (ERP), last event (Stripe) or last upload (CSV), ISO 8601 UTC"),
      expires_at: z.string().nullable().describe("when the stored credential expires (re-authenticate before)"),
      rows_changed_last_sync: z.number().int().nullable(),
      errors_last_sync: z.number().int().describe("rows the last sync or upload refused"),
      last_error: z.string().nullable(),
    }),
  ),
})
const health = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Health of every connector kind",
  tags: ["Data-Ready"],
  responses: { 200: { description: "Connectors", content: { "application/json": { schema: connectorsSchema } } } },
})

export const connectorApiRoutes = apiApp().openapi(health, async (c) => {
  const rows = await connectorSummaries(c.var.db, c.var.member.orgId, new Date())
  return c.json(
    {
      data: rows.map((r) => ({
        kind: r.kind,
        status: r.status,
        last_sync_at: r.lastSyncAt,
        expires_at: r.expiresAt,
        rows_changed_last_sync: r.rowsChangedLastSync,
        errors_last_sync: r.errors,
        last_error: r.lastError,
      })),
    },
    200,
  )
})
