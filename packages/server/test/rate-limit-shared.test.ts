import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { openSqliteStore } from '@ob3/issuer/node'
import { createStoreRateLimiter, type RateLimit, type SharedRateLimiter } from '../src/lib/rate-limit.js'
import { openPostgresServerStore } from '../src/store/postgres.js'
import { openSqliteServerStore } from '../src/store/sqlite.js'
import type { ServerStore } from '../src/store/types.js'
import { call, cleanUp, startServer, tempDir } from './helpers.js'

// The PostgreSQL tests use the URL vitest.config.ts reads from .postgres-url (or CI's variable).
const postgresUrl = process.env.OB3_TEST_POSTGRES_URL

afterAll(cleanUp)

const T0 = Date.parse('2026-11-25T10:00:00Z')

/** A store whose calls are counted (the round trips the limiter makes). */
function counted(store: ServerStore): { store: ServerStore; calls: { takeRateTokens: number; takeRateToken: number }; batches: { bucket: string; count: number }[][] } {
  const calls = { takeRateTokens: 0, takeRateToken: 0 }
  const batches: { bucket: string; count: number }[][] = []
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'takeRateTokens') {
        return (entries: { bucket: string; count: number }[], rate: RateLimit, now: Date) => {
          calls.takeRateTokens++
          batches.push(entries.map((e) => ({ ...e })))
          return target.takeRateTokens(entries, rate, now)
        }
      }
      if (key === 'takeRateToken') {
        return (...args: Parameters<ServerStore['takeRateToken']>) => {
          calls.takeRateToken++
          return target.takeRateToken(...args)
        }
      }
      const value = Reflect.get(target, key, receiver) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { store: wrapped, calls, batches }
}

/** A database for the suite: stores (one per instance) on it. */
interface Backend {
  name: string
  open(): Promise<ServerStore>
}

const opened: ServerStore[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()))
})

async function sqliteBackend(): Promise<Backend> {
  const path = join(await tempDir(), 'ob3.db')
  // The server's tables live in an ob3 store: the issuer store makes the file one.
  await (await openSqliteStore({ path })).close()
  return {
    name: 'SQLite',
    async open() {
      const store = await openSqliteServerStore({ path })
      opened.push(store)
      return store
    },
  }
}

const schemas: string[] = []
afterAll(async () => {
  if (schemas.length === 0 || postgresUrl === undefined) return
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await client.end()
})

