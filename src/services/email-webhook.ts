// POST /webhooks/email: provider bounce and complaint events, HMAC-signed with a timestamp; feeds the suppression list.
import { inArray } from "drizzle-orm"
import { z } from "zod"
import type { Db } from "../db/client"
import { customersWithEmails } from "../db/cadence-changes"
import { newId } from "../db/ids"
import { outreach, webhookFailures } from "../db/schema"
import { notifyCadence } from "../tenant/notify"
import { hmacHex, safeEqual } from "./crypto"
import { enforceReputation, providerEventStatements } from "./email-events"

/** Signatures older or newer than this are refused (replay window). */
export const toleranceSeconds = 300

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(["bounce", "complaint", "delivered"]),
  email: z.string().email(),
  outreach_id: z.string().max(64).nullable().optional(),
  bounce_type: z.enum(["hard", "soft"]).optional(),
  detail: z.string().max(500).nullable().optional(),
})
const payloadSchema = z.object({ events: z.array(eventSchema).min(1).max(500) })

/** `X-Plixo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
export async function signEmailWebhook(secret: string, body: string, t: number): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`
}

export async function verifyEmailWebhook(secret: string, body: string, header: string | undefined, now: Date): Promise<string | null> {
  if (!secret) return "The email webhook secret is not configured"
  if (!header) return "Missing X-Plixo-Signature"
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]))
  const t = Number(parts.t)
  if (!Number.isFinite(t) || !parts.v1) return "Malformed signature header"
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return "Signature timestamp outside the tolerance"
  if (!safeEqual(parts.v1, await hmacHex(secret, `${t}.${body}`))) return "Signature does not match"
  return null
}

export type WebhookResult = { status: 200 | 400; body: Record<string, unknown> }

export async function receiveEmailWebhook(
  db: Db,
  env: Env,
  raw: string,
  signature: string | undefined,
  now = new Date(),
): Promise<WebhookResult> {
  const refused = await verifyEmailWebhook(env.EMAIL_WEBHOOK_SECRET, raw, signature, now)
  if (refused) {
    await db.insert(webhookFailures).values({ id: newId("whf"), source: "email", reason: refused, createdAt: now.toISOString() })
    return { status: 400, body: { error: { code: "validation_failed", message: refused, details: [] } } }
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { status: 400, body: { error: { code: "validation_failed", message: "The body is not JSON", details: [] } } }
  }
  const parsed = payloadSchema.safeParse(json)
  if (!parsed.success)
    return {
      status: 400,
      body: {
        error: {
          code: "validation_failed",
          message: "Not a batch of email events",
          details: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
        },
      },
    }
  // The organisation comes from our own outreach id (the provider echoes the idempotency key), never from the payload.
  const ids = [...new Set(parsed.data.events.map((e) => e.outreach_id).filter((v): v is string => !!v))]
  const owners = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 90) {
    for (const r of await db
      .select({ id: outreach.id, orgId: outreach.orgId })
      .from(outreach)
      .where(inArray(outreach.id, ids.slice(i, i + 90))))
      owners.set(r.id, r.orgId)
  }
  let recorded = 0
  let unmatched = 0
  const statements = []
  const orgs = new Set<string>()
  const suppressed = new Map<string, string[]>()
  for (const e of parsed.data.events) {
    const orgId = e.outreach_id ? owners.get(e.outreach_id) : undefined
    if (!orgId) {
      unmatched++
      continue
    }
    orgs.add(orgId)
    recorded++
    const permanent = e.type === "complaint" || e.bounce_type !== "soft"
    if (permanent && e.type !== "delivered") suppressed.set(orgId, [...(suppressed.get(orgId) ?? []), e.email])
    statements.push(
      ...providerEventStatements(
        db,
        orgId,
        {
          type: e.type,
          email: e.email,
          outreachId: e.outreach_id ?? null,
          providerEventId: e.id,
          detail: e.detail ?? null,
          permanent,
        },
        now,
      ),
    )
  }
  for (let i = 0; i < statements.length; i += 90) {
    const part = statements.slice(i, i + 90)
    await db.batch(part as [(typeof part)[number], ...(typeof part)[number][]])
  }
  // Hard bounces and complaints suppress the address: the cadence looks again at those customers' invoices.
  for (const [orgId, emails] of suppressed) await notifyCadence(env, orgId, { customerIds: await customersWithEmails(db, orgId, emails) })
  const paused: string[] = []
  for (const orgId of orgs) if (await enforceReputation(db, orgId, now)) paused.push(orgId)
  return { status: 200, body: { received: parsed.data.events.length, recorded, unmatched, autopilot_paused: paused.length > 0 } }
}
