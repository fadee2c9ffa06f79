import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '@ob3/issuer/node'
import { createServer, type CreateServerOptions, type Ob3Server } from '../src/index.js'
import { openSqliteServerStore } from '../src/store/sqlite.js'
import { call, cleanUp, startServer, tempDir } from './helpers.js'

// The PostgreSQL tests use the URL vitest.config.ts reads from .postgres-url (or CI's variable).
const postgresUrl = process.env.OB3_TEST_POSTGRES_URL

afterAll(cleanUp)

/** A database for the suite: how to start services on it, and how to count its share rows. */
interface Backend {
  start(options: Partial<CreateServerOptions>): Promise<Ob3Server>
  /** Rows in srv_shares, and those with their bytes still kept. */
  shares(): Promise<{ rows: number; kept: number }>
  /** The client column of the daily budgets (digests, never addresses). */
  budgetClients(): Promise<string[]>
}

function sqliteBackend(): Backend & { close(): Promise<void> } {
  let path: string | undefined
  const started: Ob3Server[] = []
  return {
    async start(options) {
      path ??= join(await tempDir(), 'ob3.db')
      const server = await createServer({ db: path, baseUrl: 'https://ob3.test', logger: pino({ level: 'silent' }), fetch: null, ...options })
      started.push(server)
      return server
    },
    async shares() {
      const db = new Database(path as string, { readonly: true })
      try {
        return db.prepare('SELECT count(*) AS rows, count(content) AS kept FROM srv_shares').get() as { rows: number; kept: number }
      } finally {
        db.close()
      }
    },
    async budgetClients() {
      const db = new Database(path as string, { readonly: true })
      try {
        return (db.prepare('SELECT client FROM srv_share_budget').all() as { client: string }[]).map((r) => r.client)
      } finally {
        db.close()
      }
    },
    async close() {
      await Promise.all(started.splice(0).map((s) => s.close()))
    },
  }
}

