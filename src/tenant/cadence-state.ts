// Cadence state in the TenantDO's own SQLite: per open invoice its owning segment, the step reached, the next action
// time and why; plus the watermark and the day the portfolio was last fully derived. A tick reads only what is due.
import type { FactChange } from "../db/cadence-changes"

export type StateRow = {
  invoiceId: string
  customerId: string
  segmentId: string | null
  step: number | null
  nextAt: string | null
  why: string
}

export type ChangeNotice = { invoiceIds?: string[]; customerIds?: string[]; all?: boolean }

type MetaKey = "built_day" | "built_at" | "time_zone" | "watermark" | "pruned_day"

/** Sorts before any instant: "look at this invoice on the next tick". */
const dueAtOnce = "0000-01-01T00:00:00.000Z"

export class CadenceState {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS cadence_state (
      invoice_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, segment_id TEXT, step INTEGER, next_at TEXT, why TEXT NOT NULL,
      changed_at TEXT, checked_at TEXT NOT NULL)`)
    sql.exec("CREATE INDEX IF NOT EXISTS cadence_state_next ON cadence_state(next_at)")
    sql.exec("CREATE INDEX IF NOT EXISTS cadence_state_customer ON cadence_state(customer_id)")
    sql.exec("CREATE TABLE IF NOT EXISTS cadence_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
  }

  meta(key: MetaKey): string | null {
    const rows = this.sql.exec<{ value: string }>("SELECT value FROM cadence_meta WHERE key = ?", key).toArray()
    return rows[0]?.value ?? null
  }

  setMeta(key: MetaKey, value: string | null): void {
    if (value === null) this.sql.exec("DELETE FROM cadence_meta WHERE key = ?", key)
    else
      this.sql.exec("INSERT INTO cadence_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
  }

  /** True when the portfolio must be derived again: never built, a new day for the organisation (aging moves ownership), or a policy change. */
  needsRebuild(orgToday: (timeZone: string) => string): boolean {
    const day = this.meta("built_day")
    const tz = this.meta("time_zone")
    return !day || !tz || orgToday(tz) !== day
  }

  /**
   * The reconcile's findings: changes a tick already read (the invoice was checked after the change, or the whole
   * portfolio was derived after it) are dropped; too many, or a policy change, re-derive everything.
   */
  reconcile(changes: FactChange[], limit: number): void {
    const builtAt = this.meta("built_at") ?? ""
    const fresh = changes.filter((c) => c.at >= builtAt)
    if (fresh.length > limit || fresh.some((c) => c.scope === "all")) return this.apply({ all: true }, null)
    for (const c of fresh) {
      if (c.scope === "customer")
        this.sql.exec(
          "UPDATE cadence_state SET next_at = ?, why = 'facts changed' WHERE customer_id = ? AND checked_at <= ?",
          dueAtOnce,
          c.id,
          c.at,
        )
      else {
        const row = this.sql.exec<{ checked_at: string }>("SELECT checked_at FROM cadence_state WHERE invoice_id = ?", c.id).toArray()[0]
        if (!row || row.checked_at <= c.at) this.apply({ invoiceIds: [c.id] }, null)
      }
    }
  }

  /** Invoices whose next action time has come, oldest first. */
  due(nowIso: string, limit: number, after: string | null): string[] {
    return this.sql
      .exec<{ invoice_id: string }>(
        after === null
          ? "SELECT invoice_id FROM cadence_state WHERE next_at <= ? ORDER BY invoice_id LIMIT ?"
          : "SELECT invoice_id FROM cadence_state WHERE next_at <= ? AND invoice_id > ? ORDER BY invoice_id LIMIT ?",
        ...(after === null ? [nowIso, limit] : [nowIso, after, limit]),
      )
      .toArray()
      .map((r) => r.invoice_id)
  }

  /**
   * Records what a tick decided. A row changed by a writer after the tick began keeps its "due now": the tick read
   * its facts before that change.
   */
  record(rows: StateRow[], tickStartedIso: string): void {
    for (const r of rows) {
      this.sql.exec(
        `INSERT INTO cadence_state (invoice_id, customer_id, segment_id, step, next_at, why, changed_at, checked_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
         ON CONFLICT(invoice_id) DO UPDATE SET customer_id = excluded.customer_id, segment_id = excluded.segment_id, step = coalesce(excluded.step, cadence_state.step),
           next_at = excluded.next_at, why = excluded.why, changed_at = NULL, checked_at = excluded.checked_at
         WHERE cadence_state.changed_at IS NULL OR cadence_state.changed_at < ?`,
        // checked_at is when the tick began: its facts were read after that.
        r.invoiceId,
        r.customerId,
        r.segmentId,
        r.step,
        r.nextAt,
        r.why,
        tickStartedIso,
        tickStartedIso,
      )
    }
  }

  /** Invoices that left the cadence (paid, closed, no longer owned by a segment). */
  forget(invoiceIds: string[], tickStartedIso: string): void {
    for (const id of invoiceIds)
      this.sql.exec("DELETE FROM cadence_state WHERE invoice_id = ? AND (changed_at IS NULL OR changed_at < ?)", id, tickStartedIso)
  }

  /** Starts a full derivation: every row is rewritten by the rebuild; rows it does not see are gone. */
  clear(): void {
    this.sql.exec("DELETE FROM cadence_state")
  }

  /**
   * A writer (or the watermark reconcile) says facts changed: those invoices are due at once (whatever clock the next
   * tick runs on). `stamp` guards them against a tick already in flight, which read the facts before the change.
   */
  apply(notice: ChangeNotice, stamp: string | null): void {
    const nowIso = dueAtOnce
    if (notice.all) {
      this.setMeta("built_day", null)
      return
    }
    for (const id of notice.invoiceIds ?? []) {
      this.sql.exec(
        `INSERT INTO cadence_state (invoice_id, customer_id, segment_id, step, next_at, why, changed_at, checked_at) VALUES (?, '', NULL, NULL, ?, 'facts changed', ?, '')
         ON CONFLICT(invoice_id) DO UPDATE SET next_at = excluded.next_at, why = excluded.why, changed_at = coalesce(excluded.changed_at, cadence_state.changed_at)`,
        id,
        nowIso,
        stamp,
      )
    }
    for (const id of notice.customerIds ?? [])
      this.sql.exec(
        "UPDATE cadence_state SET next_at = ?, why = 'facts changed', changed_at = coalesce(?, changed_at) WHERE customer_id = ?",
        nowIso,
        stamp,
        id,
      )
  }

  /** For the inspector and tests: one invoice's state. */
  get(invoiceId: string): StateRow | null {
    const rows = this.sql
      .exec<{
        invoice_id: string
        customer_id: string
        segment_id: string | null
        step: number | null
        next_at: string | null
        why: string
      }>("SELECT * FROM cadence_state WHERE invoice_id = ?", invoiceId)
      .toArray()
    const r = rows[0]
    return r
      ? { invoiceId: r.invoice_id, customerId: r.customer_id, segmentId: r.segment_id, step: r.step, nextAt: r.next_at, why: r.why }
      : null
  }

  count(): number {
    return Number(this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM cadence_state").one().n)
  }
}
