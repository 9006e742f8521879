// GET /api/v1/data-ready (API.md "Governance").
import { Hono } from "hono"
import { z } from "zod"
import { computeDataReady, greenStreakDays } from "../../../services/data-ready"
import type { AppEnv } from "../../env"
import { describeRoute } from "../../openapi"

const dataReadySchema = z.object({
  score: z.number().int().min(0).max(100),
  status: z.enum(["green", "amber", "red"]),
  green_streak_days: z.number().int().describe("consecutive days green in the daily snapshots"),
  checks: z.array(z.object({ key: z.string(), label: z.string(), ok: z.boolean(), weight: z.number().int(), detail: z.string() })),
})
describeRoute({
  method: "get",
  path: "/api/v1/data-ready",
  summary: "Data-Ready score and the checks behind it",
  tags: ["Data-Ready"],
  responses: { 200: { description: "Score", schema: dataReadySchema } },
})

export const dataReadyApiRoutes = new Hono<AppEnv>().get("/api/v1/data-ready", async (c) => {
  const { db, member } = c.var
  const now = new Date()
  const [result, streak] = await Promise.all([computeDataReady(db, member.orgId, now), greenStreakDays(db, member.orgId, now)])
  return c.json({ score: result.score, status: result.status, green_streak_days: streak, checks: result.checks })
})
