/**
 * Internal: a token bucket per client — in memory (one instance), or shared by every instance on
 * one database (several instances behind a load balancer): answered from a local copy of each
 * client's bucket, with the consumption written to the database and the shared levels read back
 * in batches.
 * @packageDocumentation
 */
import type { RateLevel, ServerStore } from '../store/types.js'

/** A rate: `perSecond` tokens refill each second, up to `burst`. */
export interface RateLimit {
  perSecond: number
  burst: number
}

/** How often a shared limiter writes its granted tokens and reads the shared levels, by default. */
export const DEFAULT_FLUSH_MS = 250

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
 * A shared bucket after a flush at `nowMs`: refilled by the time passed (at most `burst`), less
 * the `count` tokens an instance already granted. Unlike {@link refillBucket} it never refuses:
 * the tokens were taken, and when instances together took more than the bucket held, the level
 * goes below zero (a debt the refill pays back before the client gets another token). The
 * SQLite store uses it; the PostgreSQL store does the same arithmetic in one statement.
 */
export function drainBucket(previous: { tokens: number; updatedMs: number } | undefined, rate: RateLimit, nowMs: number, count: number): { tokens: number; updatedMs: number } {
  if (previous === undefined) return { tokens: rate.burst - count, updatedMs: nowMs }
  const level = Math.min(rate.burst, previous.tokens + (Math.max(0, nowMs - previous.updatedMs) * rate.perSecond) / 1000)
  return { tokens: level - count, updatedMs: Math.max(previous.updatedMs, nowMs) }
}

function checkLimit(limit: RateLimit): void {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new TypeError('a rate limit needs perSecond > 0 and burst >= 1')
}

/**
 * A token-bucket limiter.
 * @example `const limiter = createRateLimiter({ perSecond: 10, burst: 20 }); if (limiter.take(ip) > 0) refuse()`
 */
