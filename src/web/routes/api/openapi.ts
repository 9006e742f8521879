// GET /api/v1/openapi.json: the whole API as OpenAPI 3.1, generated from the zod schemas each route registers.
import { Hono } from "hono"
import type { AppEnv } from "../../env"
import { openApiDocument } from "../../openapi"

export const openApiRoutes = new Hono<AppEnv>().get("/api/v1/openapi.json", (c) => c.json(openApiDocument(new URL(c.req.url).origin)))
