// Cadence steps and the outreach keys that make "at most one reminder per step" hold (which step is due: ./catch-up.ts).

export type CadenceStep = { position: number; offsetDays: number; subject: string; body: string }

/** One reminder per (invoice, cadence version, step, anchor): the outreach dedupe key. */
export function reminderKey(invoiceId: string, versionId: string, position: number, anchorTag: string): string {
  return `rem:${invoiceId}:${versionId}:${position}${anchorTag ? `:${anchorTag}` : ""}`
}

/** True when this step, or a later one of the same anchor, already has an outreach. */
export function alreadyReached(
  existingKeys: readonly string[],
  invoiceId: string,
  versionId: string,
  position: number,
  anchorTag: string,
): boolean {
  const prefix = `rem:${invoiceId}:${versionId}:`
  for (const k of existingKeys) {
    if (!k.startsWith(prefix)) continue
    const [pos, tag = ""] = k.slice(prefix.length).split(":")
    if (tag === anchorTag && Number(pos) >= position) return true
  }
  return false
}
