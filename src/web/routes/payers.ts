// The payer area: the portal under /p, dispute metrics, and the finance pages for disputes and promises.
import { Hono } from "hono"
import type { AppEnv } from "../env"
import { disputeMetricsApiRoutes } from "./api/dispute-metrics"
import { portalRoutes } from "./portal"
import { disputeInspectorRoutes } from "./work/dispute-inspector"
import { disputeWorkRoutes } from "./work/disputes"

export const payerRoutes = new Hono<AppEnv>()
  .route("/", portalRoutes as unknown as Hono<AppEnv>)
  .route("/", disputeMetricsApiRoutes)
  .route("/", disputeInspectorRoutes)
  .route("/", disputeWorkRoutes)
  // The benchmark's baseline: one D1 query and a tiny page, through the same middleware. Development only.
  .get("/bench/baseline", async (c) => {
    if (c.env.APP_ENV !== "development") return c.notFound()
    const row = await c.env.DB.prepare("select name from organisations where id = ?").bind("org_acme_demo").first<{ name: string }>()
    return c.html(`<!doctype html><title>baseline</title><p>${row ? "ok" : "no org"}</p>`)
  })
