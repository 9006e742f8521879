// The send budget ledger in the TenantDO's own SQLite storage: one row per reserved send, counted per period.
import { capExceeded, isoWeek, type Budget, type CapKind } from "../domain/send-caps"

export type Reservation = { outreachId: string; day: string; segmentId: string | null; contact: string }

export type Limits = {
  orgDay: number
  segmentDay: (segmentId: string | null) => number | null
  contactWeek: number
  domainDay: number | null
}

/**
 * Reads and reserves send budgets. Only the Durable Object touches it, one operation at a time, so a
 * check followed by a reservation cannot interleave with another caller's.
 */
export class SendLedger {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS sends (
      outreach_id TEXT PRIMARY KEY, day TEXT NOT NULL, week TEXT NOT NULL, segment_id TEXT, contact TEXT NOT NULL)`)
    sql.exec("CREATE INDEX IF NOT EXISTS sends_day_segment ON sends(day, segment_id)")
    sql.exec("CREATE INDEX IF NOT EXISTS sends_week_contact ON sends(week, contact)")
  }

  private count(query: string, ...args: (string | null)[]): number {
    return Number(this.sql.exec<{ n: number }>(query, ...args).one().n)
  }

  budget(day: string, segmentId: string | null, contact: string, limits: Limits): Budget {
    const week = isoWeek(day)
    const orgUsed = this.count("SELECT count(*) AS n FROM sends WHERE day = ?", day)
    return {
      orgDay: { used: orgUsed, cap: limits.orgDay },
      segmentDay: {
        used: segmentId ? this.count("SELECT count(*) AS n FROM sends WHERE day = ? AND segment_id = ?", day, segmentId) : 0,
        cap: limits.segmentDay(segmentId),
      },
      contactWeek: {
        used: this.count("SELECT count(*) AS n FROM sends WHERE week = ? AND contact = ?", week, contact.toLowerCase()),
        cap: limits.contactWeek,
      },
      domainDay: { used: orgUsed, cap: limits.domainDay },
    }
  }

  /** Reserves one send when it fits every budget; otherwise names the cap it would exceed. */
  tryReserve(r: Reservation, limits: Limits): CapKind | null {
    const over = capExceeded(this.budget(r.day, r.segmentId, r.contact, limits))
    if (over) return over
    this.sql.exec(
      "INSERT OR IGNORE INTO sends (outreach_id, day, week, segment_id, contact) VALUES (?, ?, ?, ?, ?)",
      r.outreachId,
      r.day,
      isoWeek(r.day),
      r.segmentId,
      r.contact.toLowerCase(),
    )
    return null
  }

  /** Reserves one send the send rule already found within every budget (same serialised operation). */
  reserve(r: Reservation): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO sends (outreach_id, day, week, segment_id, contact) VALUES (?, ?, ?, ?, ?)",
      r.outreachId,
      r.day,
      isoWeek(r.day),
      r.segmentId,
      r.contact.toLowerCase(),
    )
  }

  /** Gives a reservation back when its write did not land. */
  release(outreachIds: string[]): void {
    for (const id of outreachIds) this.sql.exec("DELETE FROM sends WHERE outreach_id = ?", id)
  }

  /** Drops reservations of days before `beforeDay`: no budget looks that far back. */
  prune(beforeDay: string): number {
    return this.sql.exec("DELETE FROM sends WHERE day < ?", beforeDay).rowsWritten
  }

  usedOn(day: string): number {
    return this.count("SELECT count(*) AS n FROM sends WHERE day = ?", day)
  }
}
