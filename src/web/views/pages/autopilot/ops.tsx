// The ops page: is the machinery running (cron, queue, dead letters, connectors), the organisation's own switches, and
// the deployment-wide switches shown read-only.
import { cronHealth } from "../../../../domain/cron-health"
import type { readiness } from "../../../../services/ops"
import type { Member } from "../../../env"
import { Layout } from "../../layout"
import { Badge, CsrfField, Flash, PageHeader } from "../../components/ui"

type Props = { member: Member; r: Awaited<ReturnType<typeof readiness>>; now: Date; saved: string | null }

function ago(iso: string | null | undefined, now: Date): string {
  if (!iso) return "never"
  const mins = Math.round((now.getTime() - Date.parse(iso)) / 60_000)
  if (mins < 1) return "just now"
  if (mins < 120) return `${mins} min ago`
  return `${Math.round(mins / 60)} h ago`
}

function Toggle({
  member,
  action,
  fields,
  label,
  danger,
}: {
  member: Member
  action: string
  fields: Record<string, string>
  label: string
  danger?: boolean
}) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={member.csrfToken} />
      {Object.entries(fields).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button class={danger ? "btn btn-danger" : "btn"} type="submit" data-confirm={danger ? `${label}?` : undefined}>
        {label}
      </button>
    </form>
  )
}

export function OpsPage({ member, r, now, saved }: Props) {
  const cron = cronHealth(r.cronLastRun?.at, now)
  const cronNote =
    cron.state === "late"
      ? `late by ${cron.lateMinutes} min: the next tick was due at ${cron.nextAt!.toISOString().slice(11, 16)} UTC`
      : cron.nextAt
        ? `next tick ${cron.nextAt.toISOString().slice(11, 16)} UTC`
        : "runs every 5 minutes"
  return (
    <Layout title="Ops" member={member} active="/admin/ops">
      <PageHeader title="Ops" subtitle="Readiness of the Autopilot machinery, and the switches that stop sending." />
      {saved && <Flash kind="good">{saved}</Flash>}
      <div class="grid grid-4">
        <div class="kpi">
          <div class="kpi-label">Autopilot cron</div>
          <div class="kpi-value">
            {r.cronPaused ? (
              <Badge tone="warn">paused</Badge>
            ) : cron.state === "not_run" ? (
              <Badge>not run yet</Badge>
            ) : cron.state === "late" ? (
              <Badge tone="bad">late</Badge>
            ) : (
              <Badge tone="good">running</Badge>
            )}
          </div>
          <div class="kpi-note">
            last tick {ago(r.cronLastRun?.at, now)}
            {r.cronLastRun ? ` · ${r.cronLastRun.organisations} organisations` : ""} · {r.cronPaused ? "paused" : cronNote}
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Delivery backlog</div>
          <div class="kpi-value">{(r.queued + r.sending).toLocaleString("en-US")}</div>
          <div class="kpi-note">
            {r.queued} queued · {r.sending} sending
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Dead letters</div>
          <div class="kpi-value">{r.deadLetters.toLocaleString("en-US")}</div>
          <div class="kpi-note">{r.deadLetters ? <a href="/work/queue">see failed deliveries</a> : "none"}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Daily snapshots</div>
          <div class="kpi-value">
            {r.dailyLastRun ? (
              <Badge tone={r.dailyLastRun.failed ? "warn" : "good"}>
                {r.dailyLastRun.failed ? `${r.dailyLastRun.failed} failed` : "ok"}
              </Badge>
            ) : (
              <Badge>not yet</Badge>
            )}
          </div>
          <div class="kpi-note">last run {ago(r.dailyLastRun?.at, now)}</div>
        </div>
      </div>
      <div class="grid grid-2">
        <section class="card">
          <h2>Switches</h2>
          <dl class="facts">
            <dt>Maintenance, {member.orgName}</dt>
            <dd>
              {r.orgMaintenance ? <Badge tone="warn">on</Badge> : <Badge tone="good">off</Badge>}{" "}
              <Toggle
                member={member}
                action="/admin/ops/maintenance"
                fields={{ scope: "organisation", state: r.orgMaintenance ? "off" : "on" }}
                label={r.orgMaintenance ? "Turn off" : "Turn on"}
                danger={!r.orgMaintenance}
              />
            </dd>
            <dt>Autopilot, {member.orgName}</dt>
            <dd>
              {r.autopilotPaused ? (
                <>
                  <Badge tone="bad">paused</Badge> {r.autopilotPaused}{" "}
                </>
              ) : (
                <Badge tone="good">active</Badge>
              )}{" "}
              <Toggle
                member={member}
                action="/admin/ops/autopilot"
                fields={{ state: r.autopilotPaused ? "active" : "paused" }}
                label={r.autopilotPaused ? "Resume Autopilot" : "Pause Autopilot"}
                danger={!r.autopilotPaused}
              />
            </dd>
          </dl>
          <h3>Every organisation on this deployment</h3>
          <dl class="facts">
            <dt>Maintenance, every organisation</dt>
            <dd>{r.globalMaintenance ? <Badge tone="warn">on</Badge> : <Badge tone="good">off</Badge>}</dd>
            <dt>Autopilot cron</dt>
            <dd>{r.cronPaused ? <Badge tone="warn">paused</Badge> : <Badge tone="good">running</Badge>}</dd>
          </dl>
          <p class="muted">
            These two switches belong to the people who run the deployment, not to any organisation's role. Operators use{" "}
            <code>npm run ops -- maintenance-on | maintenance-off | pause-cron | resume-cron [--remote]</code>.
          </p>
        </section>
        <section class="card">
          <h2>Connectors</h2>
          {r.connectors.length === 0 ? (
            <p class="muted">
              No connectors yet. <a href="/admin/connectors">Connect Stripe or an ERP</a>.
            </p>
          ) : (
            <dl class="facts">
              {r.connectors.map((k) => (
                <>
                  <dt>{k.kind}</dt>
                  <dd>
                    <Badge tone={k.status === "active" ? "good" : k.status === "pending" ? "info" : "bad"}>{k.status}</Badge> last event{" "}
                    {ago(k.lastEventAt, now)}
                    {k.lastError ? ` · ${k.lastError}` : ""}
                  </dd>
                </>
              ))}
            </dl>
          )}
        </section>
      </div>
    </Layout>
  )
}
