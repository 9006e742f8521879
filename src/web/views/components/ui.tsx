// Small shared view pieces: page header, empty state, badges, money, pagination, CSRF field.
import type { Child } from "hono/jsx"
import { formatMoney } from "../../../domain/money"

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: Child; actions?: Child }) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p class="subtitle">{subtitle}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </div>
  )
}

/** What to do next when there is nothing to show yet. */
export function EmptyState({ title, children, action }: { title: string; children?: Child; action?: Child }) {
  return (
    <div class="empty">
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action && <div class="empty-action">{action}</div>}
    </div>
  )
}

export type Tone = "neutral" | "good" | "warn" | "bad" | "info"

export function Badge({ tone = "neutral", children }: { tone?: Tone; children?: Child }) {
  return <span class={`badge badge-${tone}`}>{children}</span>
}

export function MoneyText({ minor, currency, locale }: { minor: number; currency: string; locale?: string }) {
  return <span class="num">{formatMoney(minor, currency, locale)}</span>
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}

export function Flash({ kind = "info", children }: { kind?: "info" | "good" | "warn" | "bad"; children?: Child }) {
  return (
    <div class={`flash flash-${kind}`} role={kind === "bad" ? "alert" : "status"}>
      {children}
    </div>
  )
}

/** Previous / next links for keyset or offset pages; `href(page)` builds the URL. */
export function Pager({ page, hasNext, href, total }: { page: number; hasNext: boolean; href: (page: number) => string; total?: number }) {
  return (
    <nav class="pager" aria-label="Pagination">
      {page > 1 ? <a href={href(page - 1)}>← Previous</a> : <span class="disabled">← Previous</span>}
      <span class="pager-info">
        Page {page}
        {total !== undefined ? ` · ${total.toLocaleString("en-US")} in all` : ""}
      </span>
      {hasNext ? <a href={href(page + 1)}>Next →</a> : <span class="disabled">Next →</span>}
    </nav>
  )
}

/** A column heading: its label, and `num`/`right` to align figures and actions. An empty label is an actions column. */
export type Column = string | { label: string; align: "num" | "right" }

/** The one table frame: scrollable wrapper, column headings with scope, rows as children. */
export function DataTable({ columns, children, label }: { columns: Column[]; children?: Child; label?: string }) {
  return (
    <div class="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === "string" ? (
                <th scope="col" aria-label={c === "" ? "Actions" : undefined}>
                  {c}
                </th>
              ) : (
                <th scope="col" class={c.align} aria-label={c.label === "" ? "Actions" : undefined}>
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
