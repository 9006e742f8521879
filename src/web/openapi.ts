// OpenAPI 3.1 for /api/v1, generated from the same zod schemas that validate requests and shape responses.
// Routes declared with `apiRoute` come from the API app's registry; the older ones call `describeRoute` next to their
// handler. GET /api/v1/openapi.json serves `openApiDocument()`.
import type { OpenAPIHono } from "@hono/zod-openapi"
import { z } from "zod"
import type { AppEnv } from "./env"

export type RouteDoc = {
  method: "get" | "post" | "patch" | "put" | "delete"
  /** Hono style (`/api/v1/invoices/:id`); converted to `{id}`. */
  path: string
  summary: string
  tags?: string[]
  query?: z.ZodObject
  body?: z.ZodType
  bodyContentType?: string
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>
}

const docs: RouteDoc[] = []

export function describeRoute(doc: RouteDoc): void {
  if (!docs.some((d) => d.method === doc.method && d.path === doc.path)) docs.push(doc)
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.record(z.string(), z.unknown())),
  }),
})

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() })

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "output", unrepresentable: "any" })

/** Relative paths of the API app's declarations, put under the mount point `/api/v1` so both kinds read alike. */
function declaredPaths(api: OpenAPIHono<AppEnv>): Record<string, Record<string, unknown>> {
  const generated = api.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "" } })
  return Object.fromEntries(
    Object.entries(generated.paths ?? {}).map(([path, ops]) => [`/api/v1${path === "/" ? "" : path}`, ops as Record<string, unknown>]),
  )
}

export function openApiDocument(api: OpenAPIHono<AppEnv>, serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = declaredPaths(api)
  for (const doc of [...docs].sort((a, b) => a.path.localeCompare(b.path))) {
    const path = doc.path.replace(/:(\w+)/g, "{$1}")
    const parameters = [
      ...[...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } })),
      ...Object.entries(doc.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: !(schema as z.ZodType).safeParse(undefined).success,
        schema: toJson(schema as z.ZodType),
      })),
    ]
    const responses: Record<string, unknown> = {}
    for (const [status, r] of Object.entries(doc.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { [r.contentType ?? "application/json"]: { schema: toJson(r.schema) } } }
        : { description: r.description }
    }
    responses.default = { description: "Error", content: { "application/json": { schema: toJson(errorSchema) } } }
    paths[path] ??= {}
    paths[path][doc.method] = {
      summary: doc.summary,
      tags: doc.tags,
      parameters,
      ...(doc.body
        ? { requestBody: { required: true, content: { [doc.bodyContentType ?? "application/json"]: { schema: toJson(doc.body) } } } }
        : {}),
      responses,
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Plixo API",
      version: "1.0.0",
      description: "Accounts-receivable automation. Bearer API keys; snake_case JSON; money in minor units.",
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  }
}
