/**
 * Internal: a token bucket per client — in memory (one instance), or in the database, shared by
 * every instance on it (several instances behind a load balancer).
 * @packageDocumentation
 */
import type { ServerStore } from '../store/types.js'

/** A rate: `perSecond` tokens refill each second, up to `burst`. */
export interface RateLimit {
  perSecond: number
  burst: number
}

/** Most clients tracked; beyond it the idle (full) buckets are dropped, then the oldest. */
const MAX_CLIENTS = 50_000

/** A limiter: `take(client)` answers 0 when allowed, else the seconds to wait. */
export interface RateLimiter {
  take(client: string): number | Promise<number>
}

/**
 * A token bucket after one request at `nowMs`: refilled by the time passed (at most `burst`),
 * less one token when there was one. `wait` is 0 when allowed, else the seconds until a token.
 * The in-memory and SQLite limiters use it; the PostgreSQL store does the same arithmetic in
 * one statement.
 */
export function refillBucket(previous: { tokens: number; updatedMs: number } | undefined, rate: RateLimit, nowMs: number): { tokens: number; updatedMs: number; wait: number } {
  if (previous === undefined) return { tokens: rate.burst - 1, updatedMs: nowMs, wait: 0 }
  const level = Math.min(rate.burst, previous.tokens + (Math.max(0, nowMs - previous.updatedMs) * rate.perSecond) / 1000)
  const updatedMs = Math.max(previous.updatedMs, nowMs)
  if (level >= 1) return { tokens: level - 1, updatedMs, wait: 0 }
  return { tokens: level, updatedMs, wait: Math.max(1, Math.ceil((1 - level) / rate.perSecond)) }
}

/**
 * A token-bucket limiter.
 * @example `const limiter = createRateLimiter({ perSecond: 10, burst: 20 }); if (limiter.take(ip) > 0) refuse()`
 */
export function createRateLimiter(limit: RateLimit, now: () => number = () => Date.now()): RateLimiter {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new TypeError('a rate limit needs perSecond > 0 and burst >= 1')
  const buckets = new Map<string, { tokens: number; updatedMs: number }>()
  const sweep = (t: number) => {
    for (const [key, b] of buckets) if (b.tokens + ((t - b.updatedMs) / 1000) * limit.perSecond >= limit.burst) buckets.delete(key)
    while (buckets.size >= MAX_CLIENTS) buckets.delete(buckets.keys().next().value as string)
  }
  return {
    take(client) {
      const t = now()
      const previous = buckets.get(client)
      if (previous === undefined && buckets.size >= MAX_CLIENTS) sweep(t)
      const { wait, ...bucket } = refillBucket(previous, limit, t)
      buckets.set(client, bucket)
      return wait
    },
  }
}

/**
 * A token-bucket limiter whose buckets live in the server store (`srv_rate_buckets`), so that
 * instances sharing one database share one limit per client. `name` keeps the limits apart
 * (`verify`, `shareDownload`, …). When the store fails, the request is let through and `onError`
 * hears of it.
 */
export function createStoreRateLimiter(store: ServerStore, name: string, limit: RateLimit, now: () => Date, onError: (err: unknown) => void): RateLimiter {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new TypeError('a rate limit needs perSecond > 0 and burst >= 1')
  return {
    take: (client) => store.takeRateToken(`${name}:${client}`, limit, now()).catch((err: unknown) => {
      onError(err)
      return 0
    }),
  }
}
