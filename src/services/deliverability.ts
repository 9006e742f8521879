// Deliverability settings: the suppression list and sending domains (records to publish, DNS verification), audited.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId } from "../db/ids"
import { sendingDomains, suppressions } from "../db/schema"
import { dnsRecordsFor, recordSatisfied } from "../domain/deliverability"
import { looksLikeEmail } from "../domain/email-domains"
import type { DnsResolver } from "../integrations/dns"
import { badRequest, conflict, notFound } from "../domain/errors"
import { auditInsert, type Actor } from "./audit"
import { suppressStatements } from "./unsubscribe"

export function platformDomainOf(env: Pick<Env, "EMAIL_FROM">): string {
  const addr = /<([^>]+)>/.exec(env.EMAIL_FROM)?.[1] ?? env.EMAIL_FROM
  return addr.split("@")[1] ?? "plixo.dev"
}

export async function addSuppression(db: Db, orgId: string, actor: Actor, emailInput: string, detail: string | null, now = new Date()) {
  const email = emailInput.trim().toLowerCase()
  if (!looksLikeEmail(email))
    throw badRequest("Enter a valid email address", [{ field: "email", message: `"${emailInput}" is not an email address` }])
  const [existing] = await db
    .select({ id: suppressions.id })
    .from(suppressions)
    .where(and(eq(suppressions.orgId, orgId), eq(suppressions.email, email)))
    .limit(1)
  if (existing) throw conflict(`${email} is already suppressed`)
  await db.batch([...suppressStatements(db, orgId, actor, { email, reason: "manual", detail }, now)])
}

export async function removeSuppression(db: Db, orgId: string, actor: Actor, id: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.orgId, orgId), eq(suppressions.id, id)))
    .limit(1)
  if (!row) throw notFound("Suppression")
  await db.batch([
    db.delete(suppressions).where(and(eq(suppressions.orgId, orgId), eq(suppressions.id, id))),
    auditInsert(
      db,
      orgId,
      actor,
      { action: "suppression.removed", subjectType: "email", subjectId: row.email, before: { reason: row.reason, detail: row.detail } },
      now,
    ),
  ])
}

const domainPattern = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/** A new sending domain starts its warmup now. */
export async function addSendingDomain(db: Db, orgId: string, actor: Actor, input: string, now = new Date()) {
  const domain = input.trim().toLowerCase().replace(/\.$/, "")
  if (!domainPattern.test(domain))
    throw badRequest("Enter a domain such as mail.example.com", [{ field: "domain", message: `"${input}" is not a domain name` }])
  const [existing] = await db
    .select({ id: sendingDomains.id })
    .from(sendingDomains)
    .where(and(eq(sendingDomains.orgId, orgId), eq(sendingDomains.domain, domain)))
    .limit(1)
  if (existing) throw conflict(`${domain} is already a sending domain`)
  const id = newId("sd")
  await db.batch([
    db.insert(sendingDomains).values({ id, orgId, domain, warmupStartedAt: now.toISOString(), createdAt: now.toISOString() }),
    auditInsert(db, orgId, actor, { action: "sending_domain.added", subjectType: "sending_domain", subjectId: id, after: { domain } }, now),
  ])
  return id
}

/** Looks the domain's SPF, DKIM and DMARC records up and stores what was found. */
export async function verifySendingDomain(
  db: Db,
  env: Pick<Env, "EMAIL_FROM" | "INBOUND_DOMAIN">,
  orgId: string,
  actor: Actor,
  id: string,
  resolver: DnsResolver,
  now = new Date(),
) {
  const [row] = await db
    .select()
    .from(sendingDomains)
    .where(and(eq(sendingDomains.orgId, orgId), eq(sendingDomains.id, id)))
    .limit(1)
  if (!row) throw notFound("Sending domain")
  const records = dnsRecordsFor(row.domain, row.dkimSelector, platformDomainOf(env), env.INBOUND_DOMAIN)
  const found = await Promise.all(records.map((r) => resolver.lookup(r.name, r.type).catch(() => [] as string[])))
  const ok = Object.fromEntries(records.map((r, i) => [r.kind, recordSatisfied(r, found[i]!)])) as Record<"SPF" | "DKIM" | "DMARC", boolean>
  await db.batch([
    db
      .update(sendingDomains)
      .set({ spfVerified: ok.SPF, dkimVerified: ok.DKIM, dmarcVerified: ok.DMARC, checkedAt: now.toISOString() })
      .where(and(eq(sendingDomains.orgId, orgId), eq(sendingDomains.id, id))),
    auditInsert(db, orgId, actor, { action: "sending_domain.checked", subjectType: "sending_domain", subjectId: id, after: ok }, now),
  ])
  return ok
}
