// Composes the Hono app: middleware chain, one sub-app per area, error handling. No business logic here.
import { Hono } from "hono"
import { contextStorage } from "hono/context-storage"
import { HTTPException } from "hono/http-exception"
import { ZodError } from "zod"
import { createDb } from "../db/client"
import { AppError, errorJson, zodDetails } from "./errors"
import type { AppEnv } from "./env"
import { authenticate } from "./middleware/auth"
import { banner } from "./middleware/banner"
import { requestLimits } from "./middleware/body-limit"
import { csrf } from "./middleware/csrf"
import { securityHeaders } from "./middleware/security"
import { renderErrorPage } from "./views/error-page"
import { mountRoutes } from "./routes"

export function createApp() {
  const app = new Hono<AppEnv>()
  app.use("*", contextStorage())
  app.use("*", securityHeaders())
  app.use("*", requestLimits())
  app.use("*", async function database(c, next) {
    c.set("db", createDb(c.env.DB))
    await next()
  })
  app.use("*", authenticate())
  app.use("*", banner())
  app.use("*", csrf())

  mountRoutes(app)

  app.notFound((c) => {
    if (c.req.path.startsWith("/api/")) return errorJson(c, new AppError(404, "not_found", `No route ${c.req.method} ${c.req.path}`))
    return c.html(renderErrorPage(404, "Page not found", "The page you asked for does not exist."), 404)
  })

  app.onError((err, c) => {
    const appErr =
      err instanceof AppError
        ? err
        : err instanceof ZodError
          ? new AppError(400, "validation_failed", "The request is not valid", zodDetails(err.issues))
          : err instanceof HTTPException
            ? fromHttpException(err)
            : null
    if (!appErr) console.error(`${c.req.method} ${c.req.path}`, err)
    const e = appErr ?? new AppError(500, "internal", "Something went wrong on our side. It has been logged.")
    const wantsJson =
      c.req.path.startsWith("/api/") || c.req.path.startsWith("/webhooks/") || (c.req.header("Accept") ?? "").startsWith("application/json")
    if (wantsJson) return errorJson(c, e)
    if (c.req.header("HX-Request")) return c.html(`<div class="flash flash-bad" role="alert">${escapeText(e.message)}</div>`, e.status)
    return c.html(
      renderErrorPage(e.status, e.status === 403 ? "Not allowed" : e.status === 404 ? "Not found" : "Something went wrong", e.message),
      e.status,
    )
  })
  return app
}

/** Refusals Hono's validators raise before a handler runs: a body that is not JSON, or of a type the route does not take. */
function fromHttpException(err: HTTPException): AppError {
  if (err.status === 415) return new AppError(415, "validation_failed", "The body must be JSON (Content-Type: application/json)")
  if (err.status === 400) return new AppError(400, "validation_failed", "The body is not valid JSON")
  if (err.status === 413) return new AppError(413, "too_large", err.message || "The body is too large")
  return new AppError(500, "internal", "Something went wrong on our side. It has been logged.")
}

function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
