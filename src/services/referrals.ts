// Partner referrals: every organisation gets its own code to share; when an organisation that signed up with a
// code starts its trial, the partner's account is credited once (a ledger row plus an audit entry on both sides).
import { eq } from "drizzle-orm"
import { partnerByCode } from "../db/billing"
import type { Db } from "../db/client"
import { newId, nowIso } from "../db/ids"
import { referralCredits } from "../db/schema"
import { REFERRAL_CREDIT } from "../domain/plan-tiers"
import { auditInsert, type Actor } from "./audit"
import type { Statement } from "./approvals"

const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

/** "Northwind Traders LLC" -> "NORTHWIND-7K3Q": readable on a call, random enough not to be guessed. */
export function newPartnerCode(orgName: string): string {
  const word = (orgName
    .normalize("NFKD")
    .toUpperCase()
    .match(/[A-Z0-9]+/g) ?? ["PLIXO"])[0]!.slice(0, 12)
  const bytes = crypto.getRandomValues(new Uint8Array(5))
  return `${word.length >= 2 ? word : "PLIXO"}-${[...bytes].map((b) => codeAlphabet[b % codeAlphabet.length]).join("")}`
}

/**
 * The statements that credit the partner whose code the referred organisation signed up with; none when there is
 * no such partner, the code is the organisation's own, or it was credited already.
 */
export async function referralCreditStatements(
  db: Db,
  referred: { id: string; name: string; referralCode: string | null },
  actor: Actor,
  now: Date,
): Promise<Statement[]> {
  if (!referred.referralCode) return []
  const partner = await partnerByCode(db, referred.referralCode)
  if (!partner || partner.id === referred.id) return []
  const already = await db
    .select({ id: referralCredits.id })
    .from(referralCredits)
    .where(eq(referralCredits.referredOrgId, referred.id))
    .limit(1)
  if (already.length) return []
  const id = newId("rcr")
  const credit = { amount_minor: REFERRAL_CREDIT.minor, currency: REFERRAL_CREDIT.currency }
  return [
    db.insert(referralCredits).values({
      id,
      orgId: partner.id,
      referredOrgId: referred.id,
      amountMinor: REFERRAL_CREDIT.minor,
      currency: REFERRAL_CREDIT.currency,
      reason: `Trial started by ${referred.name}`,
      createdAt: nowIso(now),
    }),
    auditInsert(
      db,
      partner.id,
      actor,
      {
        action: "referral.credited",
        subjectType: "referral_credit",
        subjectId: id,
        after: { ...credit, referred_org: referred.name, code: referred.referralCode.toUpperCase() },
      },
      now,
    ),
    auditInsert(
      db,
      referred.id,
      actor,
      {
        action: "referral.partner_credited",
        subjectType: "organisation",
        subjectId: referred.id,
        after: { partner: partner.name, code: referred.referralCode.toUpperCase() },
      },
      now,
    ),
  ]
}

/** Whether a code names a partner (the sign-up form refuses an unknown one). */
export async function isKnownPartnerCode(db: Db, code: string): Promise<boolean> {
  return !!(await partnerByCode(db, code))
}
