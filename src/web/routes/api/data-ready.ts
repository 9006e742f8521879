// GET /api/v1/data-ready (API.md "Governance").
import { z } from "zod"
import { computeDataReady, greenStreakDays } from "../../../services/data-ready"
import { apiApp, apiRoute } from "../../api-route"

const dataReadySchema = z.object({
  score: z.number().int().min(0).max(100),
  status: z.enum(["green", "amber", "red"]),
  green_streak_days: z.number().int().describe("consecutive days green in the daily snapshots"),
  checks: z.array(z.object({ key: z.string(), label: z.string(), ok: z.boolean(), weight: z.number().int(), detail: z.string() })),
})
const score = apiRoute({
  method: "get",
  path: "/",
  capability: "read",
  summary: "Data-Ready score and the checks behind it",
  tags: ["Data-Ready"],
  responses: { 200: { description: "Score", content: { "application/json": { schema: dataReadySchema } } } },
})

export const dataReadyApiRoutes = apiApp().openapi(score, async (c) => {
  const { db, member } = c.var
  const now = new Date()
  const [result, streak] = await Promise.all([computeDataReady(db, member.orgId, now), greenStreakDays(db, member.orgId, now)])
  return c.json({ score: result.score, status: result.status, green_streak_days: streak, checks: result.checks }, 200)
})
