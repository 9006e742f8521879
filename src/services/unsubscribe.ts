// One-click unsubscribe tokens (RFC 8058): signed (organisation, address) pairs; no lookup table needed.
import { and, eq } from "drizzle-orm"
import type { Db } from "../db/client"
import { newId } from "../db/ids"
import { emailEvents, suppressions } from "../db/schema"
import { auditInsert, type Actor } from "./audit"
import { hmacHex, safeEqual } from "./crypto"

const b64 = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")
const unb64 = (s: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)))

function secretOf(env: Pick<Env, "SESSION_SECRET">): string {
  if (!env.SESSION_SECRET) throw new Error("SESSION_SECRET is not set")
  return `unsubscribe:${env.SESSION_SECRET}`
}

export async function unsubscribeToken(env: Pick<Env, "SESSION_SECRET">, orgId: string, email: string): Promise<string> {
  const payload = b64(`${orgId}\n${email.toLowerCase()}`)
  return `${payload}.${(await hmacHex(secretOf(env), payload)).slice(0, 32)}`
}

export async function readUnsubscribeToken(
  env: Pick<Env, "SESSION_SECRET">,
  token: string,
): Promise<{ orgId: string; email: string } | null> {
  const [payload, sig] = token.split(".")
  if (!payload || !sig) return null
  const expected = (await hmacHex(secretOf(env), payload)).slice(0, 32)
  if (!safeEqual(sig, expected)) return null
  try {
    const [orgId, email] = unb64(payload).split("\n")
    return orgId && email ? { orgId, email } : null
  } catch {
    return null
  }
}

/** Adds an address to the organisation's suppression list (no-op when already there), audited in the same batch. */
export function suppressStatements(
  db: Db,
  orgId: string,
  actor: Actor,
  input: { email: string; reason: "bounce" | "complaint" | "unsubscribe" | "manual"; detail?: string | null },
  now = new Date(),
) {
  const email = input.email.trim().toLowerCase()
  return [
    db
      .insert(suppressions)
      .values({
        id: newId("sup"),
        orgId,
        email,
        reason: input.reason,
        detail: input.detail ?? null,
        createdBy: actor.id ?? actor.label,
        createdAt: now.toISOString(),
      })
      .onConflictDoNothing(),
    auditInsert(
      db,
      orgId,
      actor,
      {
        action: "suppression.added",
        subjectType: "email",
        subjectId: email,
        after: { reason: input.reason, detail: input.detail ?? null },
      },
      now,
    ),
  ] as const
}

export async function unsubscribe(db: Db, orgId: string, email: string, now = new Date()): Promise<void> {
  const payer: Actor = { type: "payer", id: null, label: email }
  const existing = await db
    .select({ id: suppressions.id })
    .from(suppressions)
    .where(and(eq(suppressions.orgId, orgId), eq(suppressions.email, email)))
    .limit(1)
  if (existing.length) return
  await db.batch([
    ...suppressStatements(db, orgId, payer, { email, reason: "unsubscribe", detail: "One-click unsubscribe" }, now),
    db.insert(emailEvents).values({ id: newId("eev"), orgId, type: "unsubscribe", email, createdAt: now.toISOString() }),
  ])
}
