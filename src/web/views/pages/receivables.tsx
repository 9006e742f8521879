// Receivables: every invoice of the organisation, filtered by status, aging bucket and customer, 50 per page.
import { agingBuckets, bucketLabels, type AgingBucket } from "../../../domain/aging"
import type { InvoiceFilters, InvoiceRow, InvoiceSort } from "../../../db/receivables"
import type { Member } from "../../env"
import { EmptyState, PageHeader, Pager } from "../components/ui"
import { NoInvoicesYet } from "../components/empty-states"
import { Layout } from "../layout"
import { BucketBadge, bucketOf, DueIn, fmtDate, InvoiceStatus, money } from "./receivables-parts"

export type AgingChip = { bucket: AgingBucket; invoices: number; totals: { currency: string; balanceMinor: number }[] }

type Props = {
  member: Member
  today: string
  baseCurrency: string
  filters: InvoiceFilters
  sort: InvoiceSort
  page: number
  pageSize: number
  rows: InvoiceRow[]
  total: number
  chips: AgingChip[]
  orgHasInvoices: boolean
}

/** The query string for these filters, sort and page; empty values left out. */
export function receivablesHref(f: InvoiceFilters, sort: InvoiceSort, page = 1): string {
  const params = new URLSearchParams()
  if (f.status !== "open") params.set("status", f.status ?? "all")
  if (f.bucket) params.set("bucket", f.bucket)
  if (f.customerId) params.set("customer_id", f.customerId)
  if (f.customerQuery) params.set("customer", f.customerQuery)
  if (sort !== "due") params.set("sort", sort)
  if (page > 1) params.set("page", String(page))
  const qs = params.toString()
  return `/work/receivables${qs ? `?${qs}` : ""}`
}

function baseFirst(totals: AgingChip["totals"], base: string) {
  const main = totals.find((t) => t.currency === base)
  const others = totals.filter((t) => t.currency !== base)
  return { main, others }
}