function postgresBackend(url: string): Backend {
  const schema = `ob3_rate_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  schemas.push(schema)
  return {
    name: 'PostgreSQL',
    async open() {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
      await client.end()
      const store = await openPostgresServerStore({ url, schema, maxConnections: 2 })
      opened.push(store)
      return store
    },
  }
}

it('has a PostgreSQL for the shared rate limiter tests', (ctx) => {
  if (postgresUrl !== undefined && postgresUrl !== '') return
  if (process.env.CI === 'true') throw new Error('OB3_TEST_POSTGRES_URL is not set: CI must run the shared rate limiter tests on PostgreSQL')
  ctx.skip('OB3_TEST_POSTGRES_URL is not set; the shared rate limiter tests on PostgreSQL are SKIPPED')
})

const backends: [string, () => Promise<Backend>][] = [['SQLite', sqliteBackend]]
if (postgresUrl !== undefined && postgresUrl !== '') backends.push(['PostgreSQL', async () => postgresBackend(postgresUrl)])

const clock = (start = T0) => {
  const c = { t: start, now: () => new Date(c.t) }
  return c
}
const noErrors = (err: unknown) => {
  throw new Error(`unexpected store failure: ${String(err)}`)
}

describe.each(backends)('the shared rate limiter on %s', (_name, makeBackend) => {
  const limiters: SharedRateLimiter[] = []
  afterEach(async () => {
    await Promise.all(limiters.splice(0).map((l) => l.close()))
  })
  const limiter = (store: ServerStore, limit: RateLimit, now: () => Date, extra: { flushAtCount?: number; onError?: (err: unknown) => void } = {}) => {
    const l = createStoreRateLimiter(store, 'verify', limit, now, extra.onError ?? noErrors, { flushEveryMs: 0, ...(extra.flushAtCount === undefined ? {} : { flushAtCount: extra.flushAtCount }) })
    limiters.push(l)
    return l
  }

  it('takeRateTokens: refills each bucket to now, takes the counts, answers the levels in the order asked', async () => {
    const store = await (await makeBackend()).open()
    const rate = { perSecond: 2, burst: 10 }
    expect(await store.takeRateTokens([{ bucket: 'verify:a', count: 3 }, { bucket: 'verify:b', count: 0 }], rate, new Date(T0)))
      .toEqual([{ bucket: 'verify:a', tokens: 7, updatedMs: T0 }, { bucket: 'verify:b', tokens: 10, updatedMs: T0 }])
    // 1.5 s later: a refilled by 3 (to 10, the burst) less 12 → −2, a debt; b less 4 → 6.
    expect(await store.takeRateTokens([{ bucket: 'verify:b', count: 4 }, { bucket: 'verify:a', count: 12 }], rate, new Date(T0 + 1500)))
      .toEqual([{ bucket: 'verify:b', tokens: 6, updatedMs: T0 + 1500 }, { bucket: 'verify:a', tokens: -2, updatedMs: T0 + 1500 }])
    // The one-token path sees the debt: 1 s later a is at 0, so the next token is 0.5 s away (rounded up to 1 s).
    expect(await store.takeRateToken('verify:a', rate, new Date(T0 + 2500))).toBe(1)
    expect(await store.takeRateTokens([], rate, new Date(T0 + 2500))).toEqual([])
  })

  it('1,000 takes by 10 clients cost one read and one flush, not 1,000 round trips', async () => {
    const c = counted(await (await makeBackend()).open())
    const now = clock()
    const l = limiter(c.store, { perSecond: 1, burst: 200 }, now.now, { flushAtCount: 1000 })
    const clients = Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 1}`)
    // The first request of each client waits for one read of its shared level: one batch for all ten.
    expect(await Promise.all(clients.map((client) => l.take(client)))).toEqual(Array(10).fill(0))
    expect(c.calls).toEqual({ takeRateTokens: 1, takeRateToken: 0 })
    // The rest are answered at once, from the local buckets.
    const answers: unknown[] = []
    for (let i = 0; i < 99; i++) for (const client of clients) answers.push(l.take(client))
    expect(answers).toHaveLength(990)
    expect(answers.every((a) => a === 0)).toBe(true)
    expect(c.calls).toEqual({ takeRateTokens: 1, takeRateToken: 0 })
    await l.flush()
    expect(c.calls).toEqual({ takeRateTokens: 2, takeRateToken: 0 })
    expect(c.batches[1]?.map((e) => e.count)).toEqual(Array(10).fill(100))
    // The shared buckets hold what was taken: 200 − 100 each.
    expect(await c.store.takeRateTokens(clients.map((client) => ({ bucket: `verify:${client}`, count: 0 })), { perSecond: 1, burst: 200 }, now.now()))
      .toEqual(clients.map((client) => ({ bucket: `verify:${client}`, tokens: 100, updatedMs: T0 })))
    // A flush with nothing pending asks nothing.
    await l.flush()
    expect(c.calls.takeRateTokens).toBe(3)
  })

  it('a client spending half its burst starts a flush at once', async () => {
    const c = counted(await (await makeBackend()).open())
    const now = clock()
    const l = limiter(c.store, { perSecond: 1, burst: 20 }, now.now)
    expect(await l.take('192.0.2.1')).toBe(0)
    for (let i = 0; i < 9; i++) expect(l.take('192.0.2.1')).toBe(0)
    expect(c.calls.takeRateTokens).toBe(1)
    // The 10th token (half the burst) asked for a flush at the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve))
    await l.flush()
    expect(c.batches[1]).toEqual([{ bucket: 'verify:192.0.2.1', count: 10 }])
  })

  it('two instances share one limit: after a flush, a client that spent its burst on A is refused on B', async () => {
    const backend = await makeBackend()
    const now = clock()
    const rate = { perSecond: 0.5, burst: 5 }
    const a = limiter(await backend.open(), rate, now.now)
    const b = limiter(await backend.open(), rate, now.now)
    const answers = [await a.take('198.51.100.7')]
    for (let i = 0; i < 5; i++) answers.push(await a.take('198.51.100.7'))
    expect(answers).toEqual([0, 0, 0, 0, 0, 2])
    await a.flush()
    // B never saw the client: its first request waits for the shared level, which is empty.
    expect(await b.take('198.51.100.7')).toBe(2)
    // Another client has its own bucket.
    expect(await b.take('198.51.100.8')).toBe(0)
    // B's consumption shows on A after one flush of each: B takes 3 more of 198.51.100.8's tokens.
    expect(await a.take('198.51.100.8')).toBe(0)
    for (let i = 0; i < 3; i++) expect(await b.take('198.51.100.8')).toBe(0)
    await b.flush()
    await a.flush()
    // The shared bucket: 5 − 1 (B) − 1 (A) − 3 (B) = 0 → A refuses, though A itself took one.
    expect(await a.take('198.51.100.8')).toBe(2)
    // Two seconds later one token has refilled, for one of the instances.
    now.t += 2000
    expect(await a.take('198.51.100.8')).toBe(0)
    await a.flush()
    await b.flush()
    expect(await b.take('198.51.100.8')).toBe(2)
  })

  it('what both instances grant before seeing each other is a debt that the shared bucket makes the client pay back', async () => {
    const backend = await makeBackend()
    const now = clock()
    const rate = { perSecond: 1, burst: 4 }
    const a = limiter(await backend.open(), rate, now.now, { flushAtCount: 100 })
    const b = limiter(await backend.open(), rate, now.now, { flushAtCount: 100 })
    // Both read the full bucket, then each grants the whole burst: 8 where one instance gives 4.
    expect(await Promise.all([a.take('203.0.113.5'), b.take('203.0.113.5')])).toEqual([0, 0])
    for (let i = 0; i < 3; i++) expect([await a.take('203.0.113.5'), await b.take('203.0.113.5')]).toEqual([0, 0])
    await a.flush()
    await b.flush()
    await a.flush()
    // The shared level is 4 − 8 = −4: the next token is 5 s away, on both instances.
    expect([await a.take('203.0.113.5'), await b.take('203.0.113.5')]).toEqual([5, 5])
    now.t += 4000
    expect([await a.take('203.0.113.5'), await b.take('203.0.113.5')]).toEqual([1, 1])
    now.t += 1000
    expect(await a.take('203.0.113.5')).toBe(0)
  })

  it('close() flushes what is pending', async () => {
    const backend = await makeBackend()
    const c = counted(await backend.open())
    const now = clock()
    const rate = { perSecond: 0.001, burst: 3 }
    const a = createStoreRateLimiter(c.store, 'verify', rate, now.now, noErrors, { flushEveryMs: 0 })
    for (let i = 0; i < 3; i++) expect(await a.take('192.0.2.44')).toBe(0)
    await a.close()
    expect(c.batches.at(-1)).toEqual([{ bucket: 'verify:192.0.2.44', count: 3 }])
    const b = limiter(await backend.open(), rate, now.now)
    expect(await b.take('192.0.2.44')).toBeGreaterThan(0)
  })

  it('a client served here is read again at every flush; one that made no request for a whole flush period is dropped and read again at its next request', async () => {
    const backend = await makeBackend()
    const now = clock()
    const rate = { perSecond: 0.001, burst: 3 }
    const a = limiter(await backend.open(), rate, now.now, { flushAtCount: 100 })
    const b = limiter(await backend.open(), rate, now.now, { flushAtCount: 100 })
    // Active on A: B spends two tokens; one flush of each and A knows.
    expect(await a.take('192.0.2.10')).toBe(0)
    expect([await b.take('192.0.2.10'), await b.take('192.0.2.10')]).toEqual([0, 0])
    await b.flush()
    await a.flush()
    expect(a.take('192.0.2.10')).toBeGreaterThan(0)
    // Idle on A: A flushes its token, then the client makes no request on A for a whole period.
    expect(await a.take('192.0.2.9')).toBe(0)
    await a.flush()
    expect([await b.take('192.0.2.9'), await b.take('192.0.2.9')]).toEqual([0, 0])
    await b.flush()
    await a.flush()
    // A dropped its copy: the next request reads the shared level (empty) and waits for it.
    const next = a.take('192.0.2.9')
    expect(next).toBeInstanceOf(Promise)
    expect(await next).toBeGreaterThan(0)
  })
})

