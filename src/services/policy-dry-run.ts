// The policy dry-run use case: validates the window, reads the TenantDO's caps, simulates the version; writes nothing.
import { z } from "zod"
import type { Db } from "../db/client"
import { addDays, isoDay } from "../domain/dates"
import { badRequest, notFound, zodDetails } from "../domain/errors"
import { dryRunVersion, type DryRun } from "../tenant/dry-run"
import { tenantOf } from "./outreach"

export const maxDryRunDays = 90
export const dryRunBody = z
  .object({ days: z.number({ error: "days must be a whole number from 1 to 90" }).int().min(1).max(maxDryRunDays).default(30) })
  .strict()

/** Parses `{ "days": n }` (absent: 30) with a 400 naming the field (the editor's form; the API validates through its declaration). */
export function parseDryRun(raw: unknown): { days: number } {
  const r = dryRunBody.safeParse(raw ?? {})
  if (!r.success) throw badRequest(`days must be a whole number from 1 to ${maxDryRunDays}`, zodDetails(r.error.issues))
  return r.data
}

export async function dryRunCadence(
  env: Env,
  db: Db,
  orgId: string,
  cadenceId: string,
  version: number,
  days: number,
  now = new Date(),
): Promise<DryRun> {
  // The contact's weekly budget looks back up to six days (eight covers any time zone): start the copy of the caps there.
  const seed = await tenantOf(env, orgId).ledgerFrom(addDays(isoDay(now), -8), orgId)
  const r = await dryRunVersion(db, seed, orgId, cadenceId, version, days, now)
  if (!r) throw notFound("Cadence version")
  return r
}
