// GET /api/v1/docs: the API reference rendered from that document by Scalar, served from our own static assets
// (public/vendor, copied by `npm run assets`) so it works offline and under a nonce-based script policy.
import { Scalar } from "@scalar/hono-api-reference"
import type { Context } from "hono"
import type { AppContext } from "../../env"

export const scalarBundlePath = "/vendor/scalar-api-reference.js"

export async function apiDocsPage(c: AppContext) {
  const nonce = crypto.randomUUID().replace(/-/g, "")
  // Scalar injects its stylesheet at run time and fetches the document from this origin; nothing else loads.
  c.header(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
  )
  const render = Scalar({
    url: "/api/v1/openapi.json",
    cdn: scalarBundlePath,
    nonce,
    pageTitle: "Plixo API reference",
    withDefaultFonts: false,
    telemetry: false,
    showDeveloperTools: "never",
    mcp: { disabled: true },
    agent: { disabled: true },
    defaultOpenAllTags: false,
  })
  // Scalar's middleware is typed for Hono's default Env; it reads nothing from ours.
  return render(c as unknown as Context, async () => {}) as Promise<Response>
}
