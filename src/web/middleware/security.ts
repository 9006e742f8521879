// Security headers on every response: CSP without inline script, no framing, no sniffing, strict referrers.
import type { MiddlewareHandler } from "hono"
import type { AppEnv } from "../env"

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self' https://checkout.stripe.com https://connect.stripe.com https://billing.stripe.com",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ")

export const securityHeaders = (): MiddlewareHandler<AppEnv> =>
  async function securityHeaders(c, next) {
    await next()
    const h = c.res.headers
    // Forms that redirect to Stripe (Connect, Checkout, the billing portal) must be allowed to; with a local fake
    // (STRIPE_API_BASE) its pages stand in for Stripe's.
    const fake = c.env.STRIPE_API_BASE ? new URL(c.env.STRIPE_API_BASE).origin : null
    if (!h.has("Content-Security-Policy"))
      h.set("Content-Security-Policy", fake ? csp.replace("form-action 'self'", `form-action 'self' ${fake}`) : csp)
    h.set("X-Content-Type-Options", "nosniff")
    h.set("X-Frame-Options", "DENY")
    if (!h.has("Referrer-Policy")) h.set("Referrer-Policy", "same-origin")
    h.set("Cross-Origin-Opener-Policy", "same-origin")
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if (c.env.APP_URL?.startsWith("https://")) h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if (!h.has("Cache-Control") && (h.get("Content-Type") ?? "").includes("text/html")) h.set("Cache-Control", "no-store")
    // Exports (audit log, segment previews, import errors, evidence bundles, statements) hold finance data: no
    // browser, proxy or CDN keeps a copy, whatever the handler set.
    if ((h.get("Content-Disposition") ?? "").toLowerCase().startsWith("attachment") || (h.get("Content-Type") ?? "").includes("text/csv"))
      h.set("Cache-Control", "no-store")
  }
