// Changing the organisation's payer-facing settings: validated, written with its audit entry in one batch.
import type { Db } from "../db/client"
import { orgSettings, type SettingsColumns, updateOrgSettings } from "../db/org-settings"
import { badRequest, notFound, zodDetails } from "../domain/errors"
import { type OrgSettings, settingsPatchSchema } from "../domain/org-settings"
import { type Actor, auditInsert } from "./audit"

/** The settings in the API's snake_case. */
export function settingsJson(s: OrgSettings) {
  return {
    name: s.name,
    display_name: s.displayName,
    sender_name: s.senderName,
    reply_to: s.replyTo,
    brand_colour: s.brandColour,
    logo_url: s.logoUrl,
    catch_up_start: s.catchUpStart,
  }
}

/** Applies a PATCH body; a bad field is a 400 that names it. Returns the settings after the change. */
export async function changeSettings(db: Db, orgId: string, actor: Actor, body: unknown, now = new Date()): Promise<OrgSettings> {
  const parsed = settingsPatchSchema.safeParse(body)
  if (!parsed.success) {
    const details = zodDetails(parsed.error.issues)
    throw badRequest(`Check ${details.map((d) => d.field).join(", ")}: ${details.map((d) => d.message).join("; ")}`, details)
  }
  const before = await orgSettings(db, orgId)
  if (!before) throw notFound("Organisation")
  const p = parsed.data
  const set: SettingsColumns = {
    ...(p.display_name !== undefined ? { displayName: p.display_name } : {}),
    ...(p.sender_name !== undefined ? { senderName: p.sender_name } : {}),
    ...(p.reply_to !== undefined ? { replyTo: p.reply_to } : {}),
    ...(p.brand_colour !== undefined ? { brandColour: p.brand_colour } : {}),
    ...(p.logo_url !== undefined ? { logoUrl: p.logo_url } : {}),
    ...(p.catch_up_start !== undefined ? { catchUpStart: p.catch_up_start } : {}),
  }
  const after: OrgSettings = { ...before, ...set }
  const old = settingsJson(before) as Record<string, unknown>
  const next = settingsJson(after) as Record<string, unknown>
  const changed = Object.keys(next).filter((k) => old[k] !== next[k])
  if (!changed.length) return before
  await db.batch([
    updateOrgSettings(db, orgId, set),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "settings.changed",
        subjectType: "organisation",
        subjectId: orgId,
        before: Object.fromEntries(changed.map((k) => [k, old[k]])),
        after: Object.fromEntries(changed.map((k) => [k, next[k]])),
      },
      now,
    ),
  ])
  return after
}