describe('the shared rate limiter when the database fails', () => {
  /** A store that fails while `down` is set, and records what it was asked. */
  function flaky(): { store: ServerStore; state: { down: boolean }; asked: { bucket: string; count: number }[][] } {
    const state = { down: true }
    const asked: { bucket: string; count: number }[][] = []
    const store = {
      takeRateTokens: async (entries: { bucket: string; count: number }[], rate: RateLimit, now: Date) => {
        asked.push(entries.map((e) => ({ ...e })))
        if (state.down) throw new Error('connection refused')
        return entries.map((e) => ({ bucket: e.bucket, tokens: rate.burst - e.count, updatedMs: now.getTime() }))
      },
    } as unknown as ServerStore
    return { store, state, asked }
  }

  it('answers from the local buckets (the limit holds per instance), tells onError, and writes the tokens once the database answers', async () => {
    const { store, state, asked } = flaky()
    const seen: unknown[] = []
    const now = clock()
    const l = createStoreRateLimiter(store, 'verify', { perSecond: 0.01, burst: 2 }, now.now, (err) => seen.push(err), { flushEveryMs: 0 })
    expect(await l.take('203.0.113.9')).toBe(0)
    expect(seen).toHaveLength(1)
    expect((seen[0] as Error).message).toBe('connection refused')
    // From the local bucket, at once: one more, then refused.
    expect(l.take('203.0.113.9')).toBe(0)
    expect(l.take('203.0.113.9')).toBe(100)
    // While the database is down a new client does not wait for it.
    expect(l.take('203.0.113.10')).toBe(0)
    expect(asked).toHaveLength(1)
    await l.flush()
    expect(seen).toHaveLength(2)
    state.down = false
    await l.flush()
    // Nothing granted was lost: the third batch has both clients' tokens.
    expect(asked).toHaveLength(3)
    expect(asked[2]).toEqual([{ bucket: 'verify:203.0.113.9', count: 2 }, { bucket: 'verify:203.0.113.10', count: 1 }])
    expect(seen).toHaveLength(2)
    await l.close()
  })

  it('a flush does not reject, even when onError throws', async () => {
    const { store } = flaky()
    const l = createStoreRateLimiter(store, 'verify', { perSecond: 1, burst: 5 }, clock().now, () => {
      throw new Error('the log is gone too')
    }, { flushEveryMs: 0 })
    expect(await l.take('192.0.2.3')).toBe(0)
    await expect(l.flush()).resolves.toBeUndefined()
    await expect(l.close()).resolves.toBeUndefined()
  })

  it('tokens granted while a flush is on its way come off the level it brings back', async () => {
    // A store that answers when told to.
    const held: (() => void)[] = []
    const store = {
      takeRateTokens: (entries: { bucket: string; count: number }[], rate: RateLimit, now: Date) => new Promise((resolve) => {
        held.push(() => resolve(entries.map((e) => ({ bucket: e.bucket, tokens: rate.burst - e.count, updatedMs: now.getTime() }))))
      }),
    } as unknown as ServerStore
    const now = clock()
    const l = createStoreRateLimiter(store, 'verify', { perSecond: 0.001, burst: 4 }, now.now, noErrors, { flushEveryMs: 0, flushAtCount: 100 })
    const first = l.take('192.0.2.7')
    await new Promise((resolve) => setImmediate(resolve))
    held.shift()?.()
    expect(await first).toBe(0)
    expect(l.take('192.0.2.7')).toBe(0)
    // The flush carries 2 tokens; one more is granted before it comes back with 4 − 2.
    const flushed = l.flush()
    expect(l.take('192.0.2.7')).toBe(0)
    held.shift()?.()
    await flushed
    // 4 − 2 written, less the one granted meanwhile: one left.
    expect([l.take('192.0.2.7'), l.take('192.0.2.7')]).toEqual([0, 1000])
    const closing = l.close()
    await new Promise((resolve) => setImmediate(resolve))
    held.shift()?.()
    await closing
  })

  it('the flush timer runs every flushEveryMs and stops at close()', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const { store, state, asked } = flaky()
      state.down = false
      const now = clock()
      const l = createStoreRateLimiter(store, 'verify', { perSecond: 1, burst: 10 }, now.now, noErrors, { flushEveryMs: 300 })
      expect(await l.take('192.0.2.1')).toBe(0)
      expect(l.take('192.0.2.1')).toBe(0)
      expect(asked).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(300)
      expect(asked).toHaveLength(2)
      expect(asked[1]).toEqual([{ bucket: 'verify:192.0.2.1', count: 2 }])
      await l.close()
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('refuses flush intervals that are not numbers of milliseconds', () => {
    const { store } = flaky()
    expect(() => createStoreRateLimiter(store, 'verify', { perSecond: 1, burst: 1 }, () => new Date(), noErrors, { flushEveryMs: -1 })).toThrow(TypeError)
    expect(() => createStoreRateLimiter(store, 'verify', { perSecond: 1, burst: 1 }, () => new Date(), noErrors, { flushEveryMs: Number.POSITIVE_INFINITY })).toThrow(TypeError)
    expect(() => createStoreRateLimiter(store, 'verify', { perSecond: 0, burst: 1 }, () => new Date(), noErrors)).toThrow(TypeError)
  })
})

describe('the service with rateLimitStore: database', () => {
  it('an instance that closes writes its clients\' tokens: the next instance refuses a client that spent its burst', async () => {
    const clock = { t: new Date('2026-11-25T10:00:00Z') }
    const options = { now: () => clock.t, rateLimitStore: 'database' as const, rateLimits: { verify: { perSecond: 0.5, burst: 3 } } }
    const { server: one, dir } = await startServer(options)
    const verify = async (s: typeof one) => {
      const res = await call(s, 'POST', '/credentials/verify', { body: {} })
      return res.status === 429 ? `429 after ${res.headers.get('retry-after')} s` : res.status
    }
    expect([await verify(one), await verify(one), await verify(one), await verify(one)]).toEqual([400, 400, 400, '429 after 2 s'])
    await one.close()
    const { server: two } = await startServer({ ...options, db: join(dir, 'ob3.db') })
    expect(await verify(two)).toBe('429 after 2 s')
    clock.t = new Date(clock.t.getTime() + 2000)
    expect([await verify(two), await verify(two)]).toEqual([400, '429 after 2 s'])
  })

  it('refuses a rateLimitFlushMs that is not a number of milliseconds', async () => {
    await expect(startServer({ rateLimitFlushMs: -5 })).rejects.toThrow(/rateLimitFlushMs/)
  })
})