export function createRateLimiter(limit: RateLimit, now: () => number = () => Date.now()): RateLimiter {
  checkLimit(limit)
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
 * A token-bucket limiter that asks the server store at every request (`srv_rate_buckets`, one
 * round trip each): instances sharing one database share one limit per client exactly. `name`
 * keeps the limits apart (`verify`, `shareDownload`, …). When the store fails, the request is let
 * through and `onError` hears of it. {@link createStoreRateLimiter} answers from local state
 * instead.
 */
export function createStrictStoreRateLimiter(store: ServerStore, name: string, limit: RateLimit, now: () => Date, onError: (err: unknown) => void): RateLimiter {
  checkLimit(limit)
  return {
    take: (client) => store.takeRateToken(`${name}:${client}`, limit, now()).catch((err: unknown) => {
      onError(err)
      return 0
    }),
  }
}

/** Options of {@link createStoreRateLimiter}. */
export interface StoreRateLimiterOptions {
  /**
   * How often, in milliseconds, the tokens granted here are written to the shared buckets and
   * their levels read back (one store call for all clients). Default 250. `0`: no timer — only
   * {@link SharedRateLimiter.flush}, {@link SharedRateLimiter.close} and the flushes below.
   */
  flushEveryMs?: number
  /**
   * A client's tokens granted here since the last flush that start a flush at once (default: half
   * the burst, at least 1), so that a client spending its burst quickly is seen by the other
   * instances without waiting for the timer.
   */
  flushAtCount?: number
}

/** A limiter shared through the store: {@link RateLimiter} with its batching exposed. */
export interface SharedRateLimiter extends RateLimiter {
  /**
   * Write the tokens granted here since the last flush to the shared buckets and set the local
   * buckets from the shared levels (one store call). It never rejects: a failing store goes to
   * `onError`, and the tokens stay pending for the next flush. Flushes do not overlap: called
   * during one, it runs another after it.
   */
  flush(): Promise<void>
  /** Stop the timer and flush what is pending. Requests answered afterwards are not recorded. */
  close(): Promise<void>
}

/** A client's bucket as this instance knows it. */
interface LocalBucket {
  /** The level at `updatedMs`: the shared level at the last flush, less what was granted here since. */
  tokens: number
  updatedMs: number
  /** Tokens granted here and not yet written to the shared bucket. */
  pending: number
  /** It answered a request since the last periodic flush (else that flush drops it). */
  seen: boolean
}

/**
 * A token-bucket limiter whose buckets are shared through the server store (`srv_rate_buckets`)
 * by every instance on one database, without a round trip per request. Each instance answers
 * `take()` from a local copy of the client's bucket (the {@link refillBucket} arithmetic) and
 * records the tokens it granted; every `flushEveryMs` (and at once when a client's count reaches
 * `flushAtCount`) it writes them to the shared buckets and reads back the levels of the clients
 * it served, all in one store call ({@link ServerStore.takeRateTokens}), and sets its copies from
 * them: another instance's consumption shows here within two flush intervals at most (one until it
 * writes it, one until this instance reads it).
 *
 * A client's copy is kept while it makes requests here; a periodic flush drops the copies of
 * clients that made none since the previous one. A client without a copy (new, or back after a
 * pause) waits for one read of its shared level — one store call for all the clients waiting
 * then — before its first answer. Round trips: one per flush, whatever the number of requests.
 *
 * The bound: an instance grants a client at most what its copy holds, and a copy is never above
 * the shared level it was last read from (less what was granted here since, plus the refill), so
 * over any window W each instance gives at most burst + perSecond × W: with N instances serving
 * one client at once, N × (burst + perSecond × W) at worst, until they see each other's tokens —
 * within L, two flush intervals plus one store round trip. What they granted beyond the shared
 * bucket is written to it as a debt (a level below zero) that the refill pays back before any
 * instance grants the client another token, so the excess does not add up: over any period T a
 * client gets at most burst + perSecond × T + (N − 1) × (burst + perSecond × L).
 *
 * When the store fails, requests keep being answered from the local copies (the limit then holds
 * per instance; clients without a copy start from a full bucket, without waiting, until a flush
 * succeeds), `onError` hears of each failed flush, and the granted tokens stay pending for the
 * next one. The timer is `unref()`ed; `close()` stops it and flushes.
 *
 * `name` keeps the limits apart (`verify`, `shareDownload`, …).
 * @example `const limiter = createStoreRateLimiter(store, 'verify', { perSecond: 20, burst: 60 }, () => new Date(), console.warn); if ((await limiter.take(ip)) > 0) refuse()`
 */
export function createStoreRateLimiter(store: ServerStore, name: string, limit: RateLimit, now: () => Date, onError: (err: unknown) => void, options: StoreRateLimiterOptions = {}): SharedRateLimiter {
  checkLimit(limit)
  const flushEveryMs = options.flushEveryMs ?? DEFAULT_FLUSH_MS
  const flushAtCount = options.flushAtCount ?? Math.max(1, Math.floor(limit.burst / 2))
  if (typeof flushEveryMs !== 'number' || !Number.isFinite(flushEveryMs) || flushEveryMs < 0) throw new TypeError('flushEveryMs must be a number of milliseconds, 0 or more')
  if (!(flushAtCount >= 1)) throw new TypeError('flushAtCount must be 1 or more')

  const buckets = new Map<string, LocalBucket>()
  /** Clients waiting for the first read of their shared level, with their release. */
  let waiting = new Map<string, { done: Promise<void>; release: () => void }>()
  /** The last flush failed: clients without a copy start from a full bucket instead of waiting. */
  let storeDown = false
  /** close() began: no more waiting for reads, no flush but the last. */
  let closing = false
  /** A periodic flush was asked for: the next flush drops the copies nobody used. */
  let sweepDue = false
  let running: Promise<void> | undefined
  let queued: Promise<void> | undefined
  let soon = false

  /** Make room for one more client: drop a copy without pending tokens, else the oldest. */
  const makeRoom = () => {
    for (const [client, b] of buckets) {
      if (b.pending === 0) {
        buckets.delete(client)
        return
      }
    }
    buckets.delete(buckets.keys().next().value as string)
  }
  /** A copy for a client: the shared level read, or a full bucket. */
  const install = (client: string, tokens: number, updatedMs: number): LocalBucket => {
    if (buckets.size >= MAX_CLIENTS) makeRoom()
    const b = { tokens, updatedMs, pending: 0, seen: false }
    buckets.set(client, b)
    return b
  }

  const answer = (b: LocalBucket, t: number): number => {
    const next = refillBucket(b, limit, t)
    b.tokens = next.tokens
    b.updatedMs = next.updatedMs
    b.seen = true
    if (next.wait === 0) {
      b.pending++
      if (b.pending >= flushAtCount) flushSoon()
    }
    return next.wait
  }

  /** One flush at the next turn of the event loop, for everything asked until then. */
  const flushSoon = () => {
    if (soon || closing) return
    soon = true
    setImmediate(() => {
      soon = false
      if (!closing) void run()
    })
  }

  const runFlush = async (): Promise<void> => {
    const t = now().getTime()
    const sweep = sweepDue
    sweepDue = false
    const fetched = waiting
    waiting = new Map()
    // Every copy used since the last periodic flush: its granted tokens written, or its level read.
    const entries: { bucket: string; count: number }[] = []
    const clients: string[] = []
    const idle: string[] = []
    for (const [client, b] of buckets) {
      if (b.pending === 0 && !b.seen) {
        if (sweep) idle.push(client)
        continue
      }
      entries.push({ bucket: `${name}:${client}`, count: b.pending })
      clients.push(client)
      b.pending = 0
      if (sweep) b.seen = false
    }
    for (const client of fetched.keys()) {
      if (buckets.has(client)) continue
      entries.push({ bucket: `${name}:${client}`, count: 0 })
      clients.push(client)
    }
    let failed = false
    try {
      if (entries.length > 0) {
        const levels = await store.takeRateTokens(entries, limit, new Date(t))
        storeDown = false
        clients.forEach((client, i) => {
          const level = levels[i] as RateLevel
          const b = buckets.get(client)
          if (b === undefined) install(client, level.tokens, level.updatedMs)
          else {
            // What was granted here during the flush is pending again, and comes off the shared level.
            b.tokens = level.tokens - b.pending
            b.updatedMs = level.updatedMs
          }
        })
      }
    } catch (err) {
      failed = true
      storeDown = true
      try {
        onError(err)
      } catch {
        // A failing report of a failure changes nothing here: flush() does not reject.
      }
      clients.forEach((client, i) => {
        const b = buckets.get(client)
        if (b !== undefined) b.pending += (entries[i] as { count: number }).count
        else install(client, limit.burst, t)
      })
    } finally {
      for (const w of fetched.values()) w.release()
    }
    // Copies unused for a whole period are dropped (unless used during this flush): their next
    // request reads the shared level again.
    if (sweep && !failed) {
      for (const client of idle) {
        const b = buckets.get(client)
        if (b !== undefined && b.pending === 0 && !b.seen) buckets.delete(client)
      }
    }
  }

  const run = (): Promise<void> => {
    if (running === undefined) {
      running = runFlush().finally(() => {
        running = undefined
      })
      return running
    }
    queued ??= running.then(() => {
      queued = undefined
      return run()
    })
    return queued
  }
  const flush = (): Promise<void> => {
    sweepDue = true
    return run()
  }

  const timer = flushEveryMs > 0 ? setInterval(() => void flush(), flushEveryMs) : undefined
  timer?.unref()

  const take = (client: string): number | Promise<number> => {
    const t = now().getTime()
    const known = buckets.get(client)
    if (known !== undefined) return answer(known, t)
    if (storeDown || closing) return answer(install(client, limit.burst, t), t)
    let w = waiting.get(client)
    if (w === undefined) {
      let release = () => {}
      const done = new Promise<void>((resolve) => {
        release = resolve
      })
      w = { done, release }
      waiting.set(client, w)
      flushSoon()
    }
    return w.done.then(() => {
      const at = now().getTime()
      return answer(buckets.get(client) ?? install(client, limit.burst, at), at)
    })
  }

  return {
    take,
    flush,
    async close() {
      if (timer !== undefined) clearInterval(timer)
      closing = true
      await flush()
      while (running !== undefined || queued !== undefined) await (queued ?? running)
    },
  }
}
