/**
 * Internal: the PostgreSQL store's migrations (serialised across processes by an advisory lock)
 * and the mapping of PostgreSQL errors to coded errors.
 * @packageDocumentation
 */
import type pg from 'pg'
import { Ob3Error } from '@ob3/core'
import { BOOTSTRAP, LATEST_SCHEMA_VERSION, MIGRATIONS, STORE_FORMAT, STORE_TABLES } from './migrations.js'

/** Advisory lock classes (first key of `pg_advisory_xact_lock(int, int)`); the second is a hash. */
export const LOCK_CLASS = { migrate: 0x0b3a, audit: 0x0b3b } as const

/** A schema name the store accepts: a lower-case SQL identifier that needs no quoting. */
export function checkSchemaName(schema: unknown): string {
  if (typeof schema !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError('options.schema must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters)')
  }
  return schema
}

/** The schema version in place in `schema`: the highest applied migration, 0 when there is none. */
export async function postgresSchemaVersion(client: pg.ClientBase, schema: string): Promise<number> {
  const table = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`"${schema}".ob3_migrations`])
  if (table.rows[0]?.t == null) return 0
  const { rows } = await client.query<{ v: number }>(`SELECT coalesce(max(version), 0) AS v FROM "${schema}".ob3_migrations`)
  return Number(rows[0]?.v ?? 0)
}

function refuseNewer(version: number): void {
  if (version > LATEST_SCHEMA_VERSION) {
    throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `the store's schema (v${version}) is newer than this ob3 knows (v${LATEST_SCHEMA_VERSION}); upgrade ob3`, {
      details: { version, latest: LATEST_SCHEMA_VERSION },
    })
  }
}

/**
 * Bring `schema` up to date in one transaction that first takes a transaction-scoped advisory
 * lock on the schema's name: instances migrating at once queue on it, and each one reads the
 * version only once it holds the lock, so every migration is applied exactly once. DDL is
 * transactional in PostgreSQL, so a failed migration leaves nothing behind.
 */
export async function migratePostgres(client: pg.ClientBase, schema: string, now: () => Date): Promise<void> {
  const before = await postgresSchemaVersion(client, schema)
  refuseNewer(before)
  if (before === LATEST_SCHEMA_VERSION) return
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.migrate, schema])
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`)
    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
      [schema],
    )
    const names = new Set(tables.rows.map((r) => r.name))
    if (!names.has('ob3_meta') && STORE_TABLES.some((t) => names.has(t))) {
      throw new Ob3Error('ERR_OB3_STORE_FOREIGN', `schema ${schema} holds tables of another application with the names ob3 uses; it was left untouched`, {
        details: { schema, tables: STORE_TABLES.filter((t) => names.has(t)) },
      })
    }
    for (const sql of BOOTSTRAP.postgres) await client.query(sql)
    await client.query('INSERT INTO ob3_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [STORE_FORMAT.key, STORE_FORMAT.value])
    const format = await client.query<{ value: string }>('SELECT value FROM ob3_meta WHERE key = $1', [STORE_FORMAT.key])
    if (format.rows[0]?.value !== STORE_FORMAT.value) {
      throw new Ob3Error('ERR_OB3_STORE_FOREIGN', `schema ${schema} holds a ${String(format.rows[0]?.value)}, not an ob3 issuer store`)
    }
    const current = await postgresSchemaVersion(client, schema)
    refuseNewer(current)
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue
      try {
        for (const sql of migration.postgres) await client.query(sql)
      } catch (cause) {
        throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `migration ${migration.version} (${migration.description}) failed`, { cause, details: { version: migration.version } })
      }
      await client.query('INSERT INTO ob3_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.description, now().toISOString()])
    }
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  }
}

/**
 * The coded error for what `pg` threw. `Ob3Error` and `TypeError` pass through; everything else
 * is a database that cannot be reached or cannot do it: `ERR_OB3_STORE_UNAVAILABLE`.
 */
export function postgresError(err: unknown, action: string): unknown {
  if (err instanceof Ob3Error || err instanceof TypeError) return err
  const code = String((err as { code?: unknown } | null)?.code ?? '')
  const message = err instanceof Error ? err.message : String(err)
  const details = { sqlstate: code }
  if (code === '23505') return new Ob3Error('ERR_OB3_STORE_CONFLICT', `${action}: ${message}`, { cause: err, details })
  if (code === '23503') return new Ob3Error('ERR_OB3_STORE_REFERENCE', `${action}: a record it refers to does not exist`, { cause: err, details })
  if (code.startsWith('22') || code.startsWith('23')) return new TypeError(`${action}: the store refused the record (${message})`, { cause: err })
  if (code === '42P01') return new Ob3Error('ERR_OB3_STORE_MIGRATION', `${action}: the store's tables are missing (${message})`, { cause: err, details })
  if (code === 'XX001' || code === 'XX002') return new Ob3Error('ERR_OB3_STORE_CORRUPT', `${action}: ${message}`, { cause: err, details })
  return new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `${action}: ${message}`, { cause: err, details })
}
