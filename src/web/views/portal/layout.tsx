// The payer portal's page shell: mobile first, the organisation's name and logo, htmx and one stylesheet only.
import type { Child } from "hono/jsx"

export type PortalOrg = { name: string; logoUrl: string | null }

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
        <header class="p-top">
          {org ? (
            <a class="p-brand" href="/p/home">
              {org.logoUrl && /^https:\/\//.test(org.logoUrl) ? (
                <img src={org.logoUrl} alt="" width="32" height="32" />
              ) : (
                <span class="p-mark" aria-hidden="true">
                  {org.name.slice(0, 1).toUpperCase()}
                </span>
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
