// Admin -> Deliverability: reputation rates, sending domains with records to publish, warmup, suppression list.
import type { sendingDomains, suppressions } from "../../../../db/schema"
import type { DnsRecord, Rates } from "../../../../domain/deliverability"
import { bounceRateLimit, complaintRateLimit } from "../../../../domain/deliverability"
import { warmupSchedule } from "../../../../domain/send-caps"
import type { Member } from "../../../env"
import { Layout } from "../../layout"
import { Badge, CsrfField, EmptyState, Flash, PageHeader, DataTable } from "../../components/ui"

type Domain = typeof sendingDomains.$inferSelect & { records: DnsRecord[]; capToday: number }
type Props = {
  member: Member
  canResume: boolean
  paused: { reason: string | null } | null
  rates: Rates
  domains: Domain[]
  list: (typeof suppressions.$inferSelect)[]
  flash: { kind: "good" | "warn" | "bad"; text: string } | null
}

const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`

function Check({ ok, label }: { ok: boolean; label: string }) {
  return (
    <Badge tone={ok ? "good" : "warn"}>
      {label} {ok ? "verified" : "not found"}
    </Badge>
  )
}

export function DeliverabilityPage({ member, canResume, paused, rates, domains, list, flash }: Props) {
  return (
    <Layout title="Deliverability" member={member} active="/admin/deliverability">
      <PageHeader
        title="Deliverability"
        subtitle="Sender reputation over the last 7 days, sending domains and the addresses Plixo never emails."
      />
      {flash && <Flash kind={flash.kind}>{flash.text}</Flash>}
      {paused && (
        <div class="banner banner-bad" role="status">
          Autopilot is paused{paused.reason ? `: ${paused.reason}` : ""}.
          {canResume && (
            <form method="post" action="/admin/deliverability/resume" class="inline">
              <CsrfField token={member.csrfToken} />{" "}
              <button class="btn" type="submit" data-confirm="Resume Autopilot for every segment in Autopilot mode?">
                Resume Autopilot
              </button>
            </form>
          )}
        </div>
      )}
      <div class="grid grid-3">
        <div class="kpi">
          <div class="kpi-label">Emails sent (7 days)</div>
          <div class="kpi-value">{rates.sent.toLocaleString("en-US")}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Bounce rate</div>
          <div class="kpi-value">{pct(rates.bounceRate)}</div>
          <div class="kpi-note">
            {rates.bounces} bounces · pauses above {pct(bounceRateLimit, 0)}
          </div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Complaint rate</div>
          <div class="kpi-value">{pct(rates.complaintRate, 2)}</div>
          <div class="kpi-note">
            {rates.complaints} complaints · pauses above {pct(complaintRateLimit)}
          </div>
        </div>
      </div>

      <section class="card">
        <h2>Sending domains</h2>
        {domains.length === 0 && (
          <p class="muted">
            Reminders go out from Plixo's shared domain until you add your own. Your own domain improves trust and inbox placement.
          </p>
        )}
        {domains.map((d) => (
          <div class="domain-block">
            <h3>
              {d.domain} <Check ok={d.spfVerified} label="SPF" /> <Check ok={d.dkimVerified} label="DKIM" />{" "}
              <Check ok={d.dmarcVerified} label="DMARC" />
            </h3>
            <p class="muted">
              {d.checkedAt ? `Last checked ${d.checkedAt.slice(0, 16).replace("T", " ")} UTC.` : "Not checked yet."} Sending limit today:{" "}
              {d.capToday.toLocaleString("en-US")} emails
              {d.warmupStartedAt
                ? ` (warming up since ${d.warmupStartedAt.slice(0, 10)}: ${warmupSchedule.join(", ")} per day, up to ${d.dailyCap.toLocaleString("en-US")})`
                : ""}
              .
            </p>
            <DataTable columns={["Record", "Type", "Name", "Value", ""]}>
              {d.records.map((r) => (
                <tr>
                  <td>{r.kind}</td>
                  <td>{r.type}</td>
                  <td>
                    <code>{r.name}</code>
                  </td>
                  <td>
                    <code>{r.value}</code>
                  </td>
                  <td>
                    <button type="button" class="btn" data-copy={r.value}>
                      Copy value
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
            <form method="post" action={`/admin/deliverability/domains/${d.id}/verify`} class="domain-check">
              <CsrfField token={member.csrfToken} />
              <button class="btn" type="submit">
                Check DNS now
              </button>
            </form>
          </div>
        ))}
        <form method="post" action="/admin/deliverability/domains" class="filters">
          <CsrfField token={member.csrfToken} />
          <div class="field">
            <label for="domain">Add a sending domain</label>
            <input id="domain" name="domain" placeholder="billing.example.com" required />
          </div>
          <button class="btn btn-primary" type="submit">
            Add domain
          </button>
        </form>
      </section>

      <section class="card">
        <h2>Suppression list</h2>
        <form method="post" action="/admin/deliverability/suppressions" class="filters">
          <CsrfField token={member.csrfToken} />
          <div class="field">
            <label for="email">Email address</label>
            <input id="email" name="email" type="email" required />
          </div>
          <div class="field">
            <label for="detail">Note</label>
            <input id="detail" name="detail" maxlength={200} placeholder="Asked not to be contacted" />
          </div>
          <button class="btn btn-primary" type="submit">
            Suppress
          </button>
        </form>
        {list.length === 0 ? (
          <EmptyState title="No suppressed addresses">
            Bounces, complaints and unsubscribes land here automatically; you can also add an address by hand.
          </EmptyState>
        ) : (
          <DataTable columns={["Address", "Why", "Note", "Since", ""]}>
            {list.map((s) => (
              <tr>
                <td>{s.email}</td>
                <td>
                  <Badge tone={s.reason === "complaint" || s.reason === "bounce" ? "bad" : "neutral"}>{s.reason}</Badge>
                </td>
                <td>{s.detail ?? ""}</td>
                <td class="num">{s.createdAt.slice(0, 10)}</td>
                <td>
                  <form method="post" action={`/admin/deliverability/suppressions/${s.id}/remove`} class="inline">
                    <CsrfField token={member.csrfToken} />
                    <button class="btn btn-danger" type="submit" data-confirm={`Email ${s.email} again?`}>
                      Remove
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </Layout>
  )
}
