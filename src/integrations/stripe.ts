// The Stripe client for Workers: fetch HTTP client, SubtleCrypto for webhook signatures, optional local fake.
import Stripe from "stripe"

export const STRIPE_API_VERSION = "2026-10-28.endive" as const

/** A Stripe client, or null when the platform key is not configured. `STRIPE_API_BASE` points it at a fake. */
export function createStripe(env: Pick<Env, "STRIPE_SECRET_KEY" | "STRIPE_API_BASE">): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null
  return new Stripe(env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 1,
    timeout: 10_000,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol.replace(":", "") as "http" | "https",
        }
      : {}),
  })
}

export const stripeCrypto = Stripe.createSubtleCryptoProvider()
