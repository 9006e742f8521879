// The principal of a request as the policy services see it, and JSON bodies read with a clear 400.
import type { Who } from "../../../services/cadences"
import type { AppContext } from "../../env"
import { badRequest } from "../../errors"

export function whoOf(c: AppContext): Who {
  const m = c.var.member
  return { orgId: m.orgId, plan: m.planTier, role: m.role, actor: c.var.actor }
}

export async function jsonBody(c: AppContext): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    throw badRequest("The body must be JSON (Content-Type: application/json)")
  }
}

/** A positive integer path parameter (`:version`), else 404-worthy null. */
export function intParam(value: string | undefined): number | null {
  return value && /^\d{1,6}$/.test(value) ? Number(value) : null
}
