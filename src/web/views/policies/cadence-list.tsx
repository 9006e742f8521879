// Admin -> Policies: cadences with their live version, drafts, the segments using each version; new and import.
import type { listCadences } from "../../../db/cadences"
import { toneLabels, tones } from "../../../domain/cadence-presets"
import { missingFeatures, planFeatures, planIncludes, planLabel } from "../../../domain/plan-tiers"
import { can } from "../../../domain/roles"
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, PageHeader, DataTable } from "../components/ui"
import { Layout } from "../layout"

type Row = Awaited<ReturnType<typeof listCadences>>[number]

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={status === "published" ? "good" : status === "draft" ? "info" : "neutral"}>
      {status === "published" ? "Published" : status === "draft" ? "Draft" : "Retired"}
    </Badge>
  )
}

export function PlanNote({ plan }: { plan: string }) {
  const missing = missingFeatures(plan)
  if (!missing.length) return null
  return (
    <Flash kind="info">
      Your organisation is on the <strong>{planLabel(plan)}</strong> plan: basic cadences, edited through new drafts. Not included:{" "}
      {missing.map((f) => planFeatures[f]).join("; ")}. Settings made on a higher plan stay in force, read-only.{" "}
      <a href="/admin/billing">Compare plans</a>
    </Flash>
  )
}

export function CadenceListPage({ member, rows, error }: { member: Member; rows: Row[]; error?: string }) {
  const canDraft = can(member.role, "draft_policy")
  return (
    <Layout title="Policies" member={member} active="/admin/policies">
      <PageHeader
        title="Policies"
        subtitle="Cadences: the reminders each segment sends, their tone, timing and guardrails. Published versions never change; edits become drafts."
      />
      {error && <Flash kind="bad">{error}</Flash>}
      <PlanNote plan={member.planTier} />
      {rows.length === 0 ? (
        <EmptyState title="No cadences yet">
          Start from a tone preset below: it fills five steps (Day -3, 0, 7, 14 and 21) from the default templates, ready to edit.
        </EmptyState>
      ) : (
        rows.map(({ cadence, versions }) => {
          const live = versions.find((v) => v.version === cadence.liveVersion)
          return (
            <section class="card">
              <div class="row">
                <h2>
                  <a href={`/admin/policies/${cadence.id}/versions/${live?.version ?? versions[0]?.version ?? 1}`}>{cadence.name}</a>
                </h2>
                <Badge tone="neutral">{toneLabels[cadence.tone]}</Badge>
                {live ? <Badge tone="good">Live: v{live.version}</Badge> : <Badge tone="warn">Not published</Badge>}
                {versions.length > 1 && (
                  <a class="link-quiet" href={`/admin/policies/${cadence.id}/diff?a=${versions[1].version}&b=${versions[0].version}`}>
                    Compare v{versions[1].version} ↔ v{versions[0].version}
                  </a>
                )}
              </div>
              <DataTable columns={["Version", "Status", "Segments using it", "Created", "Published"]}>
                {versions.map((v) => (
                  <tr>
                    <td>
                      <a href={`/admin/policies/${cadence.id}/versions/${v.version}`}>v{v.version}</a>
                    </td>
                    <td>
                      <StatusBadge status={v.status} />
                    </td>
                    <td>
                      {v.segments.length ? (
                        v.segments.map((s, i) => (
                          <>
                            {i > 0 && ", "}
                            <a href={`/admin/segments/${s.id}`}>{s.name}</a>
                          </>
                        ))
                      ) : (
                        <span class="muted">None</span>
                      )}
                    </td>
                    <td class="nowrap">{v.createdAt.slice(0, 10)}</td>
                    <td class="nowrap">{v.publishedAt?.slice(0, 10) ?? <span class="muted">—</span>}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
          )
        })
      )}
      {canDraft && (
        <div class="grid grid-2">
          <section class="card">
            <h2>New cadence</h2>
            <form method="post" action="/admin/policies" class="stack">
              <CsrfField token={member.csrfToken} />
              <div class="field">
                <label for="c-name">Name</label>
                <input type="text" id="c-name" name="name" required maxlength={120} placeholder="e.g. SMB reminders" />
              </div>
              <div class="field">
                <label for="c-tone">Tone preset</label>
                <select id="c-tone" name="tone">
                  {tones.map((t) => (
                    <option value={t} selected={t === "neutral"}>
                      {toneLabels[t]}
                    </option>
                  ))}
                </select>
                <p class="hint">
                  Fills Day -3 (friendly heads-up), Day 0, Day 7, Day 14 and Day 21 (final notice) from the default templates.
                </p>
              </div>
              <button class="btn btn-primary" type="submit">
                Create draft
              </button>
            </form>
          </section>
          <section class="card">
            <h2>Import policy as code</h2>
            {planIncludes(member.planTier, "policy_as_code") ? (
              <form method="post" action="/admin/policies/import" class="stack">
                <CsrfField token={member.csrfToken} />
                <div class="field">
                  <label for="c-json">Policy JSON (as exported from a version)</label>
                  <textarea
                    id="c-json"
                    name="json"
                    rows={6}
                    required
                    placeholder='{"format": "plixo.cadence/v1", "name": "...", "tone": "neutral", "steps": [...]}'
                  ></textarea>
                  <p class="hint">Imported as a new draft, validated exactly like the editor and the API.</p>
                </div>
                <button class="btn" type="submit">
                  Import as draft
                </button>
              </form>
            ) : (
              <p class="muted">
                Policy-as-code (JSON export and import) needs the Growth plan or above; this organisation is on {planLabel(member.planTier)}
                .
              </p>
            )}
          </section>
        </div>
      )}
    </Layout>
  )
}