function postgresBackend(url: string): Backend & { close(): Promise<void> } {
  const schema = `ob3_quota_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const started: Ob3Server[] = []
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return (await client.query(sql)).rows
    } finally {
      await client.end()
    }
  }
  return {
    async start(options) {
      const server = await createServer({ db: url, postgresSchema: schema, baseUrl: 'https://ob3.test', logger: pino({ level: 'silent' }), fetch: null, ...options })
      started.push(server)
      return server
    },
    async shares() {
      const rows = await query(`SELECT count(*)::int AS rows, count(content)::int AS kept FROM "${schema}".srv_shares`)
      return rows[0] as { rows: number; kept: number }
    },
    async budgetClients() {
      return (await query(`SELECT client FROM "${schema}".srv_share_budget`)).map((r) => String(r.client))
    },
    async close() {
      await Promise.all(started.splice(0).map((s) => s.close()))
      await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    },
  }
}

const bundle = (size: number) => new Uint8Array(randomBytes(size))
const upload = (server: Ob3Server, bytes: Uint8Array, options: { ttl?: number; client?: string } = {}) =>
  call(server, 'PUT', `/shares${options.ttl === undefined ? '' : `?ttl=${options.ttl}`}`, {
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', ...(options.client === undefined ? {} : { 'x-forwarded-for': options.client }) },
  })
const download = async (server: Ob3Server, url: string) => {
  const res = await server.app.request(new URL(url).pathname)
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) }
}

function quotaSuite(name: string, make: () => Backend & { close(): Promise<void> }): void {
  describe(`share storage quotas (${name})`, () => {
    let clock = new Date('2026-03-01T12:00:00Z')
    const now = () => clock
    const noRates = { shareUpload: false, shareDownload: false } as const

    it('a total quota of live shares: over it 507 ERR_OB3_SHARE_QUOTA_EXCEEDED, stored shares untouched; expired and deleted shares stop counting', async () => {
      const backend = make()
      try {
        clock = new Date('2026-03-01T12:00:00Z')
        const server = await backend.start({ now, rateLimits: noRates, limits: { shareQuotaBytes: 10_000, shareDailyQuotaBytes: 1_000_000 } })
        const first = bundle(4000)
        const second = bundle(4000)
        const a = await upload(server, first, { ttl: 60 })
        const b = await upload(server, second, { ttl: 3600 })
        expect([a.status, b.status]).toEqual([201, 201])

        const over = await upload(server, bundle(4000), { ttl: 3600 })
        expect(over.status).toBe(507)
        expect(over.json.error.code).toBe('ERR_OB3_SHARE_QUOTA_EXCEEDED')
        expect(over.json.error.details).toBeUndefined()
        // Exactly what fits still fits (8,000 + 2,000 = the quota).
        const exact = await upload(server, bundle(2000), { ttl: 3600 })
        expect(exact.status).toBe(201)
        const one = await upload(server, bundle(1), { ttl: 3600 })
        expect(one.status).toBe(507)
        expect(await backend.shares()).toEqual({ rows: 3, kept: 3 })
        expect(await download(server, a.json.url)).toEqual({ status: 200, bytes: first })
        expect(await download(server, b.json.url)).toEqual({ status: 200, bytes: second })

        // The first share expires: its 4,000 bytes stop counting before any purge ran.
        clock = new Date('2026-03-01T12:01:01Z')
        expect((await upload(server, bundle(4000), { ttl: 3600 })).status).toBe(201)
        expect((await upload(server, bundle(1), { ttl: 3600 })).status).toBe(507)
        // Deleting a share frees its bytes.
        expect((await call(server, 'DELETE', new URL(b.json.url).pathname, { token: b.json.deleteToken })).status).toBe(204)
        expect((await upload(server, bundle(4000), { ttl: 3600 })).status).toBe(201)
        expect(await backend.shares()).toEqual({ rows: 5, kept: 4 })
      } finally {
        await backend.close()
      }
    })

    it('a daily budget per client address: over it 429 ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED until midnight UTC; other addresses unaffected; a new day starts afresh', async () => {
      const backend = make()
      try {
        clock = new Date('2026-03-01T12:00:00Z')
        const server = await backend.start({ now, trustProxy: true, rateLimits: noRates, limits: { shareQuotaBytes: 1_000_000, shareDailyQuotaBytes: 5000 } })
        const mine = bundle(3000)
        const kept = await upload(server, mine, { client: '203.0.113.5' })
        expect(kept.status).toBe(201)
        const over = await upload(server, bundle(3000), { client: '198.51.100.1, 203.0.113.5' })
        expect(over.status).toBe(429)
        expect(over.json.error.code).toBe('ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED')
        expect(over.json.error.details).toEqual({ limit: 5000, retryAfter: 43_200 })
        expect(over.headers.get('retry-after')).toBe('43200')
        expect(await backend.shares()).toEqual({ rows: 1, kept: 1 })
        expect(await download(server, kept.json.url)).toEqual({ status: 200, bytes: mine })
        expect(await backend.budgetClients()).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)])

        // Another address has a budget of its own.
        expect((await upload(server, bundle(3000), { client: '203.0.113.6' })).status).toBe(201)
        // Deleting does not give the day's bytes back: 3,000 + 2,000 fit, one more byte does not.
        expect((await call(server, 'DELETE', new URL(kept.json.url).pathname, { token: kept.json.deleteToken })).status).toBe(204)
        expect((await upload(server, bundle(2000), { client: '203.0.113.5' })).status).toBe(201)
        expect((await upload(server, bundle(1), { client: '203.0.113.5' })).status).toBe(429)

        clock = new Date('2026-03-02T00:00:00Z')
        expect((await upload(server, bundle(3000), { client: '203.0.113.5' })).status).toBe(201)
        expect(await backend.shares()).toEqual({ rows: 4, kept: 3 })
      } finally {
        await backend.close()
      }
    })

    it('concurrent uploads through two instances never overrun the total: exactly what fits is stored', async () => {
      const backend = make()
      try {
        clock = new Date('2026-03-01T12:00:00Z')
        const options = { now, rateLimits: noRates, limits: { shareQuotaBytes: 5000, shareDailyQuotaBytes: 1_000_000 } }
        const one = await backend.start(options)
        const two = await backend.start(options)
        const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => upload(i % 2 === 0 ? one : two, bundle(1000)).then((r) => r.status)))
        expect(statuses.filter((s) => s === 201)).toHaveLength(5)
        expect(statuses.filter((s) => s === 507)).toHaveLength(7)
        expect(await backend.shares()).toEqual({ rows: 5, kept: 5 })
      } finally {
        await backend.close()
      }
    })
  })
}

quotaSuite('SQLite', sqliteBackend)
if (postgresUrl !== undefined && postgresUrl !== '') quotaSuite('PostgreSQL', () => postgresBackend(postgresUrl))

describe('share quotas over HTTP', () => {
  it('refuses a declared Content-Length over the budget before reading the body, with the same code', async () => {
    const { server, logs } = await startServer({ baseUrl: undefined, rateLimits: { shareUpload: false }, limits: { shareQuotaBytes: 1_000_000, shareDailyQuotaBytes: 4096 } })
    const { address } = await server.listen({ port: 0 })
    const put = (size: number) => fetch(`${address}/shares`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bundle(size) })
    expect((await put(3000)).status).toBe(201)
    const over = await put(3000)
    expect(over.status).toBe(429)
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED')
    // Refused on the declared length: the transaction that stores (and logs a refusal) never ran.
    expect(logs.join('')).not.toContain('share refused: over quota')
    expect(logs.join('')).toContain('ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED')
  })

  it('keeps no client address, and the purge forgets the budgets of past days', async () => {
    const path = join(await tempDir(), 'ob3.db')
    await (await openSqliteStore({ path })).close()
    const store = await openSqliteServerStore({ path })
    try {
      const client = 'digest-of-203.0.113.5'
      const quota = { totalBytes: 1_000_000, clientBytesPerDay: 5000, client }
      const share = (id: string, createdAt: string) => ({ id, deleteTokenHash: 'h', size: 3000, createdAt, expiresAt: '2026-03-10T00:00:00.000Z' })
      expect(await store.putShare(share('AAAAAAAAAAAAAAAAAAAAAA', '2026-03-01T12:00:00.000Z'), bundle(3000), quota)).toEqual({ stored: true })
      expect(await store.putShare(share('BBBBBBBBBBBBBBBBBBBBBB', '2026-03-01T13:00:00.000Z'), bundle(3000), quota)).toEqual({ stored: false, over: 'client', used: 3000, limit: 5000 })
      expect(await store.shareUsage(client, new Date('2026-03-01T23:59:59Z'))).toEqual({ totalBytes: 3000, clientBytesToday: 3000 })
      await store.purgeShares(new Date('2026-03-02T00:00:01Z'), new Date('2026-02-01T00:00:00Z'))
      expect(await store.shareUsage(client, new Date('2026-03-02T00:00:01Z'))).toEqual({ totalBytes: 3000, clientBytesToday: 0 })
    } finally {
      await store.close()
    }
    const db = new Database(path, { readonly: true })
    try {
      expect(db.prepare('SELECT count(*) AS n FROM srv_share_budget').get()).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })

  it('refuses quotas that are not whole numbers of bytes (TypeError)', async () => {
    const backend = sqliteBackend()
    await expect(backend.start({ limits: { shareQuotaBytes: 0 } })).rejects.toThrow(TypeError)
    await expect(backend.start({ limits: { shareDailyQuotaBytes: 1.5 } })).rejects.toThrow(TypeError)
  })
})
