// Seed part 50 (portal): payer links (one revoked), promises made from the portal, an accepted payment plan
// with its instalments, and portal disputes with evidence metadata, on open invoices of Acme Demo.
// Invoices are chosen in SQL (open, undisputed, by id) so this part works on whatever ledger part 10 made.
// Ids are prefixed `_portal_` so they never collide with the foundation's `prm_acme_*` / `dsp_acme_*`.
import { addDays } from "../lib/sql.mjs"

const ACME = "org_acme_demo"

/** `SELECT` of the n-th open, undisputed Acme invoice with a balance (n from 0), skipping the first customers' invoices the foundation uses most. */
const nth = (n) =>
  `FROM invoices WHERE org_id = '${ACME}' AND status = 'open' AND disputed = 0 AND balance_minor > 0 AND id NOT IN (SELECT invoice_id FROM promises WHERE org_id = '${ACME}' AND status = 'open') ORDER BY id LIMIT 1 OFFSET ${n}`

export function build(ctx) {
  const { q, today, now } = ctx
  const out = []

  // Payer links: rows only (the token is signed when a link is made in the app); one was revoked.
  const links = [
    ["pl_portal_0001", "cus_acme_0001", 30, null],
    ["pl_portal_0002", "cus_acme_0002", 14, null],
    ["pl_portal_0003", "cus_acme_0003", 30, `${addDays(today, -2)}T10:00:00.000Z`],
  ]
  out.push(
    ...ctx.insert(
      "portal_links",
      links.map(([id, customer, days, revoked], i) => ({
        id,
        org_id: ACME,
        customer_id: customer,
        created_by: null,
        expires_at: `${addDays(today, days - 5)}T12:00:00.000Z`,
        revoked_at: revoked,
        last_used_at: `${addDays(today, -1 - i)}T15:30:00.000Z`,
        use_count: 3 - i,
        created_at: `${addDays(today, -5)}T12:00:00.000Z`,
      })),
    ),
  )

  // Promises from the portal: two open (one due tomorrow, so the reminder goes out), one kept, one broken.
  const promisesSeed = [
    ["prm_portal_0001", 0, addDays(today, 1), "open", 1],
    ["prm_portal_0002", 1, addDays(today, 9), "open", 2],
    ["prm_portal_0003", 2, addDays(today, -6), "kept", 1],
    ["prm_portal_0004", 3, addDays(today, -3), "broken", 2],
  ]
  for (const [id, n, date, status, share] of promisesSeed) {
    const resolved = status === "open" ? "NULL" : q(`${addDays(date, 1)}T00:15:00.000Z`)
    out.push(
      `INSERT OR IGNORE INTO promises (id, org_id, invoice_id, customer_id, amount_minor, currency, promised_date, status, source, created_by, created_at, resolved_at) ` +
        `SELECT ${q(id)}, org_id, id, customer_id, balance_minor / ${share}, currency, ${q(date)}, ${q(status)}, 'portal', 'pl_portal_0001', ${q(`${addDays(date, -8)}T16:20:00.000Z`)}, ${resolved} ${nth(n + 10)};`,
    )
  }

  // An accepted plan: three monthly instalments adding up to the balance.
  const first = addDays(today, 5)
  out.push(
    `INSERT OR IGNORE INTO payment_plans (id, org_id, customer_id, invoice_id, status, instalment_count, frequency, first_date, total_minor, currency, source, created_at, decided_at) ` +
      `SELECT 'plan_portal_0001', org_id, customer_id, id, 'active', 3, 'monthly', ${q(first)}, balance_minor, currency, 'portal', ${q(now)}, ${q(now)} ${nth(20)};`,
  )
  for (const seq of [1, 2, 3]) {
    out.push(
      `INSERT OR IGNORE INTO payment_plan_instalments (id, org_id, plan_id, seq, due_date, amount_minor, paid_minor) ` +
        `SELECT ${q(`pli_portal_0001_${seq}`)}, org_id, id, ${seq}, date(first_date, '+${seq - 1} months'), total_minor / 3 + (CASE WHEN ${seq} <= total_minor % 3 THEN 1 ELSE 0 END), 0 ` +
        `FROM payment_plans WHERE org_id = '${ACME}' AND id = 'plan_portal_0001';`,
    )
  }

  // Portal disputes with evidence metadata: one fresh, one at risk, one breached, one resolved.
  const disputesSeed = [
    ["dsp_portal_0001", 30, "quantity", "We received 8 of the 10 units invoiced.", "open", -1, 5],
    ["dsp_portal_0002", 31, "pricing", "The unit price does not match our contract (USD 42 not 48).", "investigating", -4.5, 5],
    ["dsp_portal_0003", 32, "not_received", "Nothing arrived at our Leeds warehouse.", "open", -4, 3],
    ["dsp_portal_0004", 33, "duplicate", "This is the same order as the previous invoice.", "rejected", -9, 2],
  ]
  for (const [id, n, reason, message, status, ageDays, slaDays] of disputesSeed) {
    const created = new Date(Date.parse(`${today}T12:00:00.000Z`) + ageDays * 86_400_000).toISOString()
    const sla = new Date(Date.parse(created) + slaDays * 86_400_000).toISOString()
    const closed = status === "rejected"
    out.push(
      `INSERT OR IGNORE INTO disputes (id, org_id, invoice_id, customer_id, reason, message, status, source, sla_due_at, resolution, created_at, updated_at, resolved_at) ` +
        `SELECT ${q(id)}, org_id, id, customer_id, ${q(reason)}, ${q(message)}, ${q(status)}, 'portal', ${q(sla)}, ${closed ? q("Both invoices cover separate deliveries; copies sent.") : "NULL"}, ${q(created)}, ${q(created)}, ${closed ? q(sla) : "NULL"} ${nth(n)};`,
      `INSERT OR IGNORE INTO dispute_evidence (id, org_id, dispute_id, object_key, filename, content_type, size_bytes, uploaded_by, created_at) ` +
        `SELECT ${q(`evd_${id.slice(4)}`)}, org_id, id, org_id || '/' || id || '/evd_${id.slice(4)}', ${q(reason === "pricing" ? "contract-price-list.pdf" : "delivery-note.pdf")}, 'application/pdf', 184320, 'Payer (portal link)', created_at FROM disputes WHERE org_id = '${ACME}' AND id = ${q(id)};`,
      `INSERT OR IGNORE INTO tasks (id, org_id, invoice_id, customer_id, kind, title, status, assigned_role, dedupe_key, due_at, created_at, closed_at) ` +
        `SELECT ${q(`tsk_${id.slice(4)}`)}, org_id, invoice_id, customer_id, 'dispute', 'Dispute from the payer portal: ' || reason, ${q(closed ? "done" : "open")}, 'operator', 'dispute:' || id, sla_due_at, created_at, ${closed ? q(sla) : "NULL"} FROM disputes WHERE org_id = '${ACME}' AND id = ${q(id)};`,
    )
  }
  out.push(
    `UPDATE invoices SET disputed = 1 WHERE org_id = '${ACME}' AND id IN (SELECT invoice_id FROM disputes WHERE org_id = '${ACME}' AND id LIKE 'dsp_portal_%' AND status IN ('open', 'investigating', 'pending_credit'));`,
  )
  return out
}
