// Seed part 65 (owners): Acme Demo's customers get an account owner, so "My accounts" on /work/queue shows the
// demo Operator's book: about two in three customers are the Operator's, the rest the A/R Manager's. Customers
// that already have an owner (set in the app) keep theirs.
import { ACME } from "../lib/demo-org.mjs"

export function build({ q }) {
  return [
    `UPDATE customers SET owner_id = CASE WHEN (abs(unicode(substr(id, -1))) % 3) = 0 THEN 'usr_acme_ar_manager' ELSE 'usr_acme_operator' END WHERE org_id = ${q(ACME)} AND owner_id IS NULL;`,
  ]
}
