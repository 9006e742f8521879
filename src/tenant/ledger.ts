// The send budget ledger in the TenantDO's own SQLite storage: one row per reserved send, counted per period.
import { capExceeded, isoWeek, type Budget, type CapKind } from "../domain/send-caps"

export type Reservation = { outreachId: string; day: string; segmentId: string | null; contact: string }

/** What the send rule reads about budgets: the TenantDO's ledger, or the dry-run's copy of it in memory. */
export type BudgetBook = { budget(day: string, segmentId: string | null, contact: string, limits: Limits): Budget }

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
    return budgetFrom(
      {
        org: this.count("SELECT count(*) AS n FROM sends WHERE day = ?", day),
        segment: segmentId ? this.count("SELECT count(*) AS n FROM sends WHERE day = ? AND segment_id = ?", day, segmentId) : 0,
        contact: this.count("SELECT count(*) AS n FROM sends WHERE week = ? AND contact = ?", isoWeek(day), contact.toLowerCase()),
      },
      segmentId,
      limits,
    )
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

  /** Reservations of `fromDay` and later (the dry-run starts from these; reading them changes nothing). */
  reservationsFrom(fromDay: string): Reservation[] {
    return this.sql
      .exec<{ outreach_id: string; day: string; segment_id: string | null; contact: string }>(
        "SELECT outreach_id, day, segment_id, contact FROM sends WHERE day >= ?",
        fromDay,
      )
      .toArray()
      .map((r) => ({ outreachId: r.outreach_id, day: r.day, segmentId: r.segment_id, contact: r.contact }))
  }

  usedOn(day: string): number {
    return this.count("SELECT count(*) AS n FROM sends WHERE day = ?", day)
  }
}

/** One budget shape from the counts of a day (organisation, segment) and of the contact's week. */
function budgetFrom(used: { org: number; segment: number; contact: number }, segmentId: string | null, limits: Limits): Budget {
  return {
    orgDay: { used: used.org, cap: limits.orgDay },
    segmentDay: { used: used.segment, cap: limits.segmentDay(segmentId) },
    contactWeek: { used: used.contact, cap: limits.contactWeek },
    domainDay: { used: used.org, cap: limits.domainDay },
  }
}

/**
 * The dry-run's ledger: a copy of the TenantDO's reservations in memory, counted the same way, so a simulated
 * send takes budget from the simulated day without writing anywhere.
 */
export class MemoryLedger implements BudgetBook {
  private readonly byDay = new Map<string, number>()
  private readonly bySegmentDay = new Map<string, number>()
  private readonly byContactWeek = new Map<string, number>()
  private readonly ids = new Set<string>()

  constructor(seed: Reservation[] = []) {
    for (const r of seed) this.reserve(r)
  }

  budget(day: string, segmentId: string | null, contact: string, limits: Limits): Budget {
    return budgetFrom(
      {
        org: this.byDay.get(day) ?? 0,
        segment: segmentId ? (this.bySegmentDay.get(`${day}|${segmentId}`) ?? 0) : 0,
        contact: this.byContactWeek.get(`${isoWeek(day)}|${contact.toLowerCase()}`) ?? 0,
      },
      segmentId,
      limits,
    )
  }

  reserve(r: Reservation): void {
    if (this.ids.has(r.outreachId)) return
    this.ids.add(r.outreachId)
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
    bump(this.byDay, r.day)
    if (r.segmentId) bump(this.bySegmentDay, `${r.day}|${r.segmentId}`)
    bump(this.byContactWeek, `${isoWeek(r.day)}|${r.contact.toLowerCase()}`)
  }
}
