// The page shell: header with organisation and user, navigation by role, banners, main content.
import type { Child } from "hono/jsx"
import { roleLabels } from "../../domain/roles"
import type { AppEnv, Member } from "../env"
import { PlanBanner, TrialPill } from "./components/plan-banner"
import { navFor } from "./nav"
import { currentBanner } from "../middleware/banner"

export type Banner = AppEnv["Variables"]["banner"]

type Props = { title: string; member: Member; active?: string; banner?: Banner; children?: Child }

export function Head({ title }: { title: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta
        name="htmx-config"
        content='{"selfRequestsOnly":true,"allowScriptTags":false,"allowEval":false,"includeIndicatorStyles":false,"historyCacheSize":0}'
      />
      <title>{`${title} · Plixo`}</title>
      <link rel="stylesheet" href="/app.css" />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <script src="/vendor/htmx.min.js" defer></script>
      <script src="/app.js" defer></script>
    </head>
  )
}

export function Layout({ title, member, active, banner: given, children }: Props) {
  const banner = given ?? currentBanner()
  const items = navFor(member.role)
  const main = items.filter((i) => i.section === "main")
  const admin = items.filter((i) => i.section === "admin")
  const isActive = (href: string) => (active ?? "").startsWith(href)
  return (
    <html lang="en">
      <Head title={title} />
      <body hx-headers={JSON.stringify({ "X-CSRF-Token": member.csrfToken })}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="topbar">
          <a class="brand" href="/admin/overview" aria-label="Plixo home">
            <span class="brand-mark" aria-hidden="true">
              P
            </span>{" "}
            Plixo
          </a>
          <span class="org-name">{member.orgName}</span>
          <TrialPill member={member} plan={banner?.plan} />
          <div class="topbar-right">
            <span class="user">
              {member.label} <span class="role-pill">{roleLabels[member.role]}</span>
            </span>
            <a href="/account/sessions" class="link-quiet">
              Sessions
            </a>
            <form method="post" action="/sign-out" class="inline">
              <input type="hidden" name="_csrf" value={member.csrfToken} />
              <button class="btn btn-quiet" type="submit">
                Sign out
              </button>
            </form>
          </div>
        </header>
        <div class="shell">
          <nav class="sidenav" aria-label="Main">
            <ul>
              {main.map((i) => (
                <li>
                  <a href={i.href} class={isActive(i.href) ? "active" : ""} aria-current={isActive(i.href) ? "page" : undefined}>
                    {i.label}
                  </a>
                </li>
              ))}
            </ul>
            {admin.length > 0 && (
              <>
                <div class="nav-heading">Admin</div>
                <ul>
                  {admin.map((i) => (
                    <li>
                      <a href={i.href} class={isActive(i.href) ? "active" : ""} aria-current={isActive(i.href) ? "page" : undefined}>
                        {i.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </nav>
          <main id="main" class="content">
            {banner?.maintenance && (
              <div class="banner banner-warn" role="status">
                {banner.deploymentMaintenance
                  ? "Maintenance is on for every organisation on this deployment: Plixo sends nothing until its operators turn it off."
                  : "Maintenance is on: Plixo sends nothing until a Controller turns it off."}
              </div>
            )}
            {banner?.autopilotPaused && (
              <div class="banner banner-warn" role="status">
                Autopilot is paused for {member.orgName}
                {banner.autopilotPausedReason ? `: ${banner.autopilotPausedReason}` : ""}.
              </div>
            )}
            <PlanBanner member={member} plan={banner?.plan} />
            {children}
          </main>
        </div>
      </body>
    </html>
  )
}

/** A page for people who are not signed in (sign-in, sign-up, invitation). */
export function BareLayout({ title, children }: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <Head title={title} />
      <body class="bare">
        <main class="bare-main">
          <div class="bare-brand">
            <span class="brand-mark" aria-hidden="true">
              P
            </span>{" "}
            Plixo
          </div>
          {children}
        </main>
      </body>
    </html>
  )
}

/** A one-message page before sign-in (a link that expired, an invitation withdrawn) with the next step as a button. */
export function BareNotice({ title, text, action }: { title: string; text: string; action: Child }) {
  return (
    <BareLayout title={title}>
      <div class="card narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>{action}</p>
      </div>
    </BareLayout>
  )
}
