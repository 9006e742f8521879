// Request size limits, enforced before anything parses the body (Hono bodyLimit counts the stream, so a missing or
// lying Content-Length does not help): 413 with the API error shape, or an error page for browsers.
import type { MiddlewareHandler } from "hono"
import { bodyLimit } from "hono/body-limit"
import { AppError, errorJson } from "../errors"
import type { AppEnv } from "../env"
import { renderErrorPage } from "../views/error-page"

const MB = 1024 * 1024
/** JSON and form bodies: a cadence, a segment or a form is a few KB; 1 MB leaves room for policy-as-code files. */
export const JSON_FORM_MAX_BYTES = 1 * MB
/** Uploads (CSV imports of up to 20 MB, dispute evidence of up to 10 MB) plus multipart overhead; their own checks name the file limit. */
export const UPLOAD_MAX_BYTES = 21 * MB

const limitFor = (type: string) =>
  type.includes("application/json") || type.includes("application/x-www-form-urlencoded") ? JSON_FORM_MAX_BYTES : UPLOAD_MAX_BYTES

export const requestLimits = (): MiddlewareHandler<AppEnv> =>
  async function requestLimits(c, next) {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next()
    const maxSize = limitFor((c.req.header("Content-Type") ?? "").toLowerCase())
    const limit = bodyLimit({
      maxSize,
      onError: (c) => {
        const message =
          maxSize === UPLOAD_MAX_BYTES
            ? "The upload is over 21 MB; the limit is 20 MB per file (10 MB for dispute evidence). Split it into smaller files."
            : `The request body is larger than ${maxSize / MB} MB, the limit for this kind of request.`
        const wantsJson =
          c.req.path.startsWith("/api/") ||
          c.req.path.startsWith("/webhooks/") ||
          (c.req.header("Accept") ?? "").startsWith("application/json")
        if (wantsJson)
          return errorJson(c, new AppError(413, "too_large", message, [{ field: "(body)", message: `at most ${maxSize} bytes` }]))
        return c.html(renderErrorPage(413, "Too large", message), 413)
      },
    })
    return limit(c, next)
  }
