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
 * A token-bucket limiter.
 * @example `const limiter = createRateLimiter({ perSecond: 10, burst: 20 }); if (limiter.take(ip) > 0) refuse()`
 */
export function createRateLimiter(limit: RateLimit, now: () => number = () => Date.now()): RateLimiter {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new TypeError('a rate limit needs perSecond > 0 and burst >= 1')
  const buckets = new Map<string, { tokens: number; at: number }>()
  const sweep = (t: number) => {
    for (const [key, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * limit.perSecond >= limit.burst) buckets.delete(key)
    while (buckets.size >= MAX_CLIENTS) buckets.delete(buckets.keys().next().value as string)
  }
  return {
    take(client) {
      const t = now()
      let bucket = buckets.get(client)
      if (bucket === undefined) {
        if (buckets.size >= MAX_CLIENTS) sweep(t)
        bucket = { tokens: limit.burst, at: t }
        buckets.set(client, bucket)
      } else {
        bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.perSecond)
        bucket.at = t
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return 0
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond))
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
