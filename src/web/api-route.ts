// One declaration per /api/v1 route (@hono/zod-openapi): path, parameters, body, responses and who may call it.
// `apiRoute` adds the capability as `x-capability` (shown in the API reference) and the error response every route
// shares; `apiApp` validates through the declaration and refuses with API.md's error format naming the field.
import { createRoute, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi"
import type { ZodError } from "zod"
import type { AppEnv } from "./env"
import { AppError, zodDetails } from "./errors"
import { errorSchema } from "./openapi"
import type { Rule } from "./route-rules"

const errorResponse = { description: "Error", content: { "application/json": { schema: errorSchema } } } as const

const targetWords: Record<string, string> = {
  query: "query parameter",
  param: "path parameter",
  json: "field",
  form: "form field",
  header: "header",
  cookie: "cookie",
}

/**
 * A zod failure of one request part as a 400 that names the fields at fault. Refinements (`code: "custom"`) carry
 * the product's own wording ("Unknown merge tag {custmer_name} (did you mean {customer_name}?)"), so they lead.
 */
export function validationError(target: string, error: ZodError): AppError {
  const names = [...new Set(error.issues.map((i) => i.path.map(String).join(".") || "(body)"))].join(", ")
  // A path that cannot name a resource (`/versions/abc`) names none: the same 404 as an absent or foreign id.
  if (target === "param") return new AppError(404, "not_found", `Nothing here: no such ${names}`, zodDetails(error.issues))
  const worded = [...new Set(error.issues.filter((i) => i.code === "custom").map((i) => i.message))]
  const what = targetWords[target] ?? target
  return new AppError(400, "validation_failed", worded.length ? worded.join("; ") : `Invalid ${what}: ${names}`, zodDetails(error.issues))
}

export function apiRoute<const R extends RouteConfig & { capability: Rule }>(config: R) {
  const { capability, ...route } = config
  return createRoute({
    ...route,
    description: [route.description, `Needs: ${capability}.`].filter(Boolean).join(" "),
    "x-capability": capability,
  }) as unknown as Omit<R, "capability"> & { "x-capability": Rule; getRoutingPath(): string }
}

/** A sub-app of /api/v1 whose validation failures throw our 400 (the app's onError renders it). */
export function apiApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error as ZodError)
    },
  })
}

export type ApiApp = ReturnType<typeof apiApp>

/** `GET /api/v1/x/:id` keys and capabilities of every route declared in an API app mounted at `base`. */
export function apiRules(app: OpenAPIHono<AppEnv>, base: string): [string, Rule][] {
  return app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === "route"
      ? [[`${d.route.method.toUpperCase()} ${base}${d.route.path.replace(/\{(\w+)\}/g, ":$1")}`, d.route["x-capability"] as Rule]]
      : [],
  )
}

export { errorResponse }
