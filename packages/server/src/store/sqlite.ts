/**
 * The server's tables in the SQLite file the issuer store uses (a second connection to it:
 * WAL, a busy timeout, writes in `BEGIN IMMEDIATE`).
 * @packageDocumentation
 */
import type Database from 'better-sqlite3'
import { Ob3Error } from '@ob3/core'
import { openSqliteDatabase, sqliteError } from '@ob3/issuer/node'
import { SERVER_BOOTSTRAP, SERVER_MIGRATIONS } from './migrations.js'
import { drainBucket, refillBucket } from '../lib/rate-limit.js'
import { checkTakes, epochMs, refuseNewer, sameDigest, toAccessToken, toApiKey, toTenant, type Row } from './rows.js'
import type { RateLimit } from '../lib/rate-limit.js'
import type { AccessTokenLookup, AccessTokenRecord, ApiKeyRecord, RateLevel, RateTake, ServerStore, ShareDeletion, ShareLookup, SharePut, ShareQuota, ShareRecord, ShareUsage, TenantRecord } from './types.js'

/**
 * Open the server's tables in a SQLite file that the issuer store has opened already (so it is
 * an ob3 store), and migrate them.
 * @throws Ob3Error `ERR_OB3_STORE_UNAVAILABLE`, `ERR_OB3_STORE_MIGRATION`
 * @example `const store = await openSqliteServerStore({ path: './ob3.db' })`
 */
export async function openSqliteServerStore(options: { path: string; now?: () => Date }): Promise<ServerStore> {
  // The issuer store's opening: the same checks (an ob3 store, not damaged) and pragmas.
  const db = openSqliteDatabase(options.path)
  const store = new SqliteServerStore(db, options.now ?? (() => new Date()))
  try {
    await store.migrate()
  } catch (err) {
    db.close()
    throw err
  }
  return store
}

/**
 * The issuer store's mapping of SQLite errors, except that a database that cannot be written
 * (`SQLITE_READONLY…`: a read-only file, an unusable -shm or -wal) says so; anything else is the
 * database failing.
 */
