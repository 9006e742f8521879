// One email per customer per day: the customer's other reminders due now are claimed with the one being delivered.
import { and, eq, isNull, lte, ne, or } from "drizzle-orm"
import type { Db } from "../db/client"
import { moveOutreach, type Move } from "../db/outreach-state"
import { outreachFacts } from "../db/send-facts"
import { outreach } from "../db/schema"
import { holdCodes, sendRule } from "../domain/send-rule"
import { outreachSendFacts } from "../tenant/send-facts"
import type { TickContext } from "../tenant/tick-context"

type Row = typeof outreach.$inferSelect

/** A customer with more invoices than this due the same day gets more than one email (a long list helps no one). */
export const maxInvoicesPerEmail = 25

/**
 * Claims the queued reminders to the same customer and address that may go now, re-checks each with the one send
 * rule (a blocked one is settled with its reason, a held one stays queued) and returns the claimed rows that may go.
 * Each keeps its own outreach row for the audit; they are sent as one email with the lead's.
 */
export async function claimCompanions(db: Db, ctx: TickContext, lead: Row, now: Date): Promise<Row[]> {
  if (lead.kind !== "reminder" || !lead.toEmail) return []
  const nowIso = now.toISOString()
  const soon = new Date(now.getTime() + 60_000).toISOString()
  const due = and(eq(outreach.status, "queued"), or(isNull(outreach.scheduledFor), lte(outreach.scheduledFor, soon)))
  const candidates = await db
    .select({ id: outreach.id })
    .from(outreach)
    .where(
      and(
        eq(outreach.orgId, lead.orgId),
        eq(outreach.customerId, lead.customerId),
        eq(outreach.toEmail, lead.toEmail),
        eq(outreach.kind, "reminder"),
        ne(outreach.id, lead.id),
        due,
      ),
    )
    .limit(maxInvoicesPerEmail - 1)
  if (candidates.length === 0) return []
  const claims = candidates.map((c) =>
    moveOutreach(
      db,
      lead.orgId,
      c.id,
      { to: "sending", from: ["queued"], guard: due, note: `in one email with ${lead.id}`, actor: "delivery" },
      nowIso,
    ),
  )
  const results = await db.batch(claims.flatMap(([update, history]) => [update.returning(), history]) as [never, ...never[]])
  const claimed = (results as unknown[]).filter((_, i) => i % 2 === 0).flatMap((r) => r as Row[])
  if (claimed.length === 0) return []

  const facts = await outreachFacts(
    db,
    lead.orgId,
    claimed.map((r) => r.id),
  )
  const ok = new Set<string>()
  const moves: ReturnType<typeof moveOutreach>[] = []
  for (const f of facts) {
    const { blockers } = sendRule(outreachSendFacts(ctx, f), now)
    if (!f.invoiceFound) {
      moves.push(settle(db, lead.orgId, f.o.id, { to: "failed", set: { reason: "The invoice no longer exists" } }, nowIso))
      continue
    }
    if (blockers.length === 0) {
      ok.add(f.o.id)
      continue
    }
    const final = blockers.filter((b) => !holdCodes.includes(b.code))
    const first = final[0]
    moves.push(
      first
        ? settle(
            db,
            lead.orgId,
            f.o.id,
            {
              to: first.code === "suppressed" || first.code === "unsubscribed" ? "suppressed" : "skipped",
              set: { reason: first.code },
              note: final.map((b) => b.message).join(" "),
            },
            nowIso,
          )
        : // Held (maintenance): back to queued; its own delivery message or the outbox sweep brings it back.
          settle(db, lead.orgId, f.o.id, { to: "queued", note: blockers[0]!.message }, nowIso),
    )
  }
  if (moves.length) await db.batch(moves.flat() as [never, ...never[]])
  return claimed.filter((r) => ok.has(r.id))
}

function settle(db: Db, orgId: string, id: string, m: Move, at: string) {
  return moveOutreach(db, orgId, id, { from: ["sending"], actor: "delivery", ...m }, at)
}

/** The same move for each companion (sent with the lead, back to queued on a provider error, failed with it). */
export function companionMoves(db: Db, orgId: string, companions: Row[], m: Move, at: string) {
  return companions.flatMap((c) => moveOutreach(db, orgId, c.id, { from: ["sending"], actor: "delivery", ...m }, at))
}
