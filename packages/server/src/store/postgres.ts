/**
 * The server's tables in the PostgreSQL database (and schema) the issuer store uses, for several
 * service instances at once. Migrations are serialised by an advisory lock; uniqueness is left
 * to constraints.
 * @packageDocumentation
 */
import pg from 'pg'
import { Ob3Error } from '@ob3/core'
import { postgresError } from '@ob3/issuer/node'
import { SERVER_BOOTSTRAP, SERVER_MIGRATIONS } from './migrations.js'
import { checkTakes, epochMs, refuseNewer, sameDigest, toAccessToken, toApiKey, toTenant, type Row } from './rows.js'
import type { RateLimit } from '../lib/rate-limit.js'
import type { AccessTokenLookup, AccessTokenRecord, ApiKeyRecord, RateLevel, RateTake, ServerStore, ShareDeletion, ShareLookup, SharePut, ShareQuota, ShareRecord, ShareUsage, TenantRecord } from './types.js'

/** Advisory lock class of the server's migrations (the issuer store uses 0x0b3a and 0x0b3b). */
const MIGRATE_LOCK = 0x0b3c
/** Advisory lock class that serialises share uploads against the quotas, across instances. */
const SHARE_QUOTA_LOCK = 0x0b3d

/** Options for {@link openPostgresServerStore}. */
export interface OpenPostgresServerStoreOptions {
  url: string
  /** The schema (default `public`), the same as the issuer store's. */
  schema?: string
  /** Most connections of this instance (default 10). */
  maxConnections?: number
  now?: () => Date
}

/**
 * Open the server's tables in PostgreSQL and migrate them.
 * @throws Ob3Error `ERR_OB3_STORE_UNAVAILABLE`, `ERR_OB3_STORE_MIGRATION`
 * @example `const store = await openPostgresServerStore({ url: 'postgres://ob3:ob3@127.0.0.1:5432/ob3' })`
 */
