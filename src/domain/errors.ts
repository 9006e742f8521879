// Refusals every layer may raise: a status a person or client can act on, a stable code and the fields at fault.
// The HTTP rendering (API error JSON, error pages) lives in web/errors.ts.

export type ErrorCode =
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unprocessable"
  | "rate_limited"
  | "internal"
  | "not_configured"
  | "upstream_error"

/** The HTTP statuses a refusal maps to (API.md conventions). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 502 | 503

export type ErrorDetail = { field?: string; row?: number; message: string; [key: string]: unknown }

export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
  }
}

export const notFound = (what = "Resource") => new AppError(404, "not_found", `${what} not found`)
export const forbidden = (message = "Your role may not do this") => new AppError(403, "forbidden", message)
export const badRequest = (message: string, details: ErrorDetail[] = []) => new AppError(400, "validation_failed", message, details)
export const unprocessable = (message: string, details: ErrorDetail[] = []) => new AppError(422, "unprocessable", message, details)
export const conflict = (message: string) => new AppError(409, "conflict", message)

/** zod issues -> error details that name the field. */
export function zodDetails(issues: { path: PropertyKey[]; message: string }[]): ErrorDetail[] {
  return issues.map((i) => ({ field: i.path.map(String).join(".") || "(body)", message: i.message }))
}
