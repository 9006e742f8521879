// HTTP for the ERP APIs: retries with backoff on 429 and 5xx (Retry-After honoured), typed failures the sync turns
// into connector health, and the local fakes: a base URL that is a path (`/dev/fake/quickbooks`) is answered
// in-process by the fake of that API, so `npm run dev` and the tests never leave the machine.
import { fakeQuickbooks } from "./fake/quickbooks"
import { fakeNetsuite } from "./fake/netsuite"

export type ErpFailureKind = "rate_limited" | "unavailable" | "revoked" | "refused" | "network"

export class ErpError extends Error {
  constructor(
    readonly kind: ErpFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

export type ErpFetch = (url: string, init?: RequestInit) => Promise<Response>

/** Real fetch for absolute URLs; the in-process fake for `/dev/fake/<api>/...` paths. */
export function erpFetcher(env: Env): ErpFetch {
  return (url, init) => {
    if (!url.startsWith("/")) return fetch(url, init)
    const fake = url.startsWith("/dev/fake/quickbooks") ? fakeQuickbooks : url.startsWith("/dev/fake/netsuite") ? fakeNetsuite : null
    if (!fake) return Promise.resolve(new Response("no such fake", { status: 404 }))
    return Promise.resolve(fake.fetch(new Request(`http://fake.invalid${url}`, init), env))
  }
}

export type RetryOptions = { attempts?: number; baseDelayMs?: number; maxDelayMs?: number; sleep?: (ms: number) => Promise<void> }

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Seconds or an HTTP date (RFC 9110 Retry-After) -> milliseconds, or null. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/**
 * One request with retries: 429 and 5xx wait (Retry-After, else exponential from baseDelayMs) and try again up to
 * `attempts` times, then fail as rate_limited / unavailable so the sync can back off for longer. Other statuses are
 * returned for the caller to read.
 */
export async function requestWithRetry(
  fetcher: ErpFetch,
  url: string,
  init: RequestInit,
  label: string,
  opts: RetryOptions = {},
): Promise<Response> {
  const attempts = opts.attempts ?? 3
  const base = opts.baseDelayMs ?? 500
  const max = opts.maxDelayMs ?? 8_000
  const sleep = opts.sleep ?? wait
  let last: Response | null = null
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      last = await fetcher(url, init)
    } catch (err) {
      if (attempt === attempts)
        throw new ErpError("network", `${label} could not be reached: ${err instanceof Error ? err.message : String(err)}`)
      await sleep(Math.min(max, base * 2 ** (attempt - 1)))
      continue
    }
    if (last.status !== 429 && last.status < 500) return last
    if (attempt < attempts) await sleep(Math.min(max, retryAfterMs(last.headers.get("Retry-After")) ?? base * 2 ** (attempt - 1)))
  }
  const status = last?.status ?? 0
  if (status === 429) throw new ErpError("rate_limited", `${label} is rate limiting Plixo (HTTP 429) after ${attempts} tries`, 429)
  throw new ErpError("unavailable", `${label} answered HTTP ${status} ${attempts} times`, status)
}
