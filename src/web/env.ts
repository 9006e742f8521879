// Hono's typed context for Plixo: bindings from `wrangler types`, per-request variables set by middleware.
import type { Context } from "hono"
import type { Db } from "../db/client"
import type { Role } from "../domain/roles"
import type { Actor } from "../services/audit"

/** The signed-in principal within one organisation: a person's session or an API key. */
export type Member = {
  orgId: string
  orgName: string
  planTier: string
  role: Role
  userId: string | null
  email: string | null
  label: string
  via: "session" | "api_key"
  sessionId: string | null
  apiKeyId: string | null
  /** Per-session secret that forms and htmx requests echo back (CSRF). */
  csrfToken: string
}

export type AppEnv = {
  Bindings: Env
  Variables: {
    db: Db
    member: Member
    actor: Actor
    /** Anonymous CSRF token (double-submit cookie) for forms shown before sign-in. */
    anonCsrf: string
    banner: {
      maintenance: boolean
      deploymentMaintenance?: boolean
      autopilotPaused: boolean
      autopilotPausedReason: string | null
      /** Plixo plan: the tier in force, the tier paid for, trial days left, what is above the tier (read-only). */
      plan?: { tier: string; paidTier: string; trialDaysLeft: number; above: string[] }
    } | null
  }
}

export type AppContext = Context<AppEnv>