export async function openPostgresServerStore(options: OpenPostgresServerStoreOptions): Promise<ServerStore> {
  const schema = options.schema ?? 'public'
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError('schema must be a lower-case SQL identifier')
  const pool = new pg.Pool({
    connectionString: options.url,
    connectionTimeoutMillis: 10_000,
    max: options.maxConnections ?? 10,
    options: `-c search_path="${schema}"`,
  })
  pool.on('error', () => undefined)
  const store = new PostgresServerStore(pool, schema, options.now ?? (() => new Date()))
  try {
    await store.migrate()
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}

/** The issuer store's mapping of PostgreSQL errors. */
function storeError(err: unknown, action: string): unknown {
  return postgresError(err, action)
}

class PostgresServerStore implements ServerStore {
  readonly kind = 'postgres' as const
  readonly #pool: pg.Pool
  readonly #schema: string
  readonly #now: () => Date
  #closed = false

  constructor(pool: pg.Pool, schema: string, now: () => Date) {
    this.#pool = pool
    this.#schema = schema
    this.#now = now
  }

  async #query(action: string, sql: string, params: unknown[] = []): Promise<Row[]> {
    if (this.#closed) throw new Ob3Error('ERR_OB3_STORE_CLOSED', `${action}: the store is closed`)
    try {
      return (await this.#pool.query(sql, params)).rows as Row[]
    } catch (err) {
      throw storeError(err, action)
    }
  }

  async #count(action: string, sql: string, params: unknown[]): Promise<number> {
    if (this.#closed) throw new Ob3Error('ERR_OB3_STORE_CLOSED', `${action}: the store is closed`)
    try {
      return (await this.#pool.query(sql, params)).rowCount ?? 0
    } catch (err) {
      throw storeError(err, action)
    }
  }

  /** `fn` in one transaction on one connection. */
  async #transaction<T>(action: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Ob3Error('ERR_OB3_STORE_CLOSED', `${action}: the store is closed`)
    let client: pg.PoolClient
    try {
      client = await this.#pool.connect()
    } catch (err) {
      throw storeError(err, action)
    }
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw storeError(err, action)
    } finally {
      client.release()
    }
  }

  async migrate(): Promise<void> {
    await this.#transaction('migrate', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATE_LOCK, this.#schema])
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.#schema}"`)
      await c.query(SERVER_BOOTSTRAP.postgres)
      const current = Number((await c.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM srv_migrations')).rows[0]?.v ?? 0)
      refuseNewer(current)
      for (const m of SERVER_MIGRATIONS) {
        if (m.version <= current) continue
        try {
          for (const sql of m.postgres) await c.query(sql)
        } catch (cause) {
          throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `server migration ${m.version} (${m.description}) failed`, { cause })
        }
        await c.query('INSERT INTO srv_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [m.version, m.description, this.#now().toISOString()])
      }
    })
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.#query('schemaVersion', 'SELECT coalesce(max(version), 0) AS v FROM srv_migrations')
    return Number(rows[0]?.v ?? 0)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end().catch(() => undefined)
  }

  async createTenant(t: TenantRecord): Promise<void> {
    await this.#query('createTenant', 'INSERT INTO srv_tenants (id, name, issuer_id, did_method, signing_key, suspension, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [t.id, t.name, t.issuerId, t.didMethod, t.signingKey, t.suspension, t.createdAt])
  }

  async getTenant(id: string): Promise<TenantRecord | undefined> {
    const rows = await this.#query('getTenant', 'SELECT * FROM srv_tenants WHERE id = $1', [id])
    return rows[0] === undefined ? undefined : toTenant(rows[0])
  }

  async listTenants(): Promise<TenantRecord[]> {
    return (await this.#query('listTenants', 'SELECT * FROM srv_tenants ORDER BY id')).map(toTenant)
  }

  async createApiKey(k: ApiKeyRecord): Promise<void> {
    await this.#query('createApiKey', 'INSERT INTO srv_api_keys (id, tenant_id, token_hash, label, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [k.id, k.tenantId, k.tokenHash, k.label, k.createdAt, k.revokedAt ?? null])
  }

  async findApiKey(tokenHash: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.#query('findApiKey', 'SELECT * FROM srv_api_keys WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash])
    return rows[0] === undefined ? undefined : toApiKey(rows[0])
  }

  async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    return (await this.#query('listApiKeys', 'SELECT * FROM srv_api_keys WHERE tenant_id = $1 ORDER BY created_at, id', [tenantId])).map(toApiKey)
  }

  async revokeApiKey(tenantId: string, id: string, at: string): Promise<boolean> {
    return (await this.#count('revokeApiKey', 'UPDATE srv_api_keys SET revoked_at = $1 WHERE tenant_id = $2 AND id = $3 AND revoked_at IS NULL', [at, tenantId, id])) > 0
  }

  async findApiKeyById(id: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.#query('findApiKeyById', 'SELECT * FROM srv_api_keys WHERE id = $1 AND revoked_at IS NULL', [id])
    return rows[0] === undefined ? undefined : toApiKey(rows[0])
  }

  async createAccessToken(t: AccessTokenRecord): Promise<void> {
    await this.#query('createAccessToken', 'INSERT INTO srv_access_tokens (token_hash, api_key_id, scope, created_at, expires_at, expires_ms) VALUES ($1, $2, $3, $4, $5, $6)',
      [t.tokenHash, t.apiKeyId, t.scope, t.createdAt, t.expiresAt, epochMs(t.expiresAt)])
  }

  async findAccessToken(tokenHash: string, now: Date): Promise<AccessTokenLookup | undefined> {
    const rows = await this.#query('findAccessToken', `SELECT k.*, t.scope AS token_scope, t.expires_at AS token_expires_at FROM srv_access_tokens t
      JOIN srv_api_keys k ON k.id = t.api_key_id
      WHERE t.token_hash = $1 AND t.expires_ms > $2 AND k.revoked_at IS NULL`, [tokenHash, now.getTime()])
    return rows[0] === undefined ? undefined : toAccessToken(rows[0])
  }

  /**
   * One statement, so concurrent instances serialise on the bucket's row: refill by the time
   * passed (at most `burst`), then take one token if there is one; `allowed` records the answer.
   */
  async takeRateToken(bucket: string, rate: RateLimit, now: Date): Promise<number> {
    const refill = 'least($2::double precision, b.tokens + greatest(0, $4::bigint - b.updated_ms) * $3::double precision / 1000)'
    const rows = await this.#query('takeRateToken', `
      INSERT INTO srv_rate_buckets AS b (bucket, tokens, updated_ms, allowed) VALUES ($1, $2::double precision - 1, $4::bigint, true)
      ON CONFLICT (bucket) DO UPDATE SET
        tokens = CASE WHEN ${refill} >= 1 THEN ${refill} - 1 ELSE ${refill} END,
        allowed = ${refill} >= 1,
        updated_ms = greatest(b.updated_ms, $4::bigint)
      RETURNING tokens, allowed`, [bucket, rate.burst, rate.perSecond, now.getTime()])
    const row = rows[0] as Row
    return row.allowed === true ? 0 : Math.max(1, Math.ceil((1 - Number(row.tokens)) / rate.perSecond))
  }

  /**
   * One statement: the buckets with tokens to take are upserted in the order of their names (so
   * that two instances flushing the same buckets lock them in the same order), each refilled and
   * less its count (`excluded.tokens` is burst − count, so the count is burst − excluded.tokens);
   * the others are only read, and refilled here.
   */
  async takeRateTokens(entries: readonly RateTake[], rate: RateLimit, now: Date): Promise<RateLevel[]> {
    checkTakes(entries)
    if (entries.length === 0) return []
    const t = now.getTime()
    const refill = 'least($3::double precision, b.tokens + greatest(0, $5::bigint - b.updated_ms) * $4::double precision / 1000)'
    const left = `${refill} - ($3::double precision - excluded.tokens)`
    const rows = await this.#query('takeRateTokens', `
      WITH wanted AS (SELECT bucket, count FROM unnest($1::text[], $2::double precision[]) AS w (bucket, count)),
      taken AS (
        INSERT INTO srv_rate_buckets AS b (bucket, tokens, updated_ms, allowed)
        SELECT bucket, $3::double precision - count, $5::bigint, $3::double precision - count >= 0 FROM wanted WHERE count > 0 ORDER BY bucket
        ON CONFLICT (bucket) DO UPDATE SET tokens = ${left}, allowed = ${left} >= 0, updated_ms = greatest(b.updated_ms, $5::bigint)
        RETURNING b.bucket, b.tokens, b.updated_ms
      )
      SELECT bucket, tokens, updated_ms FROM taken
      UNION ALL
      SELECT b.bucket, ${refill} AS tokens, greatest(b.updated_ms, $5::bigint) AS updated_ms
        FROM srv_rate_buckets b JOIN wanted w ON w.bucket = b.bucket AND w.count = 0`,
    [entries.map((e) => e.bucket), entries.map((e) => e.count), rate.burst, rate.perSecond, t])
    const levels = new Map(rows.map((r) => [String(r.bucket), { tokens: Number(r.tokens), updatedMs: Number(r.updated_ms) }]))
    return entries.map(({ bucket }) => ({ bucket, ...(levels.get(bucket) ?? { tokens: rate.burst, updatedMs: t }) }))
  }

  async purgeTokens(now: Date, idleBefore: Date): Promise<void> {
    await this.#transaction('purgeTokens', async (c) => {
      await c.query('DELETE FROM srv_access_tokens WHERE expires_ms <= $1', [now.getTime()])
      await c.query('DELETE FROM srv_rate_buckets WHERE updated_ms < $1', [idleBefore.getTime()])
    })
  }

  async putShare(s: ShareRecord, bytes: Uint8Array, quota: ShareQuota): Promise<SharePut> {
    return this.#transaction('putShare', async (c): Promise<SharePut> => {
      // One upload at a time per schema, so that two instances cannot both fit the last bytes.
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SHARE_QUOTA_LOCK, this.#schema])
      const total = await liveShareBytes(c, epochMs(s.createdAt))
      if (total + s.size > quota.totalBytes) return { stored: false, over: 'total', used: total, limit: quota.totalBytes }
      const day = s.createdAt.slice(0, 10)
      const today = await clientBytes(c, quota.client, day)
      if (today + s.size > quota.clientBytesPerDay) return { stored: false, over: 'client', used: today, limit: quota.clientBytesPerDay }
      await c.query('INSERT INTO srv_shares (id, delete_token_hash, content, size, created_at, expires_at, expires_ms, deleted_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)',
        [s.id, s.deleteTokenHash, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), s.size, s.createdAt, s.expiresAt, epochMs(s.expiresAt)])
      await c.query('INSERT INTO srv_share_budget AS b (client, day, bytes) VALUES ($1, $2, $3) ON CONFLICT (client, day) DO UPDATE SET bytes = b.bytes + excluded.bytes',
        [quota.client, day, s.size])
      return { stored: true }
    })
  }

  async shareUsage(client: string, now: Date): Promise<ShareUsage> {
    if (this.#closed) throw new Ob3Error('ERR_OB3_STORE_CLOSED', 'shareUsage: the store is closed')
    try {
      return { totalBytes: await liveShareBytes(this.#pool, now.getTime()), clientBytesToday: await clientBytes(this.#pool, client, now.toISOString().slice(0, 10)) }
    } catch (err) {
      throw storeError(err, 'shareUsage')
    }
  }

  async probeWrite(now: Date): Promise<void> {
    await this.#transaction('probeWrite', async (c) => {
      await c.query('INSERT INTO srv_health (id, checked_ms) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_ms = excluded.checked_ms', [now.getTime()])
    })
  }

  async getShare(id: string, now: Date): Promise<ShareLookup> {
    const rows = await this.#query('getShare', 'SELECT content, expires_at, expires_ms, deleted_ms FROM srv_shares WHERE id = $1', [id])
    const row = rows[0]
    if (row === undefined) return { state: 'missing' }
    if (row.deleted_ms !== null || Number(row.expires_ms) <= now.getTime() || row.content === null) return { state: 'gone' }
    const content = row.content as Buffer
    return { state: 'ok', bytes: new Uint8Array(content.buffer, content.byteOffset, content.byteLength), expiresAt: String(row.expires_at) }
  }

  async deleteShare(id: string, deleteTokenHash: string, now: Date): Promise<ShareDeletion> {
    return this.#transaction('deleteShare', async (c): Promise<ShareDeletion> => {
      const row = (await c.query('SELECT delete_token_hash, deleted_ms, expires_ms FROM srv_shares WHERE id = $1 FOR UPDATE', [id])).rows[0] as Row | undefined
      if (row === undefined) return 'missing'
      if (!sameDigest(String(row.delete_token_hash), deleteTokenHash)) return 'forbidden'
      if (row.deleted_ms !== null) return 'gone'
      await c.query('UPDATE srv_shares SET content = NULL, deleted_ms = $1 WHERE id = $2', [now.getTime(), id])
      return Number(row.expires_ms) <= now.getTime() ? 'gone' : 'deleted'
    })
  }

  async purgeShares(now: Date, forgetBefore: Date): Promise<number> {
    return this.#transaction('purgeShares', async (c) => {
      const dropped = (await c.query('UPDATE srv_shares SET content = NULL WHERE expires_ms <= $1 AND content IS NOT NULL', [now.getTime()])).rowCount ?? 0
      await c.query('DELETE FROM srv_shares WHERE expires_ms < $1 AND (deleted_ms IS NULL OR deleted_ms < $1)', [forgetBefore.getTime()])
      await c.query('DELETE FROM srv_share_budget WHERE day < $1', [now.toISOString().slice(0, 10)])
      return dropped
    })
  }
}

/** Something to query: the pool or one connection. */
type Queryable = Pick<pg.Pool, 'query'>

/** Bytes of the shares that are live at `atMs` (neither expired nor deleted). */
async function liveShareBytes(q: Queryable, atMs: number): Promise<number> {
  const rows = (await q.query('SELECT coalesce(sum(size), 0)::bigint AS n FROM srv_shares WHERE content IS NOT NULL AND deleted_ms IS NULL AND expires_ms > $1', [atMs])).rows as Row[]
  return Number(rows[0]?.n ?? 0)
}

/** Bytes a client uploaded on a UTC day (`YYYY-MM-DD`). */
async function clientBytes(q: Queryable, client: string, day: string): Promise<number> {
  const rows = (await q.query('SELECT bytes FROM srv_share_budget WHERE client = $1 AND day = $2', [client, day])).rows as Row[]
  return rows[0] === undefined ? 0 : Number(rows[0].bytes)
}
