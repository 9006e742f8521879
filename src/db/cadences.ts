// Cadence queries: the list with live versions, drafts and the segments using each version; one version with steps.
import { and, asc, desc, eq, inArray } from "drizzle-orm"
import type { Db } from "./client"
import { cadenceSteps, cadenceVersions, cadences, segments } from "./schema"

export type CadenceRow = typeof cadences.$inferSelect
export type VersionRow = typeof cadenceVersions.$inferSelect
export type StepRow = typeof cadenceSteps.$inferSelect

/** Every cadence of an organisation with its versions (newest first) and the segments assigned to each. */
export async function listCadences(db: Db, orgId: string) {
  const [cads, versions, segs] = await db.batch([
    db
      .select()
      .from(cadences)
      .where(and(eq(cadences.orgId, orgId), eq(cadences.archived, false)))
      .orderBy(asc(cadences.name)),
    db.select().from(cadenceVersions).where(eq(cadenceVersions.orgId, orgId)).orderBy(desc(cadenceVersions.version)),
    db
      .select({
        id: segments.id,
        name: segments.name,
        cadenceId: segments.cadenceId,
        cadenceVersion: segments.cadenceVersion,
        status: segments.status,
        mode: segments.mode,
      })
      .from(segments)
      .where(eq(segments.orgId, orgId))
      .orderBy(asc(segments.priority)),
  ])
  return cads.map((c) => ({
    cadence: c,
    versions: versions
      .filter((v) => v.cadenceId === c.id)
      .map((v) => ({ ...v, segments: segs.filter((s) => s.cadenceId === c.id && s.cadenceVersion === v.version) })),
  }))
}

export async function findCadence(db: Db, orgId: string, cadenceId: string) {
  const [c] = await db
    .select()
    .from(cadences)
    .where(and(eq(cadences.orgId, orgId), eq(cadences.id, cadenceId)))
  return c ?? null
}

/** All versions of a cadence with their steps, newest first. */
export async function cadenceVersionsWithSteps(db: Db, orgId: string, cadenceId: string) {
  const versions = await db
    .select()
    .from(cadenceVersions)
    .where(and(eq(cadenceVersions.orgId, orgId), eq(cadenceVersions.cadenceId, cadenceId)))
    .orderBy(desc(cadenceVersions.version))
  const steps = versions.length
    ? await db
        .select()
        .from(cadenceSteps)
        .where(
          and(
            eq(cadenceSteps.orgId, orgId),
            inArray(
              cadenceSteps.versionId,
              versions.map((v) => v.id),
            ),
          ),
        )
        .orderBy(asc(cadenceSteps.position))
    : []
  return versions.map((v) => ({ ...v, steps: steps.filter((s) => s.versionId === v.id) }))
}

export async function findVersion(db: Db, orgId: string, cadenceId: string, version: number) {
  const [v] = await db
    .select()
    .from(cadenceVersions)
    .where(and(eq(cadenceVersions.orgId, orgId), eq(cadenceVersions.cadenceId, cadenceId), eq(cadenceVersions.version, version)))
  if (!v) return null
  const steps = await db
    .select()
    .from(cadenceSteps)
    .where(and(eq(cadenceSteps.orgId, orgId), eq(cadenceSteps.versionId, v.id)))
    .orderBy(asc(cadenceSteps.position))
  return { ...v, steps }
}

/** Published versions of every cadence, for the segment editor's version picker. */
export async function publishedVersions(db: Db, orgId: string) {
  return db
    .select({ cadenceId: cadences.id, name: cadences.name, version: cadenceVersions.version, liveVersion: cadences.liveVersion })
    .from(cadenceVersions)
    .innerJoin(cadences, and(eq(cadences.orgId, cadenceVersions.orgId), eq(cadences.id, cadenceVersions.cadenceId)))
    .where(and(eq(cadenceVersions.orgId, orgId), eq(cadenceVersions.status, "published")))
    .orderBy(asc(cadences.name), desc(cadenceVersions.version))
}
