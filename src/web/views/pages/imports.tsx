// Admin -> Connectors -> CSV Import: upload, mapping preview, progress (htmx polling), summary with errors.
import type { ImportRecord } from "../../../db/imports"
import { fieldLabels, fieldsOf, requiredFields, type ImportKind, type Mapping } from "../../../domain/csv-fields"
import type { ImportSummary } from "../../../services/imports"
import type { Member } from "../../env"
import { Badge, CsrfField, EmptyState, Flash, PageHeader, type Tone, DataTable } from "../components/ui"
import { Layout } from "../layout"

const statusTone: Record<ImportRecord["status"], Tone> = { pending: "info", processing: "info", completed: "good", failed: "bad" }
const statusWord: Record<ImportRecord["status"], string> = {
  pending: "Waiting for mapping",
  processing: "Importing",
  completed: "Completed",
  failed: "Failed",
}
const n = (v: number) => v.toLocaleString("en-US")

export function ImportsTable({ imports }: { imports: ImportRecord[] }) {
  if (imports.length === 0)
    return <EmptyState title="No imports yet">Download a template, fill it from your ERP export and upload it.</EmptyState>
  return (
    <DataTable
      columns={[
        "Started",
        "Kind",
        "File",
        "Status",
        { label: "Rows", align: "right" },
        { label: "Imported", align: "right" },
        { label: "Failed", align: "right" },
      ]}
    >
      {imports.map((i) => (
        <tr>
          <td>
            <a href={`/admin/connectors/import/${i.id}`}>{i.createdAt.slice(0, 16).replace("T", " ")}</a>
          </td>
          <td>{i.kind === "customers" ? "Customers" : "Invoices"}</td>
          <td>{i.filename ?? (i.source === "api" ? "API upload" : i.source)}</td>
          <td>
            <Badge tone={statusTone[i.status]}>{statusWord[i.status]}</Badge>
          </td>
          <td class="num right">{n(i.rowsTotal)}</td>
          <td class="num right">{n(i.rowsImported)}</td>
          <td class="num right">{i.rowsFailed ? <span class="error-text">{n(i.rowsFailed)}</span> : "0"}</td>
        </tr>
      ))}
    </DataTable>
  )
}

export function ImportUploadPage({
  member,
  imports,
  error,
  limit,
}: {
  member: Member
  imports: ImportRecord[]
  error?: string | null
  limit: string
}) {
  return (
    <Layout title="CSV Import" member={member} active="/admin/connectors">
      <nav class="breadcrumb">
        <a href="/admin/connectors">Connectors</a> / CSV Import
      </nav>
      <PageHeader
        title="CSV Import"
        subtitle="Upload customers first, then invoices. Re-importing a corrected file updates what changed and nothing else."
      />
      {error && <Flash kind="bad">{error}</Flash>}
      <div class="grid grid-2">
        <section class="card">
          <h2>Upload a file</h2>
          <form method="post" action="/admin/connectors/import" enctype="multipart/form-data" class="stack">
            <CsrfField token={member.csrfToken} />
            <fieldset class="field">
              <legend>What is in the file?</legend>
              <label>
                <input type="radio" name="kind" value="customers" checked /> Customers and contacts
              </label>
              <label>
                <input type="radio" name="kind" value="invoices" /> Open invoices
              </label>
            </fieldset>
            <label class="field">
              CSV file <span class="muted small">(up to {limit}; `,` or `;` separated, UTF-8)</span>
              <input type="file" name="file" accept=".csv,text/csv" required />
            </label>
            <button class="btn btn-primary" type="submit">
              Upload and preview
            </button>
          </form>
        </section>
        <section class="card">
          <h2>Templates</h2>
          <p class="muted">
            Columns Plixo reads. Your ERP's own headers work too: "Invoice No", "Amount Due", "Email Address" and other common names are
            matched for you.
          </p>
          <ul class="plain-list">
            <li>
              <a href="/admin/connectors/import/templates/customers.csv" download>
                customers.csv
              </a>{" "}
              <span class="muted small">external_id, name, email, contact_name, phone, industry, region, score, timezone, currency</span>
            </li>
            <li>
              <a href="/admin/connectors/import/templates/invoices.csv" download>
                invoices.csv
              </a>{" "}
              <span class="muted small">invoice_number, customer_external_id, currency, amount, balance, issue_date, due_date</span>
            </li>
          </ul>
        </section>
      </div>
      <section class="card">
        <h2>Recent imports</h2>
        <ImportsTable imports={imports} />
      </section>
    </Layout>
  )
}

type Preview = { headers: string[]; rows: string[][]; delimiter: string; mapping: Mapping }

