// A card holding one table of records (payments, promises, disputes...), or the sentence to show when there are none.
import type { Child } from "hono/jsx"

export type Column<T> = {
  label: string
  /** Right-aligned figures with tabular numbers. */
  num?: boolean
  cellClass?: string | ((row: T) => string)
  cell: (row: T) => Child
}

export function RecordTable<T>({ rows, columns, tableClass }: { rows: T[]; columns: Column<T>[]; tableClass?: string }) {
  return (
    <div class="table-scroll">
      <table class={tableClass}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.num ? "num" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((c) => {
                const extra = typeof c.cellClass === "function" ? c.cellClass(row) : c.cellClass
                const cls = [c.num ? "num" : "", extra ?? ""].filter(Boolean).join(" ")
                return <td class={cls || undefined}>{c.cell(row)}</td>
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function RecordCard<T>({
  title,
  rows,
  empty,
  columns,
  tableClass,
}: {
  title: string
  rows: T[]
  empty: Child
  columns: Column<T>[]
  tableClass?: string
}) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {rows.length === 0 ? <p class="muted">{empty}</p> : <RecordTable rows={rows} columns={columns} tableClass={tableClass} />}
    </section>
  )
}