export function ReceivablesPage(p: Props) {
  const { filters: f, sort } = p
  const allOpen: AgingChip = {
    bucket: "current",
    invoices: p.chips.reduce((s, c) => s + c.invoices, 0),
    totals: mergeTotals(p.chips.flatMap((c) => c.totals)),
  }
  const sortLink = (key: "due" | "balance") => {
    const next: InvoiceSort = sort === key ? (`-${key}` as InvoiceSort) : key
    const arrow = sort === key ? " ↑" : sort === `-${key}` ? " ↓" : ""
    return { href: receivablesHref(f, next), arrow }
  }
  const due = sortLink("due")
  const balance = sortLink("balance")
  const filtered = Boolean(f.status !== "open" || f.bucket || f.customerId || f.customerQuery)
  return (
    <Layout title="Receivables" member={p.member} active="/work/receivables">
      <PageHeader
        title="Receivables"
        subtitle={`Invoices and balances as of ${fmtDate(p.today)}. Amounts stay in their own currency; totals show ${p.baseCurrency}, the base currency, first.`}
      />
      <nav class="aging-chips" aria-label="Aging buckets of open invoices">
        <ChipLink
          label="All open"
          chip={allOpen}
          base={p.baseCurrency}
          active={f.status === "open" && !f.bucket}
          href={receivablesHref({ ...f, status: "open", bucket: undefined }, sort)}
        />
        {agingBuckets.map((bucket) => {
          const chip = p.chips.find((c) => c.bucket === bucket) ?? { bucket, invoices: 0, totals: [] }
          return (
            <ChipLink
              label={bucket === "current" ? "Current" : `${bucketLabels[bucket]} days`}
              chip={chip}
              base={p.baseCurrency}
              active={f.bucket === bucket}
              href={receivablesHref({ ...f, status: f.status === "disputed" ? "disputed" : "open", bucket }, sort)}
              bucket={bucket}
            />
          )
        })}
      </nav>

      <form method="get" action="/work/receivables" class="filters card filters-card" role="search">
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            {(["open", "disputed", "paid", "void"] as const).map((s) => (
              <option value={s} selected={f.status === s}>
                {s === "open" ? "Open (incl. disputed)" : s.charAt(0).toUpperCase() + s.slice(1)}
              </option>
            ))}
            <option value="all" selected={!f.status}>
              All invoices
            </option>
          </select>
        </div>
        <div class="field">
          <label for="f-bucket">Aging bucket</label>
          <select id="f-bucket" name="bucket">
            <option value="">Any age</option>
            {agingBuckets.map((b) => (
              <option value={b} selected={f.bucket === b}>
                {b === "current" ? "Current (not yet due)" : `${bucketLabels[b]} days past due`}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-grow">
          <label for="f-customer">Customer</label>
          <input id="f-customer" type="search" name="customer" value={f.customerQuery ?? ""} placeholder="Search by customer name" />
        </div>
        {f.customerId && <input type="hidden" name="customer_id" value={f.customerId} />}
        <div class="field">
          <label for="f-sort">Sort by</label>
          <select id="f-sort" name="sort">
            {(
              [
                ["due", "Due date, oldest first"],
                ["-due", "Due date, newest first"],
                ["-balance", "Balance, largest first"],
                ["balance", "Balance, smallest first"],
              ] as const
            ).map(([value, label]) => (
              <option value={value} selected={sort === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <button class="btn btn-primary" type="submit">
            Apply
          </button>
          {filtered && (
            <a class="btn btn-quiet" href="/work/receivables">
              Clear
            </a>
          )}
        </div>
      </form>

      {f.customerId && p.rows[0] && (
        <p class="small muted">
          Showing invoices of <a href={`/work/customers/${encodeURIComponent(f.customerId)}`}>{p.rows[0].customerName}</a> only.
        </p>
      )}

      {p.rows.length === 0 ? (
        p.orgHasInvoices ? (
          <EmptyState
            title="No invoices match these filters"
            action={
              <a class="btn" href="/work/receivables">
                Clear filters
              </a>
            }
          >
            Try another status or aging bucket, or search a shorter part of the customer's name.
          </EmptyState>
        ) : (
          <NoInvoicesYet role={p.member.role} what="Receivables lists every invoice with its balance and aging bucket." />
        )
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Invoices</caption>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Issued</th>
                  <th scope="col" aria-sort={sort === "due" ? "ascending" : sort === "-due" ? "descending" : undefined}>
                    <a href={due.href} class="th-sort">
                      Due{due.arrow}
                    </a>
                  </th>
                  <th scope="col">Age</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Amount
                  </th>
                  <th scope="col" class="num" aria-sort={sort === "balance" ? "ascending" : sort === "-balance" ? "descending" : undefined}>
                    <a href={balance.href} class="th-sort">
                      Balance{balance.arrow}
                    </a>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => {
                  const bucket = bucketOf(r, p.today)
                  return (
                    <tr>
                      <td>
                        <a href={`/work/invoices/${encodeURIComponent(r.id)}`} class="mono">
                          {r.invoiceNumber}
                        </a>
                      </td>
                      <td>
                        <a href={`/work/customers/${encodeURIComponent(r.customerId)}`}>{r.customerName}</a>
                      </td>
                      <td class="date">{fmtDate(r.issueDate)}</td>
                      <td class="date">
                        {fmtDate(r.dueDate)}
                        <div class="small">
                          <DueIn invoice={r} today={p.today} />
                        </div>
                      </td>
                      <td>{bucket ? <BucketBadge bucket={bucket} /> : <span class="muted">—</span>}</td>
                      <td>
                        <InvoiceStatus invoice={r} today={p.today} />
                      </td>
                      <td class="num">{money(r.amountMinor, r.currency)}</td>
                      <td class={r.balanceMinor === 0 ? "num zero" : "num strong"}>{money(r.balanceMinor, r.currency)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          <Pager page={p.page} hasNext={p.page * p.pageSize < p.total} total={p.total} href={(n) => receivablesHref(f, sort, n)} />
        </>
      )}
    </Layout>
  )
}

function mergeTotals(items: { currency: string; balanceMinor: number }[]) {
  const m = new Map<string, number>()
  for (const i of items) m.set(i.currency, (m.get(i.currency) ?? 0) + i.balanceMinor)
  return [...m].map(([currency, balanceMinor]) => ({ currency, balanceMinor })).sort((a, b) => b.balanceMinor - a.balanceMinor)
}

function ChipLink({
  label,
  chip,
  base,
  active,
  href,
  bucket,
}: {
  label: string
  chip: AgingChip
  base: string
  active: boolean
  href: string
  bucket?: AgingBucket
}) {
  const { main, others } = baseFirst(chip.totals, base)
  return (
    <a
      class={`aging-chip${active ? " active" : ""}${bucket ? ` aging-${bucket === "90+" ? "90" : bucket}` : ""}`}
      href={href}
      aria-current={active ? "true" : undefined}
    >
      <span class="aging-chip-label">{label}</span>
      <span class="aging-chip-amount num">{money(main?.balanceMinor ?? 0, base)}</span>
      <span class="aging-chip-note">
        {chip.invoices.toLocaleString("en-US")} {chip.invoices === 1 ? "invoice" : "invoices"}
        {others.length > 0 && (
          <>
            {" · "}
            <span title={others.map((o) => money(o.balanceMinor, o.currency)).join(" + ")}>
              + {others.map((o) => o.currency).join(", ")}
            </span>
          </>
        )}
      </span>
    </a>
  )
}
