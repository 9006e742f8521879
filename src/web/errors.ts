// The API error format of API.md for the refusals of domain/errors.ts, and the same refusals rendered as pages.
import type { Context } from "hono"
import { AppError } from "../domain/errors"

export { AppError, badRequest, conflict, forbidden, notFound, unprocessable, zodDetails } from "../domain/errors"
export type { ErrorCode, ErrorDetail, ErrorStatus } from "../domain/errors"

export function errorJson(c: Context, err: AppError) {
  return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status)
}
