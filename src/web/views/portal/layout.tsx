// The payer portal's page shell: mobile first, the organisation's name and logo, htmx and one stylesheet only.
import type { Child } from "hono/jsx"

export type PortalOrg = { name: string; logoUrl: string | null; brandColour: string }

/** A band of the organisation's colour: SVG presentation attributes, so the strict style-src policy still holds. */
export function BrandBand({ colour, height = 4 }: { colour: string; height?: number }) {
  return (
    <svg class="brand-band" width="100%" height={height} aria-hidden="true" preserveAspectRatio="none" viewBox="0 0 100 1">
      <rect width="100" height="1" fill={colour} />
    </svg>
  )
}

export function PortalShell({ title, org, csrf, children }: { title: string; org: PortalOrg | null; csrf?: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <meta
          name="htmx-config"
          content='{"selfRequestsOnly":true,"allowScriptTags":false,"allowEval":false,"includeIndicatorStyles":false,"historyCacheSize":0}'
        />
        <title>{org ? `${title} · ${org.name}` : title}</title>
        <link rel="stylesheet" href="/app.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <script src="/vendor/htmx.min.js" defer></script>
      </head>
      <body class="portal" hx-headers={csrf ? JSON.stringify({ "X-CSRF-Token": csrf }) : undefined}>
        {org && <BrandBand colour={org.brandColour} />}
        <header class="p-top">
          {org ? (
            <a class="p-brand" href="/p/home">
              {org.logoUrl && /^https:\/\//.test(org.logoUrl) ? (
                <img src={org.logoUrl} alt="" width="32" height="32" />
              ) : (
                <svg class="p-mark" width="32" height="32" viewBox="0 0 32 32" aria-hidden="true">
                  <rect width="32" height="32" rx="8" fill={org.brandColour} />
                  <text x="16" y="22" text-anchor="middle" font-size="16" font-weight="700" fill="#fff">
                    {org.name.slice(0, 1).toUpperCase()}
                  </text>
                </svg>
              )}
              <span>{org.name}</span>
            </a>
          ) : (
            <span class="p-brand">Payment portal</span>
          )}
        </header>
        <main class="p-main" id="main">
          {children}
        </main>
        <footer class="p-foot muted small">Secure payment page · payments are processed by Stripe</footer>
      </body>
    </html>
  )
}
