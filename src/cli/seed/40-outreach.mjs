// Seed part 40 (autopilot): Acme Demo's sending domain, drafts waiting in the review queue, a month of sent
// reminders with replies and bounces, two suppressions and an escalation task. Built from the invoices and
// contacts of part 10 with INSERT OR IGNORE ... SELECT, so ids are deterministic and a rerun changes nothing.

const ORG = "org_acme_demo"

/** `out_` + 20 [a-z0-9] like newId("out"): the inbound matcher recognises these ids. */
const outId = (prefix, invoiceExpr) =>
  `'out_${prefix}' || substr('000000000000000000' || substr(${invoiceExpr}, 10), -${20 - prefix.length})`

const primaryContact = (field) =>
  `(select c.${field} from contacts c where c.org_id = i.org_id and c.customer_id = i.customer_id and c.email is not null order by c.is_primary desc, c.id limit 1)`

export function build({ now, q, insert }) {
  const day = 86_400_000
  const t = Date.parse(now)
  const iso = (ms) => new Date(ms).toISOString()
  const statements = []

  statements.push(
    ...insert("sending_domains", [
      {
        id: "sd_acme_billing",
        org_id: ORG,
        domain: "billing.acme-demo.example",
        dkim_selector: "plixo",
        spf_verified: 1,
        dkim_verified: 1,
        dmarc_verified: 0,
        checked_at: iso(t - 2 * 3_600_000),
        warmup_started_at: iso(t - 9 * day),
        daily_cap: 800,
        created_at: iso(t - 9 * day),
      },
    ]),
  )

  // Drafts for the review queue: 24 overdue invoices, the newest step of a Shadow Mode cadence.
  statements.push(`INSERT OR IGNORE INTO outreach (id, org_id, invoice_id, customer_id, contact_id, step_position, kind, dedupe_key, status, reason, to_email, subject, body_text, scheduled_for, attempts, created_at, updated_at)
SELECT ${outId("seeddraft", "i.id")}, i.org_id, i.id, i.customer_id, ${primaryContact("id")}, 2, 'reminder', 'seed:draft:' || i.id, 'draft',
  'Step 2 of 3 of the Standard cadence (due ' || i.due_date || '; Shadow Mode: review before it goes out)',
  lower(${primaryContact("email")}),
  'Reminder: invoice {invoice_number} is {days_past_due} days past due',
  'Hello {contact_name},' || char(10) || char(10) || 'Our records show {invoice_balance} still open on invoice {invoice_number}, due {due_date}. You can pay securely here: {pay_link}' || char(10) || char(10) || 'If you have already paid, please reply and let us know.' || char(10) || char(10) || 'Kind regards,' || char(10) || '{sender_name}',
  ${q(iso(t + 3_600_000))}, 0, ${q(iso(t - 3_600_000))}, ${q(iso(t - 3_600_000))}
FROM invoices i
WHERE i.org_id = ${q(ORG)} AND i.status = 'open' AND i.disputed = 0 AND i.due_date < ${q(now.slice(0, 10))} AND ${primaryContact("email")} IS NOT NULL
ORDER BY i.id LIMIT 24 OFFSET 40;`)

  // A month of sent reminders: 150 invoices, one reminder each, spread over the last 30 days.
  statements.push(`INSERT OR IGNORE INTO outreach (id, org_id, invoice_id, customer_id, contact_id, step_position, kind, dedupe_key, status, reason, to_email, subject, body_text, scheduled_for, attempts, provider_message_id, sent_at, created_at, updated_at)
SELECT ${outId("seedsent", "i.id")}, i.org_id, i.id, i.customer_id, ${primaryContact("id")}, 1, 'reminder', 'seed:sent:' || i.id, 'sent',
  'Step 1 of 3 of the Standard cadence (due ' || i.due_date || '; Autopilot)',
  lower(${primaryContact("email")}),
  'Invoice ' || i.invoice_number || ' is now due',
  'Hello,' || char(10) || char(10) || 'Invoice ' || i.invoice_number || ' is now due. Thank you for arranging payment.',
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(now)}, '-' || (abs(unicode(substr(i.id, -1)) * 7 + unicode(substr(i.id, -2, 1)) * 3) % 30) || ' days'),
  1, 'mail_seed_' || i.id,
  strftime('%Y-%m-%dT%H:%M:%fZ', ${q(now)}, '-' || (abs(unicode(substr(i.id, -1)) * 7 + unicode(substr(i.id, -2, 1)) * 3) % 30) || ' days'),
  ${q(iso(t - 31 * day))}, ${q(iso(t - 31 * day))}
FROM invoices i
WHERE i.org_id = ${q(ORG)} AND ${primaryContact("email")} IS NOT NULL
ORDER BY i.id LIMIT 150 OFFSET 100;`)

  // Replies to six of them, recorded on their invoices.
  statements.push(`INSERT OR IGNORE INTO email_events (id, org_id, outreach_id, invoice_id, type, email, detail, provider_event_id, created_at)
SELECT 'eev_seedreply_' || o.invoice_id, o.org_id, o.id, o.invoice_id, 'reply', o.to_email,
  'Re: ' || o.subject || char(10) || char(10) || 'Thanks for the reminder - payment is scheduled with our next payment run on Friday.',
  'seed-reply-' || o.id, o.sent_at
FROM outreach o WHERE o.org_id = ${q(ORG)} AND o.id LIKE 'out_seedsent%' ORDER BY o.id LIMIT 6;`)
  statements.push(`UPDATE outreach SET responded_at = (select e.created_at from email_events e where e.org_id = outreach.org_id and e.outreach_id = outreach.id and e.type = 'reply')
WHERE org_id = ${q(ORG)} AND responded_at IS NULL AND id IN (select e.outreach_id from email_events e where e.org_id = ${q(ORG)} and e.type = 'reply' and e.id LIKE 'eev_seedreply_%');`)
  statements.push(`UPDATE invoices SET last_response_at = (select max(e.created_at) from email_events e where e.org_id = invoices.org_id and e.invoice_id = invoices.id and e.type = 'reply')
WHERE org_id = ${q(ORG)} AND last_response_at IS NULL AND id IN (select e.invoice_id from email_events e where e.org_id = ${q(ORG)} and e.type = 'reply' and e.id LIKE 'eev_seedreply_%');`)

  // Two bounces that became suppressions, and one payer who unsubscribed.
  statements.push(`INSERT OR IGNORE INTO email_events (id, org_id, outreach_id, invoice_id, type, email, detail, provider_event_id, created_at)
SELECT 'eev_seedbounce_' || o.invoice_id, o.org_id, o.id, o.invoice_id, 'bounce', o.to_email, '550 5.1.1 user unknown', 'seed-bounce-' || o.id, o.sent_at
FROM outreach o WHERE o.org_id = ${q(ORG)} AND o.id LIKE 'out_seedsent%' ORDER BY o.id DESC LIMIT 2;`)
  statements.push(`INSERT OR IGNORE INTO suppressions (id, org_id, email, reason, detail, created_by, created_at)
SELECT 'sup_seed_' || e.invoice_id, e.org_id, e.email, 'bounce', e.detail, 'Bounce from the email provider', e.created_at
FROM email_events e WHERE e.org_id = ${q(ORG)} AND e.id LIKE 'eev_seedbounce_%';`)
  statements.push(`INSERT OR IGNORE INTO suppressions (id, org_id, email, reason, detail, created_by, created_at)
SELECT 'sup_seed_unsub', o.org_id, o.to_email, 'unsubscribe', 'One-click unsubscribe', NULL, ${q(iso(t - 4 * day))}
FROM outreach o WHERE o.org_id = ${q(ORG)} AND o.id LIKE 'out_seedsent%' ORDER BY o.id LIMIT 1 OFFSET 20;`)

  // No answer three weeks after a reminder: an escalation for the operator.
  statements.push(`INSERT OR IGNORE INTO tasks (id, org_id, invoice_id, customer_id, kind, title, status, assigned_role, dedupe_key, due_at, created_at)
SELECT 'tsk_seed_' || o.invoice_id, o.org_id, o.invoice_id, o.customer_id, 'escalation', 'No response 21 days after the last reminder: call the customer', 'open', 'operator', 'esc:' || o.id, ${q(now)}, ${q(iso(t - day))}
FROM outreach o JOIN invoices i ON i.org_id = o.org_id AND i.id = o.invoice_id
WHERE o.org_id = ${q(ORG)} AND o.id LIKE 'out_seedsent%' AND o.responded_at IS NULL AND i.status = 'open' ORDER BY o.id LIMIT 2 OFFSET 30;`)
  return statements
}
