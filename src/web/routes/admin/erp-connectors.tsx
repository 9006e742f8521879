// Admin -> Connectors, ERP part: QuickBooks Online connect (to Intuit and back), NetSuite credentials, sync now and
// disconnect. The first sync after connecting runs in the background; the page shows its result on reload.
import { Hono } from "hono"
import { AppError } from "../../../domain/errors"
import {
  connectNetsuite,
  connectorOf,
  disconnectErp,
  erpLabel,
  finishQuickbooks,
  startQuickbooks,
  type ErpKind,
} from "../../../services/erp-connect"
import { syncErpConnector } from "../../../services/erp-sync"
import type { AppContext, AppEnv } from "../../env"
import { connectorsPage } from "./connectors"

type Notice = { kind: "good" | "bad" | "info"; text: string }

/** Runs the first sync after the response, so the Controller is not kept waiting on a full load. */
async function syncInBackground(c: AppContext, kind: ErpKind) {
  const connector = await connectorOf(c.var.db, c.var.member.orgId, kind)
  if (connector) c.executionCtx.waitUntil(syncErpConnector(c.env, c.var.db, connector).then(() => undefined))
}

async function syncNow(c: AppContext, kind: ErpKind) {
  const connector = await connectorOf(c.var.db, c.var.member.orgId, kind)
  if (!connector?.secret || connector.status === "disconnected")
    return connectorsPage(c, { kind: "bad", text: `${erpLabel[kind]} is not connected.` }, 422)
  const r = await syncErpConnector(c.env, c.var.db, connector)
  const notice: Notice = r.ok
    ? {
        kind: r.rowErrors ? "info" : "good",
        text: `${erpLabel[kind]} synced${r.full ? " (full load)" : ""}: ${r.rowsChanged} row${r.rowsChanged === 1 ? "" : "s"} changed${r.rowErrors ? `, ${r.rowErrors} refused (see the import's errors)` : ""}.`,
      }
    : { kind: "bad", text: `${erpLabel[kind]} sync failed: ${r.message}` }
  return connectorsPage(c, notice, r.ok ? 200 : 422)
}

export const erpConnectorRoutes = new Hono<AppEnv>()
  .post("/admin/connectors/quickbooks/connect", async (c) => {
    try {
      return c.redirect(await startQuickbooks(c.env, c.var.member.orgId, c.var.member.sessionId), 303)
    } catch (err) {
      if (err instanceof AppError) return connectorsPage(c, { kind: "bad", text: err.message }, 422)
      throw err
    }
  })
  .get("/admin/connectors/quickbooks/callback", async (c) => {
    const q = c.req.query()
    try {
      await finishQuickbooks(c.env, c.var.db, c.var.member.orgId, c.var.member.sessionId, c.var.actor, {
        code: q.code,
        state: q.state,
        realmId: q.realmId,
        error: q.error,
      })
    } catch (err) {
      if (err instanceof AppError) return connectorsPage(c, { kind: "bad", text: err.message }, 400)
      return connectorsPage(
        c,
        {
          kind: "bad",
          text: `QuickBooks did not complete the connection: ${err instanceof Error ? err.message : String(err)}. Nothing was stored.`,
        },
        400,
      )
    }
    await syncInBackground(c, "quickbooks")
    return c.redirect("/admin/connectors?done=quickbooks_connected", 303)
  })
  .post("/admin/connectors/quickbooks/sync", (c) => syncNow(c, "quickbooks"))
  .post("/admin/connectors/quickbooks/disconnect", async (c) => {
    await disconnectErp(c.var.db, c.var.member.orgId, c.var.actor, "quickbooks")
    return c.redirect("/admin/connectors?done=disconnected", 303)
  })
  .post("/admin/connectors/netsuite/connect", async (c) => {
    const form = Object.fromEntries(await c.req.formData())
    try {
      await connectNetsuite(c.env, c.var.db, c.var.member.orgId, c.var.actor, form)
    } catch (err) {
      if (err instanceof AppError) return connectorsPage(c, { kind: "bad", text: err.message }, err.status === 400 ? 400 : 422)
      throw err
    }
    await syncInBackground(c, "netsuite")
    return c.redirect("/admin/connectors?done=netsuite_connected", 303)
  })
  .post("/admin/connectors/netsuite/sync", (c) => syncNow(c, "netsuite"))
  .post("/admin/connectors/netsuite/disconnect", async (c) => {
    await disconnectErp(c.var.db, c.var.member.orgId, c.var.actor, "netsuite")
    return c.redirect("/admin/connectors?done=disconnected", 303)
  })
