// The organisation's payer-facing settings and its sending domains: read together, changed in one statement.
import { asc, eq } from "drizzle-orm"
import type { OrgSettings } from "../domain/org-settings"
import type { Db } from "./client"
import { organisations, sendingDomains } from "./schema"

const settingsColumns = {
  name: organisations.name,
  displayName: organisations.displayName,
  senderName: organisations.senderName,
  replyTo: organisations.replyTo,
  brandColour: organisations.brandColour,
  logoUrl: organisations.logoUrl,
  catchUpStart: organisations.catchUpStart,
}

/** The settings of one organisation, or null when there is no such organisation. */
export async function orgSettings(db: Db, orgId: string): Promise<OrgSettings | null> {
  const [row] = await db.select(settingsColumns).from(organisations).where(eq(organisations.id, orgId)).limit(1)
  return row ?? null
}

/** Settings plus sending domains in one round trip: what a sender identity is made of. */
export async function orgSettingsWithDomains(db: Db, orgId: string) {
  const [rows, domains] = await db.batch([
    db.select(settingsColumns).from(organisations).where(eq(organisations.id, orgId)).limit(1),
    db
      .select({ domain: sendingDomains.domain, spfVerified: sendingDomains.spfVerified, dkimVerified: sendingDomains.dkimVerified })
      .from(sendingDomains)
      .where(eq(sendingDomains.orgId, orgId))
      .orderBy(asc(sendingDomains.createdAt)),
  ])
  return rows[0] ? { settings: rows[0], domains } : null
}

export type SettingsColumns = Partial<Omit<OrgSettings, "name">>

export function updateOrgSettings(db: Db, orgId: string, set: SettingsColumns) {
  return db.update(organisations).set(set).where(eq(organisations.id, orgId))
}
