// Admin -> Connectors: Data-Ready, Stripe (connect, test event, health), CSV import entry and recent imports.
import type { ImportRecord } from "../../../db/imports"
import type { DataReadyResult } from "../../../domain/data-ready"
import type { Connector, ConnectorSummary, Health } from "../../../services/connectors"
import type { Member } from "../../env"
import { DataReadyWidget } from "../components/data-ready"
import { Badge, CsrfField, Flash, PageHeader, type Tone } from "../components/ui"
import { Layout } from "../layout"
import { ConnectorHealthTable, NetsuiteCard, QuickbooksCard } from "./erp-connectors"
import { ImportsTable } from "./imports"

const healthTone: Record<Health["status"], Tone> = {
  not_connected: "neutral",
  pending: "info",
  active: "good",
  error: "bad",
  expiring: "warn",
  expired: "bad",
  disconnected: "neutral",
  revoked: "bad",
}
const healthWord: Record<Health["status"], string> = {
  not_connected: "Not connected",
  pending: "Onboarding",
  active: "Active",
  error: "Error",
  expiring: "Expiring",
  expired: "Expired",
  disconnected: "Disconnected",
  revoked: "Reconnect needed",
}
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never")

type Props = {
  member: Member
  dataReady: DataReadyResult
  streak: number
  stripe: Connector | null
  health: Health
  stripeConfigured: boolean
  imports: ImportRecord[]
  notice?: { kind: "good" | "bad" | "info"; text: string } | null
  summaries: ConnectorSummary[]
  quickbooksConfigured: boolean
  netsuiteDemo: Record<string, string> | null
}

export function StripeCard({ member, stripe, health, stripeConfigured }: Pick<Props, "member" | "stripe" | "health" | "stripeConfigured">) {
  return (
    <section class="card" aria-labelledby="stripe-title">
      <div class="card-head">
        <h2 id="stripe-title">Stripe</h2>
        <Badge tone={healthTone[health.status]}>{healthWord[health.status]}</Badge>
      </div>
      <p class="muted small">Payers pay through Stripe Checkout; funds settle in your own Stripe balance, never in Plixo.</p>
      {health.banner && (
        <div class="banner banner-warn" role="status">
          {health.banner}
          <form method="post" action="/admin/connectors/stripe/connect" class="inline">
            <CsrfField token={member.csrfToken} />
            <button class="btn btn-small" type="submit">
              Re-authenticate
            </button>
          </form>
        </div>
      )}
      {stripe?.accountId ? (
        <dl class="facts">
          <dt>Connected account</dt>
          <dd>
            <code>{stripe.accountId}</code>
          </dd>
          <dt>Last event</dt>
          <dd>{when(stripe.lastEventAt)}</dd>
          <dt>Last error</dt>
          <dd>{stripe.lastError ? `${stripe.lastError} (${when(stripe.lastErrorAt)})` : "none"}</dd>
          <dt>Test event</dt>
          <dd>
            {stripe.testEventReceivedAt ? (
              <Badge tone="good">Stripe test received</Badge>
            ) : stripe.testEventSentAt ? (
              `sent ${when(stripe.testEventSentAt)}, waiting for the webhook`
            ) : (
              "not sent yet"
            )}
          </dd>
          {stripe.credentialExpiresAt && (
            <>
              <dt>Credentials valid until</dt>
              <dd>{stripe.credentialExpiresAt.slice(0, 10)}</dd>
            </>
          )}
        </dl>
      ) : (
        <p>Connect your Stripe account so payments mark invoices paid the moment they settle.</p>
      )}
      {!stripeConfigured && (
        <Flash kind="info">
          Stripe platform keys are not set on this deployment. Set <code>STRIPE_SECRET_KEY</code> (your Connect platform's secret key) and{" "}
          <code>STRIPE_WEBHOOK_SECRET</code> (the signing secret of the Connect webhook endpoint <code>/webhooks/stripe</code>) with{" "}
          <code>wrangler secret put</code>, or in <code>.dev.vars</code> locally.
        </Flash>
      )}
      <div class="row">
        <form method="post" action="/admin/connectors/stripe/connect" class="inline">
          <CsrfField token={member.csrfToken} />
          <button class={`btn ${stripe?.accountId ? "" : "btn-primary"}`} type="submit" disabled={!stripeConfigured}>
            {stripe?.accountId ? "Continue onboarding" : "Connect Stripe"}
          </button>
        </form>
        <form method="post" action="/admin/connectors/stripe/test-event" class="inline">
          <CsrfField token={member.csrfToken} />
          <button
            class={`btn ${stripe?.accountId && !stripe.testEventReceivedAt ? "btn-primary" : ""}`}
            type="submit"
            disabled={!stripeConfigured || !stripe?.accountId}
          >
            Send test event
          </button>
        </form>
      </div>
    </section>
  )
}

export function ConnectorsPage(p: Props) {
  return (
    <Layout title="Connectors" member={p.member} active="/admin/connectors">
      <PageHeader title="Connectors" subtitle="Get customers, invoices and payments into Plixo, and keep them fresh." />
      {p.notice && <Flash kind={p.notice.kind}>{p.notice.text}</Flash>}
      <div class="grid grid-2">
        <DataReadyWidget result={p.dataReady} streakDays={p.streak} connectors={p.summaries} />
        <div>
          <StripeCard member={p.member} stripe={p.stripe} health={p.health} stripeConfigured={p.stripeConfigured} />
          <section class="card" aria-labelledby="csv-title">
            <div class="card-head">
              <h2 id="csv-title">CSV Import</h2>
              <a class="btn btn-primary" href="/admin/connectors/import">
                Import a CSV
              </a>
            </div>
            <p class="muted small">
              Customers and invoices from any ERP export. Templates:{" "}
              <a href="/admin/connectors/import/templates/customers.csv">customers.csv</a> ·{" "}
              <a href="/admin/connectors/import/templates/invoices.csv">invoices.csv</a>
            </p>
          </section>
        </div>
      </div>
      <div class="grid grid-2">
        <QuickbooksCard s={p.summaries.find((s) => s.kind === "quickbooks")!} member={p.member} configured={p.quickbooksConfigured} />
        <NetsuiteCard s={p.summaries.find((s) => s.kind === "netsuite")!} member={p.member} demo={p.netsuiteDemo} />
      </div>
      <ConnectorHealthTable rows={p.summaries} />
      <section class="card" aria-labelledby="recent-title">
        <h2 id="recent-title">Recent imports</h2>
        <ImportsTable imports={p.imports} />
      </section>
    </Layout>
  )
}
