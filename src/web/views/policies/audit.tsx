// Admin -> Audit & Exports: the audit log filtered by user, action and time; CSV; per-payer evidence in one click.
import type { AuditFilter, AuditRow } from "../../../db/audit-log"
import { can } from "../../../domain/roles"
import type { Member } from "../../env"
import { EmptyState, PageHeader, DataTable } from "../components/ui"
import { Layout } from "../layout"

type Props = {
  member: Member
  filter: AuditFilter
  rows: AuditRow[]
  next: string | null
  choices: { actions: string[]; actors: { id: string | null; label: string | null }[] }
  customers: { id: string; name: string; externalId: string }[]
  customerQuery: string
}

/** `{status: "draft"}` -> `status: draft`, long values cut: the CSV export has the full JSON. */
const brief = (v: unknown) => {
  if (v === null || v === undefined) return ""
  const s =
    typeof v === "object" && !Array.isArray(v)
      ? Object.entries(v as Record<string, unknown>)
          .map(([k, x]) => `${k.replace(/_/g, " ")}: ${typeof x === "string" ? x : JSON.stringify(x)}`)
          .join(" · ")
      : JSON.stringify(v)
  return s.length > 160 ? `${s.slice(0, 157)}…` : s
}

export function AuditPage(p: Props) {
  const q = new URLSearchParams(Object.entries(p.filter).filter(([, v]) => v) as [string, string][]).toString()
  return (
    <Layout title="Audit & Exports" member={p.member} active="/admin/audit">
      <PageHeader
        title="Audit & Exports"
        subtitle="Every policy change, publish, segment change, send, promise, dispute, approval and Autopilot switch or override: who, what, before and after, when (UTC)."
        actions={
          can(p.member.role, "exports") && (
            <a class="btn" href={`/admin/audit.csv${q ? `?${q}` : ""}`}>
              Export CSV
            </a>
          )
        }
      />
      <form method="get" action="/admin/audit" class="filters card">
        <div class="field">
          <label for="a-actor">User</label>
          <select id="a-actor" name="actor">
            <option value="">Anyone</option>
            {p.choices.actors.map((a) => (
              <option value={a.id ?? a.label ?? ""} selected={p.filter.actor === (a.id ?? a.label)}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="a-action">Action</label>
          <select id="a-action" name="action">
            <option value="">Any action</option>
            {[...new Set(p.choices.actions.map((a) => a.split(".")[0]))].map((g) => (
              <optgroup label={g}>
                <option value={g} selected={p.filter.action === g}>
                  All {g} actions
                </option>
                {p.choices.actions
                  .filter((a) => a.startsWith(`${g}.`))
                  .map((a) => (
                    <option value={a} selected={p.filter.action === a}>
                      {a}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="a-from">From</label>
          <input id="a-from" name="from" type="date" value={p.filter.from ?? ""} />
        </div>
        <div class="field">
          <label for="a-to">To</label>
          <input id="a-to" name="to" type="date" value={p.filter.to ?? ""} />
        </div>
        <button class="btn btn-primary" type="submit">
          Filter
        </button>
        {q && (
          <a class="link-quiet" href="/admin/audit">
            Clear
          </a>
        )}
      </form>
      {can(p.member.role, "exports") && (
        <section class="card">
          <h2>Per-payer evidence</h2>
          <p class="muted small">
            Everything that happened on one customer's invoices (invoices, outreach, promises, disputes, payments, plans, approvals and
            their audit trail), in one file.
          </p>
          <form method="get" action="/admin/audit" class="filters">
            <div class="field">
              <label for="e-q">Customer</label>
              <input type="text" id="e-q" name="customer" value={p.customerQuery} placeholder="Name or external id" />
            </div>
            <button class="btn" type="submit">
              Find
            </button>
          </form>
          {p.customers.length > 0 && (
            <ul class="plain-list">
              {p.customers.map((c) => (
                <li class="row">
                  <span>
                    {c.name} <span class="muted small">{c.externalId}</span>
                  </span>
                  <a class="btn btn-small" href={`/admin/audit/evidence/${c.id}?format=csv`}>
                    CSV
                  </a>
                  <a class="btn btn-small btn-quiet" href={`/admin/audit/evidence/${c.id}?format=json`}>
                    JSON
                  </a>
                </li>
              ))}
            </ul>
          )}
          {p.customerQuery && p.customers.length === 0 && <p class="muted">No customer matches “{p.customerQuery}”.</p>}
        </section>
      )}
      <section class="card">
        {p.rows.length === 0 ? (
          <EmptyState title="No entries">
            {q
              ? "Nothing matches these filters. Widen the time range or clear a filter."
              : "Changes appear here as soon as anyone makes one."}
          </EmptyState>
        ) : (
          <DataTable columns={["Time (UTC)", "Who", "Action", "Subject", "Before", "After"]}>
            {p.rows.map((a) => (
              <tr>
                <td class="nowrap">{a.createdAt.slice(0, 19).replace("T", " ")}</td>
                <td>{a.actorLabel ?? a.actorType}</td>
                <td>
                  <code>{a.action}</code>
                </td>
                <td class="small">{a.subjectType ? `${a.subjectType} ${a.subjectId ?? ""}` : "—"}</td>
                <td class="small break">{brief(a.before)}</td>
                <td class="small break">{brief(a.after)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {p.next && (
          <p>
            <a
              href={`/admin/audit?${new URLSearchParams({ ...(Object.fromEntries(Object.entries(p.filter).filter(([, v]) => v)) as Record<string, string>), cursor: p.next })}`}
            >
              Older entries →
            </a>
          </p>
        )}
      </section>
    </Layout>
  )
}
