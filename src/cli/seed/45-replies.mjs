// Seed part 45 (replies): payers' replies waiting on open, overdue invoices that were reminded, in the words real
// AP teams use, most naming a payment date (the Collections workspace suggests it as a promise), one naming none.
const ORG = "org_acme_demo"
const replies = [
  "Thanks for the reminder - payment is scheduled with our next payment run on Friday.",
  "Hi, apologies for the delay. We will pay on the 15th.",
  "This is approved and will go out at the end of the month.",
  "Our AP team has it queued; expect the wire next Tuesday.",
  "Can you send a copy of the invoice with our PO number? We cannot match it without one.",
  "Payment will be released in 2 weeks once the budget owner signs off.",
]

export function build({ q, now }) {
  return replies.map(
    (
      text,
      k,
    ) => `INSERT OR IGNORE INTO email_events (id, org_id, outreach_id, invoice_id, type, email, detail, provider_event_id, created_at)
SELECT 'eev_seedwait_' || o.invoice_id, o.org_id, o.id, o.invoice_id, 'reply', o.to_email, 'Re: ' || o.subject || char(10) || char(10) || ${q(text)}, 'seed-wait-' || o.id,
  max(strftime('%Y-%m-%dT%H:%M:%fZ', o.sent_at, '+1 hours'), strftime('%Y-%m-%dT%H:%M:%fZ', ${q(now)}, '-${(k + 1) * 9} hours'))
FROM outreach o JOIN invoices i ON i.org_id = o.org_id AND i.id = o.invoice_id
WHERE o.org_id = ${q(ORG)} AND o.id LIKE 'out_seedsent%' AND i.status = 'open' AND i.disputed = 0 AND i.due_date < substr(${q(now)}, 1, 10)
  AND NOT EXISTS (select 1 from promises p where p.org_id = o.org_id and p.invoice_id = o.invoice_id and p.id LIKE 'prm_acme_%')
  AND NOT EXISTS (select 1 from email_events e where e.org_id = o.org_id and e.invoice_id = o.invoice_id and e.id LIKE 'eev_seedreply_%')
ORDER BY o.id LIMIT 1 OFFSET ${k};`,
  )
}
