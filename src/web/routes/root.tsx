// The front door: health check and the redirect to the right home page.
import { Hono } from "hono"
import type { AppEnv } from "../env"

export const rootRoutes = new Hono<AppEnv>()
  .get("/", (c) => c.redirect(c.var.member ? "/admin/overview" : "/sign-in", 302))
  .get("/healthz", (c) => c.json({ ok: true }))