function storeError(err: unknown, action: string): unknown {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return new Ob3Error('ERR_OB3_STORE_READ_ONLY', `${action}: the database cannot be written (${code})`, { cause: err, details: { sqlite: code } })
  }
  const mapped = sqliteError(err, action)
  if (mapped instanceof Ob3Error || mapped instanceof TypeError) return mapped
  return new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `${action}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
}

class SqliteServerStore implements ServerStore {
  readonly kind = 'sqlite' as const
  #db: Database.Database | undefined
  readonly #now: () => Date

  constructor(db: Database.Database, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  async #run<T>(action: string, fn: (db: Database.Database) => T): Promise<T> {
    const db = this.#db
    if (db === undefined) throw new Ob3Error('ERR_OB3_STORE_CLOSED', `${action}: the store is closed`)
    try {
      return fn(db)
    } catch (err) {
      throw storeError(err, action)
    }
  }

  async migrate(): Promise<void> {
    await this.#run('migrate', (db) => {
      const apply = db.transaction(() => {
        db.exec(SERVER_BOOTSTRAP.sqlite)
        const current = (db.prepare('SELECT coalesce(max(version), 0) AS v FROM srv_migrations').get() as { v: number }).v
        refuseNewer(current)
        for (const m of SERVER_MIGRATIONS) {
          if (m.version <= current) continue
          try {
            for (const sql of m.sqlite) db.exec(sql)
          } catch (cause) {
            throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `server migration ${m.version} (${m.description}) failed`, { cause })
          }
          db.prepare('INSERT INTO srv_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(m.version, m.description, this.#now().toISOString())
        }
      })
      apply.immediate()
    })
  }

  async schemaVersion(): Promise<number> {
    return this.#run('schemaVersion', (db) => (db.prepare('SELECT coalesce(max(version), 0) AS v FROM srv_migrations').get() as { v: number }).v)
  }

  async close(): Promise<void> {
    const db = this.#db
    this.#db = undefined
    db?.close()
  }

  async createTenant(t: TenantRecord): Promise<void> {
    await this.#run('createTenant', (db) => {
      db.prepare('INSERT INTO srv_tenants (id, name, issuer_id, did_method, signing_key, suspension, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(t.id, t.name, t.issuerId, t.didMethod, t.signingKey, t.suspension ? 1 : 0, t.createdAt)
    })
  }

  async getTenant(id: string): Promise<TenantRecord | undefined> {
    return this.#run('getTenant', (db) => {
      const row = db.prepare('SELECT * FROM srv_tenants WHERE id = ?').get(id) as Row | undefined
      return row === undefined ? undefined : toTenant(row)
    })
  }

  async listTenants(): Promise<TenantRecord[]> {
    return this.#run('listTenants', (db) => (db.prepare('SELECT * FROM srv_tenants ORDER BY id').all() as Row[]).map(toTenant))
  }

  async createApiKey(k: ApiKeyRecord): Promise<void> {
    await this.#run('createApiKey', (db) => {
      db.prepare('INSERT INTO srv_api_keys (id, tenant_id, token_hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(k.id, k.tenantId, k.tokenHash, k.label, k.createdAt, k.revokedAt ?? null)
    })
  }

  async findApiKey(tokenHash: string): Promise<ApiKeyRecord | undefined> {
    return this.#run('findApiKey', (db) => {
      const row = db.prepare('SELECT * FROM srv_api_keys WHERE token_hash = ? AND revoked_at IS NULL').get(tokenHash) as Row | undefined
      return row === undefined ? undefined : toApiKey(row)
    })
  }

  async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    return this.#run('listApiKeys', (db) => (db.prepare('SELECT * FROM srv_api_keys WHERE tenant_id = ? ORDER BY created_at, id').all(tenantId) as Row[]).map(toApiKey))
  }

  async revokeApiKey(tenantId: string, id: string, at: string): Promise<boolean> {
    return this.#run('revokeApiKey', (db) =>
      db.prepare('UPDATE srv_api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL').run(at, tenantId, id).changes > 0)
  }

  async findApiKeyById(id: string): Promise<ApiKeyRecord | undefined> {
    return this.#run('findApiKeyById', (db) => {
      const row = db.prepare('SELECT * FROM srv_api_keys WHERE id = ? AND revoked_at IS NULL').get(id) as Row | undefined
      return row === undefined ? undefined : toApiKey(row)
    })
  }

  async createAccessToken(t: AccessTokenRecord): Promise<void> {
    await this.#run('createAccessToken', (db) => {
      db.prepare('INSERT INTO srv_access_tokens (token_hash, api_key_id, scope, created_at, expires_at, expires_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(t.tokenHash, t.apiKeyId, t.scope, t.createdAt, t.expiresAt, epochMs(t.expiresAt))
    })
  }

  async findAccessToken(tokenHash: string, now: Date): Promise<AccessTokenLookup | undefined> {
    return this.#run('findAccessToken', (db) => {
      const row = db.prepare(`SELECT k.*, t.scope AS token_scope, t.expires_at AS token_expires_at FROM srv_access_tokens t
        JOIN srv_api_keys k ON k.id = t.api_key_id
        WHERE t.token_hash = ? AND t.expires_ms > ? AND k.revoked_at IS NULL`).get(tokenHash, now.getTime()) as Row | undefined
      return row === undefined ? undefined : toAccessToken(row)
    })
  }

  async takeRateToken(bucket: string, rate: RateLimit, now: Date): Promise<number> {
    return this.#run('takeRateToken', (db) => db.transaction(() => {
      const t = now.getTime()
      const row = db.prepare('SELECT tokens, updated_ms FROM srv_rate_buckets WHERE bucket = ?').get(bucket) as Row | undefined
      const previous = row === undefined ? undefined : { tokens: Number(row.tokens), updatedMs: Number(row.updated_ms) }
      const { tokens, updatedMs, wait } = refillBucket(previous, rate, t)
      db.prepare('INSERT INTO srv_rate_buckets (bucket, tokens, updated_ms, allowed) VALUES (?, ?, ?, ?) ON CONFLICT (bucket) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms, allowed = excluded.allowed')
        .run(bucket, tokens, updatedMs, wait === 0 ? 1 : 0)
      return wait
    }).immediate())
  }

  async takeRateTokens(entries: readonly RateTake[], rate: RateLimit, now: Date): Promise<RateLevel[]> {
    checkTakes(entries)
    return this.#run('takeRateTokens', (db) => {
      const settle = db.transaction(() => {
        const t = now.getTime()
        const read = db.prepare('SELECT tokens, updated_ms FROM srv_rate_buckets WHERE bucket = ?')
        const write = db.prepare('INSERT INTO srv_rate_buckets (bucket, tokens, updated_ms, allowed) VALUES (?, ?, ?, ?) ON CONFLICT (bucket) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms, allowed = excluded.allowed')
        return entries.map(({ bucket, count }): RateLevel => {
          const row = read.get(bucket) as Row | undefined
          const level = drainBucket(row === undefined ? undefined : { tokens: Number(row.tokens), updatedMs: Number(row.updated_ms) }, rate, t, count)
          if (count > 0) write.run(bucket, level.tokens, level.updatedMs, level.tokens >= 0 ? 1 : 0)
          return { bucket, ...level }
        })
      })
      // Reads only need no write lock.
      return entries.some((e) => e.count > 0) ? settle.immediate() : settle()
    })
  }

  async purgeTokens(now: Date, idleBefore: Date): Promise<void> {
    await this.#run('purgeTokens', (db) => db.transaction(() => {
      db.prepare('DELETE FROM srv_access_tokens WHERE expires_ms <= ?').run(now.getTime())
      db.prepare('DELETE FROM srv_rate_buckets WHERE updated_ms < ?').run(idleBefore.getTime())
    }).immediate())
  }

  async putShare(s: ShareRecord, bytes: Uint8Array, quota: ShareQuota): Promise<SharePut> {
    return this.#run('putShare', (db) => db.transaction((): SharePut => {
      const at = epochMs(s.createdAt)
      const total = liveShareBytes(db, at)
      if (total + s.size > quota.totalBytes) return { stored: false, over: 'total', used: total, limit: quota.totalBytes }
      const day = s.createdAt.slice(0, 10)
      const today = clientBytes(db, quota.client, day)
      if (today + s.size > quota.clientBytesPerDay) return { stored: false, over: 'client', used: today, limit: quota.clientBytesPerDay }
      db.prepare('INSERT INTO srv_shares (id, delete_token_hash, content, size, created_at, expires_at, expires_ms, deleted_ms) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)')
        .run(s.id, s.deleteTokenHash, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), s.size, s.createdAt, s.expiresAt, epochMs(s.expiresAt))
      db.prepare('INSERT INTO srv_share_budget (client, day, bytes) VALUES (?, ?, ?) ON CONFLICT (client, day) DO UPDATE SET bytes = bytes + excluded.bytes')
        .run(quota.client, day, s.size)
      return { stored: true }
    }).immediate())
  }

  async shareUsage(client: string, now: Date): Promise<ShareUsage> {
    return this.#run('shareUsage', (db) => ({
      totalBytes: liveShareBytes(db, now.getTime()),
      clientBytesToday: clientBytes(db, client, now.toISOString().slice(0, 10)),
    }))
  }

  async probeWrite(now: Date): Promise<void> {
    await this.#run('probeWrite', (db) => db.transaction(() => {
      db.prepare('INSERT INTO srv_health (id, checked_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_ms = excluded.checked_ms').run(now.getTime())
    }).immediate())
  }

  async getShare(id: string, now: Date): Promise<ShareLookup> {
    return this.#run('getShare', (db) => {
      const row = db.prepare('SELECT content, expires_at, expires_ms, deleted_ms FROM srv_shares WHERE id = ?').get(id) as Row | undefined
      if (row === undefined) return { state: 'missing' as const }
      if (row.deleted_ms !== null || (row.expires_ms as number) <= now.getTime() || row.content === null) return { state: 'gone' as const }
      const content = row.content as Buffer
      return { state: 'ok' as const, bytes: new Uint8Array(content.buffer, content.byteOffset, content.byteLength), expiresAt: String(row.expires_at) }
    })
  }

  async deleteShare(id: string, deleteTokenHash: string, now: Date): Promise<ShareDeletion> {
    return this.#run('deleteShare', (db) => db.transaction((): ShareDeletion => {
      const row = db.prepare('SELECT delete_token_hash, deleted_ms, expires_ms FROM srv_shares WHERE id = ?').get(id) as Row | undefined
      if (row === undefined) return 'missing'
      if (!sameDigest(String(row.delete_token_hash), deleteTokenHash)) return 'forbidden'
      if (row.deleted_ms !== null) return 'gone'
      db.prepare('UPDATE srv_shares SET content = NULL, deleted_ms = ? WHERE id = ?').run(now.getTime(), id)
      return (row.expires_ms as number) <= now.getTime() ? 'gone' : 'deleted'
    }).immediate())
  }

  async purgeShares(now: Date, forgetBefore: Date): Promise<number> {
    return this.#run('purgeShares', (db) => db.transaction(() => {
      const dropped = db.prepare('UPDATE srv_shares SET content = NULL WHERE expires_ms <= ? AND content IS NOT NULL').run(now.getTime()).changes
      db.prepare('DELETE FROM srv_shares WHERE expires_ms < ? AND (deleted_ms IS NULL OR deleted_ms < ?)').run(forgetBefore.getTime(), forgetBefore.getTime())
      db.prepare('DELETE FROM srv_share_budget WHERE day < ?').run(now.toISOString().slice(0, 10))
      return dropped
    }).immediate())
  }
}

/** Bytes of the shares that are live at `atMs` (neither expired nor deleted). */
function liveShareBytes(db: Database.Database, atMs: number): number {
  return Number((db.prepare('SELECT coalesce(sum(size), 0) AS n FROM srv_shares WHERE content IS NOT NULL AND deleted_ms IS NULL AND expires_ms > ?').get(atMs) as Row).n)
}

/** Bytes a client uploaded on a UTC day (`YYYY-MM-DD`). */
function clientBytes(db: Database.Database, client: string, day: string): number {
  const row = db.prepare('SELECT bytes FROM srv_share_budget WHERE client = ? AND day = ?').get(client, day) as Row | undefined
  return row === undefined ? 0 : Number(row.bytes)
}
