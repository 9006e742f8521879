// The API error format of API.md, and the same refusals rendered as pages for browsers.
import type { Context } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"

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

export type ErrorDetail = { field?: string; row?: number; message: string; [key: string]: unknown }

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
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

export function errorJson(c: Context, err: AppError) {
  return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status)
}

/** zod issues -> API error details that name the field. */
export function zodDetails(issues: { path: PropertyKey[]; message: string }[]): ErrorDetail[] {
  return issues.map((i) => ({ field: i.path.map(String).join(".") || "(body)", message: i.message }))
}