export function ImportPreviewPage({
  member,
  record,
  preview,
  error,
}: {
  member: Member
  record: ImportRecord
  preview: Preview
  error?: string | null
}) {
  const kind = record.kind as ImportKind
  const required = new Set(requiredFields[kind])
  return (
    <Layout title="Map columns" member={member} active="/admin/connectors">
      <nav class="breadcrumb">
        <a href="/admin/connectors">Connectors</a> / <a href="/admin/connectors/import">CSV Import</a> / Mapping
      </nav>
      <PageHeader
        title={`Map columns: ${record.filename ?? "upload"}`}
        subtitle={`${n(record.rowsTotal)} ${kind} rows · delimiter "${preview.delimiter}". Check each column, then import.`}
      />
      {error && <Flash kind="bad">{error}</Flash>}
      <form method="post" action={`/admin/connectors/import/${record.id}/confirm`} class="card">
        <CsrfField token={member.csrfToken} />
        <div class="table-scroll">
          <table class="mapping-table">
            <thead>
              <tr>
                {preview.headers.map((h, i) => (
                  <th>
                    <div class="muted small">{h || `(column ${i + 1})`}</div>
                    <select name={`map_${i}`} aria-label={`Plixo field for column ${h}`}>
                      <option value="">Ignore this column</option>
                      {fieldsOf[kind].map((f) => (
                        <option value={f} selected={preview.mapping[h] === f}>
                          {`${fieldLabels[f]}${required.has(f) ? " *" : ""}`}
                        </option>
                      ))}
                    </select>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr>
                  {preview.headers.map((_, i) => (
                    <td>{r[i] ?? ""}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="muted small">* required. The first {preview.rows.length} rows are shown. This mapping is saved for your next upload.</p>
        {kind === "invoices" && (
          <fieldset class="field">
            <legend>Dates like 03/04/2026 mean</legend>
            <label>
              <input type="radio" name="date_order" value="iso" checked={(record.options?.date_order ?? "iso") === "iso"} /> Only ISO dates
              (2026-04-03)
            </label>
            <label>
              <input type="radio" name="date_order" value="mdy" checked={record.options?.date_order === "mdy"} /> Month first (US: March 4)
            </label>
            <label>
              <input type="radio" name="date_order" value="dmy" checked={record.options?.date_order === "dmy"} /> Day first (3 April)
            </label>
          </fieldset>
        )}
        <button class="btn btn-primary" type="submit">{`Import ${n(record.rowsTotal)} rows`}</button>
      </form>
    </Layout>
  )
}

export function ImportProgress({ summary }: { summary: ImportSummary }) {
  const running = summary.status === "processing"
  const pct = summary.rows_total ? Math.round((summary.rows_processed / summary.rows_total) * 100) : 0
  return (
    <div
      id="import-progress"
      {...(running
        ? { "hx-get": `/admin/connectors/import/${summary.import_id}/progress`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" }
        : {})}
    >
      <div class="kpis grid grid-4">
        <div class="kpi">
          <div class="kpi-label">Rows in file</div>
          <div class="kpi-value">{n(summary.rows_total)}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Imported</div>
          <div class="kpi-value">{n(summary.rows_imported)}</div>
          {summary.rows_changed !== undefined && <div class="kpi-note">{`${n(summary.rows_changed)} created or changed`}</div>}
        </div>
        <div class="kpi">
          <div class="kpi-label">Rows with errors</div>
          <div class={`kpi-value ${summary.rows_failed ? "kpi-bad" : ""}`}>{n(summary.rows_failed)}</div>
        </div>
        <div class="kpi">
          <div class="kpi-label">Contact coverage</div>
          <div class="kpi-value">{summary.contact_coverage === null ? "…" : `${(summary.contact_coverage * 100).toFixed(1)}%`}</div>
          <div class="kpi-note">customers with a valid email · 95% for green</div>
        </div>
      </div>
      {running && (
        <div class="card" role="status">
          <progress class="meter" max={100} value={pct} aria-label="Import progress">{`${pct}%`}</progress>
          <p class="muted small">{`${n(summary.rows_processed)} of ${n(summary.rows_total)} rows processed (${pct}%). Each batch of 2,000 rows lands in one transaction.`}</p>
        </div>
      )}
    </div>
  )
}

export function ImportStatusPage({ member, record, summary }: { member: Member; record: ImportRecord; summary: ImportSummary }) {
  return (
    <Layout title="Import" member={member} active="/admin/connectors">
      <nav class="breadcrumb">
        <a href="/admin/connectors">Connectors</a> / <a href="/admin/connectors/import">CSV Import</a> / {record.filename ?? record.id}
      </nav>
      <PageHeader
        title={`${record.kind === "customers" ? "Customer" : "Invoice"} import`}
        subtitle={
          <>
            {record.filename ?? "API upload"} · started {record.createdAt.slice(0, 16).replace("T", " ")} UTC ·{" "}
            <Badge tone={statusTone[record.status]}>{statusWord[record.status]}</Badge>
          </>
        }
        actions={
          summary.rows_failed > 0 ? (
            <a class="btn" href={`/admin/connectors/import/${record.id}/errors.csv`}>
              Download errors (CSV)
            </a>
          ) : undefined
        }
      />
      {record.status === "failed" && (
        <Flash kind="bad">{`${record.error ?? "The import stopped."} Rows before that point landed; re-upload the file to finish (already imported rows are not duplicated).`}</Flash>
      )}
      <ImportProgress summary={summary} />
      {summary.errors.length > 0 && (
        <section class="card">
          <h2>{`Rows to fix (${n(summary.rows_failed)})`}</h2>
          <p class="muted small">Fix these rows in your file and upload it again: rows already imported are updated, not duplicated.</p>
          <DataTable columns={[{ label: "Row", align: "right" }, "Field", "What to fix"]}>
            {summary.errors.slice(0, 200).map((e) => (
              <tr>
                <td class="num right">{e.row}</td>
                <td>
                  <code>{e.field}</code>
                </td>
                <td>{e.message}</td>
              </tr>
            ))}
          </DataTable>
          {summary.errors.length > 200 && (
            <p class="muted small">{`Showing the first 200; the CSV has all ${n(summary.errors.length)}.`}</p>
          )}
        </section>
      )}
    </Layout>
  )
}
